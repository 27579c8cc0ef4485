"""Personal names nobody listed (未登记的人名): a hint for the editor, never the guard.

The guard knows the petitioners' names. A public text can also name a private person nobody recorded: a
worker's colleague, a foreman, a witness. jieba's part-of-speech tagger marks person names (``nr``); a word it
marks that is not the name of a leader, a unit or the union, and not already anonymised (张某, 某某), becomes a
warning that suggests the 某 form. The tagger is a statistical guess: it mistakes ordinary words for names
(高峰, 黎明) and misses names, so this is a warning to read, not a refusal; its false-positive rate on the demo
data is given in docs/ARCHITECTURE.md.

Tagging costs about a millisecond a text, so results are cached by the SHA-256 of the text in
``.xinfang-cache/names.json`` (outside the site), signed with the user's cache key and stamped with the tool's
digest (``cache.sign``, ``cache.tool_digest``): a file that cannot be read, is not this user's, or was made by
another version is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..cache import sign, tool_digest, verified
from ..output import write_cache
from .perceive import letters

CACHE_VERSION = 3  # 3: blocks (b:<digest>) beside texts


@cache
def _tagger() -> Any:
    """jieba's part-of-speech tagger over the privacy checks' own tokenizer (its dictionary is loaded once).

    Importing ``jieba.posseg`` already reads the default dictionary's word tags (~1 s) for its module tagger;
    ours uses the same dictionary (``secrets.tokenizer`` is a ``jieba.Tokenizer()`` on the default one), so it
    takes a copy of that table instead of reading the file a second time."""
    import jieba
    import jieba.posseg

    from .secrets import tokenizer

    private = tokenizer()
    if private.dictionary != jieba.DEFAULT_DICT or jieba.posseg.dt.tokenizer.dictionary != jieba.DEFAULT_DICT:
        return jieba.posseg.POSTokenizer(private)
    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = private
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tagger


# The hundred commonest surnames (公安部户籍统计): a tagged "name" that starts otherwise (养老, 克扣, 终审) is a
# word the tagger got wrong far more often than a name.
SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
               "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


def tag(text: str) -> list[tuple[int, str]]:
    """(offset, word) of every word the tagger takes for a person's name: two or three Han characters, a common
    surname first, not an ordinary word of the dictionary, not already anonymised."""
    return [(at + offset, word) for at, block in blocks(text) for offset, word in tag_block(block)]


_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&._]+")
"""jieba's own split of a text (``jieba.posseg.re_han_internal``): it tags each such block on its own, so the
names of a text are the names of its blocks."""


def blocks(text: str) -> list[tuple[int, str]]:
    """(offset, block) of the blocks jieba tags, those that can hold a name: with a common surname in them."""
    return [(m.start(), m.group()) for m in _BLOCK.finditer(text) if not SURNAMES.isdisjoint(m.group())]


def tag_block(block: str) -> list[tuple[int, str]]:
    """``tag`` of one block."""
    from .secrets import _common_words

    common = _common_words()
    found, at = [], 0
    for pair in _tagger().cut(block):
        word, flag = pair.word, pair.flag
        if (flag == "nr" and 2 <= len(word) <= 3 and word[0] in SURNAMES and "某" not in word
                and word not in common and all("\u4e00" <= c <= "\u9fff" for c in word)):
            found.append((at, word))
        at += len(word)
    return found


class NameCache:
    """Tagger results by text digest, read once and written back when something was added."""

    def __init__(self, folder: Path | None) -> None:
        self.file = folder / "names.json" if folder else None
        self._known: dict[str, list[list[Any]]] | None = None
        self.added: dict[str, list[list[Any]]] = {}
        """Texts tagged since the caller last emptied it (a worker process sends them back: ``learn``)."""
        self.dirty = False

    @property
    def known(self) -> dict[str, list[list[Any]]]:
        """Every text tagged so far, read from the file on first need: a process that only passes on what others
        tagged (validation's, when nothing new was tagged) never reads it."""
        if self._known is None:
            self._known = self._read()
        return self._known

    def _read(self) -> dict[str, list[list[Any]]]:
        if not (self.file and self.file.is_file()):
            return {}
        try:
            # signed by this user (a committed names.json could otherwise silence the hint for a text) and
            # made by this very tool (jieba's dictionary and our filters decide the answer)
            payload = verified(self.file.read_bytes())
            data = json.loads(payload) if payload is not None else {}
            if (data.get("version") == CACHE_VERSION and data.get("tool") == tool_digest()
                    and isinstance(data.get("texts"), dict)):
                return data["texts"]
        except (OSError, ValueError, AttributeError):
            pass  # a broken or foreign cache costs time, never a wrong answer
        return {}

    def names(self, text: str) -> list[tuple[int, str]]:
        """``tag(text)``, from the cache: by the text's digest, else block by block (an edited text keeps most of
        its blocks; a block without a surname needs no tagger: the tagger is loaded only for a new block with one)."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key not in self.known:
            found = []
            for at, block in blocks(text):
                block_key = "b:" + hashlib.sha256(block.encode("utf-8")).hexdigest()
                if block_key not in self.known:
                    self.known[block_key] = self.added[block_key] = [list(x) for x in tag_block(block)]
                found += [[at + offset, word] for offset, word in self.known[block_key]]
            self.known[key] = self.added[key] = found
            self.dirty = True
        return [(int(at), str(word)) for at, word in self.known[key]]

    def learn(self, tagged: dict[str, list[list[Any]]]) -> None:
        """Keep what another process tagged (validation's workers)."""
        if tagged:
            self.known.update(tagged)
            self.dirty = True

    def save(self) -> None:
        if self.file and self.dirty:
            signed = sign(json.dumps({"version": CACHE_VERSION, "tool": tool_digest(), "texts": self.known},
                                     ensure_ascii=False).encode("utf-8"))
            if signed is not None:
                write_cache(self.file.parent, self.file.name, signed)


def unlisted_names(texts: Iterable[tuple[Any, str]], public_names: Iterable[str], cache: NameCache,
                   secrets: set[str], covered: set[str] | None = None) -> Iterator[tuple[Any, int, str]]:
    """(key, offset, word) of every tagged name that no public name contains and no secret already covers
    (``covered``: ``covered_by(secrets)`` when the caller asks record by record)."""
    known = _letters_of(tuple(public_names))
    covered = covered_by(secrets) if covered is None else covered
    for key, text in texts:
        for at, word in cache.names(text):
            if word in covered or any(word in name for name in known):
                continue
            yield key, at, word


@lru_cache(maxsize=4)
def _letters_of(public_names: tuple[str, ...]) -> list[str]:
    """The public names as ``letters`` sees them: computed once a check, not once a record (10,000 × 40 names)."""
    return [letters(n) for n in public_names if n]


def covered_by(secrets: set[str]) -> set[str]:
    """The secrets and their first two and three characters: words reported already as a secret."""
    return {value[:n] for value in secrets for n in (2, 3)} | secrets
