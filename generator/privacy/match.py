"""Finding secrets in a text (查找): every form of every secret, and numbers shaped like a phone or an ID.

``Matcher(secrets).find(text)`` perceives the text once (``perceive``), then searches three views:

- the ``letters`` view for names, employers, addresses, codes and internal texts, all at once
  (Aho-Corasick over the first ``ANCHOR`` characters of each value, then a comparison of the whole value);
- the perceived text for known numbers and for the shapes of a mobile number (1[3-9] + 9 digits) and of an
  ID number whose GB 11643 check digit is valid (python-stdnum's ``cn.ric``), whoever they belong to;
- its Latin words for names in pinyin, as whole words (``Li Cejia``, ``licejia``, ``Cejia LI``).

Hits come back with the offset of their first character in the *source* text, worked out only when there is
a hit (``perceive_mapped``), so a message can name the exact line and column.

Almost every text holds nothing, so two first tests, which may only ever send a text on to the full search,
answer most of them: ``Matcher.quiet`` for a built page (block by block, each distinct block once a run) and
``Matcher.quiet_many`` for a record's public texts (all at once). tests/test_privacy_blocks.py and the data
checks' tests compare them with the full search.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Iterable, Iterator

from .perceive import SEP, join_digits, join_digits_mapped, letters, letters_mapped, perceive, perceive_many, perceive_mapped
from .secrets import Secret

try:  # Aho-Corasick in C: every secret of 10,000 cases searched in one pass over each text
    import ahocorasick
except ImportError:  # pragma: no cover - a plain scan gives the same answers, slower
    ahocorasick = None

ANCHOR = 8

BLOCKWISE_FROM = 4096
"""Texts from this length (built pages, search chunks) are first judged block by block (``Matcher.quiet``)."""
_CUT = re.compile(r"<(?=/?(?:style|svg|script|header|footer|nav|main|article|head|body|div|ul|li|a|p|h[1-6]"
                  r"|span|label|input|table|tr|td|th|time|section|meta|link|title)\b)")
"""Where ``Matcher.quiet`` cuts a text: before a ``<`` that opens or closes a common tag. Any ``<`` would do for
the answer (see ``quiet``); these give blocks that repeat from page to page."""


def _ends(view: str) -> tuple[str, str]:
    """The first and the last ``ANCHOR - 1`` characters of a view (the whole view when shorter)."""
    return view[:ANCHOR - 1], view[-(ANCHOR - 1):] if view else ""


def blocks(text: str) -> list[str]:
    """``text`` cut before each ``_CUT``."""
    cuts = [0, *(m.start() for m in _CUT.finditer(text, 1)), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


@dataclass(frozen=True)
class Hit:
    """One occurrence: where it starts in the source text, what it is, and the secret it matches (None for a
    number that only has the shape of a phone or an ID)."""

    offset: int
    value: str
    field: str
    secret: Secret | None


class Anchored:
    """Many literal values found in one pass: their first characters in an automaton, then a full compare."""

    def __init__(self, secrets: Iterable[Secret]) -> None:
        self.by_anchor: dict[str, list[Secret]] = {}
        for s in secrets:
            self.by_anchor.setdefault(s.value[:ANCHOR], []).append(s)
        self.automaton = None
        if ahocorasick is not None and self.by_anchor:
            self.automaton = ahocorasick.Automaton()
            for anchor in self.by_anchor:
                self.automaton.add_word(anchor, anchor)
            self.automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, Secret]]:
        if not self.by_anchor:
            return
        for start, anchor in self._anchors(text):
            for secret in self.by_anchor[anchor]:
                if text.startswith(secret.value, start):
                    yield start, secret

    def any(self, text: str) -> bool:
        """Whether some anchor occurs in ``text`` (a whole value need not follow it): a cheap first test."""
        return next(self._anchors(text), None) is not None

    def touches(self, text: str) -> bool:
        """Whether some value is in ``text``, or begins in it and may go on past its end (the text is one block
        of a longer one: ``Matcher.quiet``)."""
        for start, anchor in self._anchors(text):
            rest = text[start:]
            if any(rest.startswith(s.value) or s.value.startswith(rest) for s in self.by_anchor[anchor]):
                return True
        return False

    def _anchors(self, text: str) -> Iterator[tuple[int, str]]:
        if self.automaton is not None:
            for end, anchor in self.automaton.iter(text):
                yield end - len(anchor) + 1, anchor
        else:  # pragma: no cover
            for anchor in self.by_anchor:
                start = text.find(anchor)
                while start >= 0:
                    yield start, anchor
                    start = text.find(anchor, start + 1)


# In built files a number may be split only by single spaces or hyphens, and only after its first digits
# (``139 1234 5678``, ``110105 19491231 002X``): SVG paths and CSS are full of single digits apart.
# The "no digit before" test comes after the first digit (``1(?<![0-9]1)`` is ``(?<![0-9])1``): a pattern that
# begins with a character lets the regular-expression engine skip ahead to it instead of trying every position.
_MOBILE = r"1(?<![0-9]1)[3-9][0-9](?:{g}[0-9]){{8}}(?![0-9])"
_ID_NUMBER = r"[1-9](?<![0-9][1-9])[0-9]{{5}}(?:{g}[0-9]){{11}}{g}[0-9X](?![0-9A-Z])"


@cache
def _shape(template: str, gap: str) -> re.Pattern[str]:
    return re.compile(template.format(g=gap))


def _digits(found: str) -> str:
    return re.sub(r"[^0-9X]", "", found)


def _at(origin: list[int], at: int, text: str) -> int:
    return origin[at] if at < len(origin) else len(text)
_WORD_GAP = re.compile(r"[\s\-·.'’_]{0,2}")
_LATIN_WORD = re.compile(r"[a-z]+")
_LATIN_PAIR = re.compile(r"[a-z]{2}")
_TAG_NAMES = re.compile(r"</?[a-z][a-z0-9-]*|\b[a-z-]+=")  # a tag's name and its attributes' names


def id_number_valid(number: str) -> bool:
    """A mainland ID number with a real birth date and a valid GB 11643 check digit."""
    from stdnum.cn import ric

    return ric.is_valid(number)


class Matcher:
    """All secrets compiled once; ``find`` searches one text (a public field or a whole output file)."""

    def __init__(self, secrets: Iterable[Secret], prose: bool = True) -> None:
        """``prose``: the texts are public texts of the data, where a number's digits may stand apart by any
        separator; in built files (CSS, scripts, JSON) the shapes are sought only with single spaces or
        hyphens between digits, since ``.140625 2825`` there is no phone number."""
        secrets = list(secrets)
        self.prose = prose
        self.words = Anchored(s for s in secrets if not s.numeric and s.form != "pinyin")
        self.numbers = Anchored(s for s in secrets if s.numeric)
        self.pinyin = {s.value.replace(" ", ""): s for s in secrets if s.form == "pinyin"}
        # a cheap first test: a pinyin form somewhere in the letters view (word boundaries ignored); only then
        # are the Latin words of the text walked
        self.pinyin_anywhere = Anchored(replace(s, value=compact) for compact, s in self.pinyin.items())
        # a form's first word as it may be written: its first syllables, one to all of them (li, lice, licejia)
        self.pinyin_heads = {"".join(s.value.split()[:n]) for s in secrets if s.form == "pinyin"
                             for n in range(1, len(s.value.split()) + 1)}
        self.known_numbers = {s.value for s in secrets if s.numeric}
        self._blocks: dict[str, tuple[bool, tuple[str, str], tuple[str, str]]] = {}
        self._windows: set[str] = set()
        """Windows around cuts known to hold no anchor (``_seams_quiet``)."""

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, each with its offset in ``text``; sorted by place.

        A long text (a built page) is first asked ``quiet``: when it says nothing can be there, nothing is,
        and the full search below (which also places each hit) is not run."""
        if len(text) >= BLOCKWISE_FROM and self.quiet(text):
            return []
        return self.search(text)

    def quiet(self, text: str) -> bool:
        """Whether ``search(text)`` would surely find nothing, judged block by block (``blocks``).

        A built page is mostly what every page repeats (the inlined stylesheet, icons, navigation): each block
        is perceived and searched once per distinct content and the answer kept (``_blocks``). The text is cut
        only before a ``<`` that opens a tag, where no step of ``perceive`` and no search reaches across: no
        escape, digit run, separator, tag, Latin word or pinyin gap contains ``<``. The one view that does join
        across a cut is the ``letters`` view (it drops everything between two letters): the few letters on
        either side of every cut are searched again (``_seams_quiet``). Any anchor of a secret, known number,
        shape or pinyin form in a block or a seam, even one the full search would reject, answers False, so
        ``quiet`` can only send a text to the full search, never keep a hit from it."""
        plain: list[tuple[str, str]] = []
        markup: list[tuple[str, str]] = []
        for block in blocks(text):
            known = self._blocks.get(block)
            if known is None:
                known = self._blocks[block] = self._block(block)
            if known[0]:
                return False
            plain.append(known[1])
            markup.append(known[2])
        return self._seams_quiet(plain) and self._seams_quiet(markup)

    def _block(self, block: str) -> tuple[bool, tuple[str, str], tuple[str, str]]:
        """Whether the block may hold a hit, and the ends of its two ``letters`` views (``_ends``)."""
        seen = perceive(block, join=False)
        plain = letters(seen)
        markup = letters(seen, markup=True) if "<" in seen else plain
        joined = join_digits(seen).upper()
        found = (self.words.touches(plain) or (markup is not plain and self.words.touches(markup))
                 or any(self._known_numbers(joined))
                 or (self.prose and any(self._shapes(joined, "")))
                 or (not self.prose and any(self._shapes(seen.upper(), r"[ \-]?")))
                 or (bool(self.pinyin) and self.pinyin_anywhere.any(plain) and any(self._pinyin(seen.lower()))))
        return found, _ends(plain), _ends(markup)

    def _seams_quiet(self, ends: list[tuple[str, str]]) -> bool:
        """No anchor of a word secret across a cut: the ``ANCHOR - 1`` letters each side of each cut (a window;
        each distinct window is searched once a run), joined by a character no anchor holds."""
        width = ANCHOR - 1
        heads = [""] * (len(ends) + 1)
        for i in range(len(ends) - 1, 0, -1):
            head = ends[i][0]
            heads[i] = head if len(head) >= width else (head + heads[i + 1])[:width]
        tail, new = "", []
        for i in range(len(ends) - 1):
            end = ends[i][1]
            tail = end if len(end) >= width else (tail + end)[-width:]
            window = tail + heads[i + 1]
            if window not in self._windows:
                self._windows.add(window)
                new.append(window)
        if new and self.words.any("\n".join(new)):
            self._windows.difference_update(new)
            return False
        return True

    def quiet_many(self, texts: list[str]) -> bool:
        """Whether ``search`` would surely find nothing in any of ``texts`` (a record's public texts), judged on
        all of them at once: perceived in one pass (``perceive_many``) and searched joined by ``SEP``, which no
        view, value, number, shape or Latin word reaches across. Conservative like ``quiet``: any anchor of a
        secret, known number, shape or pinyin form answers False; the markup view is taken text by text (a tag
        opened in one text must not swallow the start of the next); tag names are not blanked for the pinyin
        (that only removes words)."""
        seens = perceive_many(texts, join=False)
        seen = SEP.join(seens)
        plain = letters(seen)
        if self.words.any(plain):
            return False
        if any("<" in s and ">" in s and self.words.any(letters(s, markup=True)) for s in seens):
            return False
        joined = join_digits(seen).upper()
        if any(self._known_numbers(joined)):
            return False
        if any(self._shapes(joined, "") if self.prose else self._shapes(seen.upper(), r"[ \-]?")):
            return False
        return not (self.pinyin and self.pinyin_anywhere.any(plain) and any(self._pinyin(seen.lower(), tags=False)))

    def search(self, text: str) -> list[Hit]:
        """The full search of ``find``: every view of the whole text, each hit placed in the source."""
        seen = perceive(text, join=False)
        joined = join_digits(seen).upper()
        in_letters = list(self.words.find(letters(seen)))
        has_markup = "<" in seen and ">" in seen
        in_markup = list(self.words.find(letters(seen, markup=True))) if has_markup else []
        in_joined = list(self._known_numbers(joined)) + (list(self._shapes(joined, "")) if self.prose else [])
        in_seen = ([] if self.prose else list(self._shapes(seen.upper(), r"[ \-]?")))
        if self.pinyin and any(True for _ in self.pinyin_anywhere.find(letters(seen))):
            in_seen += list(self._pinyin(seen.lower()))
        if not (in_letters or in_markup or in_joined or in_seen):
            return []
        perceived, origin = perceive_mapped(text, join=False)
        hits = [Hit(_at(origin, at, text), v, f, s) for at, v, f, s in in_seen]
        if in_joined:
            _, joined_origin = join_digits_mapped(perceived, origin)
            hits += [Hit(_at(joined_origin, at, text), v, f, s) for at, v, f, s in in_joined]
        for found, markup in ((in_letters, False), (in_markup, True)):
            if found:
                _, letter_origin = letters_mapped(perceived, origin, markup)
                hits += [Hit(_at(letter_origin, at, text), s.value, s.field, s) for at, s in found]
        return _longest(hits)

    def _known_numbers(self, joined: str) -> Iterator[tuple[int, str, str, Secret | None]]:
        for at, secret in self.numbers.find(joined):
            if secret.form != "local" or _whole_number(joined, at, len(secret.value)):
                yield at, secret.value, secret.field, secret

    def _shapes(self, text: str, gap: str) -> Iterator[tuple[int, str, str, Secret | None]]:
        """Numbers shaped like an ID number (with a valid check digit) or a mobile number, not known already."""
        ids = []
        for m in _shape(_ID_NUMBER, gap).finditer(text):
            digits = _digits(m.group())
            if digits in self.known_numbers or id_number_valid(digits):
                ids.append(m.span())  # its inner digits are no mobile number
            if digits not in self.known_numbers and id_number_valid(digits):
                yield m.start(), digits, "id_number", None
        for m in _shape(_MOBILE, gap).finditer(text):
            digits = _digits(m.group())
            inside_id = any(start <= m.start() < end for start, end in ids)
            if digits not in self.known_numbers and not inside_id:
                yield m.start(), digits, "phone", None

    def _pinyin(self, lower: str, tags: bool = True) -> Iterator[tuple[int, str, str, Secret | None]]:
        """Names in pinyin as whole words: up to four consecutive Latin words, joined by at most two separator
        characters (``Li Cejia``, ``li-ce-jia``, ``licejia``), that spell a pinyin form. ``tags=False``: tag and
        attribute names are words too (more hits, never fewer)."""
        if not self.pinyin or not _LATIN_PAIR.search(lower):
            return
        if tags and "<" in lower:  # tag and attribute names are no words a reader reads (an address inside is kept)
            lower = _TAG_NAMES.sub(lambda m: " " * len(m.group()), lower)
        heads = self.pinyin_heads
        starts = [i for i, word in enumerate(_LATIN_WORD.findall(lower)) if word in heads]
        if not starts:  # no Latin word begins a name: nothing to walk (the same words finditer yields)
            return
        found = list(_LATIN_WORD.finditer(lower))
        for i in starts:
            first = found[i]
            joined, end = first.group(), first.end()
            for nxt in [None, *found[i + 1:i + 4]]:
                if nxt is not None:
                    if nxt.start() - end > 2 or not _WORD_GAP.fullmatch(lower, end, nxt.start()):
                        break
                    joined, end = joined + nxt.group(), nxt.end()
                if joined in self.pinyin:
                    yield first.start(), joined, "name", self.pinyin[joined]


def _longest(hits: list[Hit]) -> list[Hit]:
    """One hit per place and recorded value: 测试精密机械有限公司 is not reported again as its core 测试精密机械."""
    best: dict[tuple, Hit] = {}
    for hit in hits:
        key = (hit.offset, hit.secret.path, hit.secret.pointer) if hit.secret else (hit.offset, hit.value)
        if key not in best or len(hit.value) > len(best[key].value):
            best[key] = hit
    return sorted(best.values(), key=lambda h: (h.offset, h.value))


def _whole_number(text: str, at: int, length: int) -> bool:
    before = text[at - 1] if at > 0 else ""
    after = text[at + length] if at + length < len(text) else ""
    return not before.isdigit() and not after.isdigit()
