"""The built site's files for phones in China (issue 18), checked without a browser: addresses, calendar,
contrast, precompressed files. The browser side is tests/test_phone.py."""

from __future__ import annotations

import pytest

from generator.site.pages import tel_href


@pytest.mark.parametrize(("written", "dialled"), [
    ("010-68590000", "01068590000"), ("12351 转 2", "12351,2"), ("+86 10 6859 0000", "+861068590000"),
    ("（010）68590000 分机 301", "01068590000,301"), ("12351", "12351")])
def test_a_hotline_becomes_the_number_a_phone_dials(written: str, dialled: str):
    assert tel_href(written) == dialled
