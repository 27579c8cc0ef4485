"""Sub-words in the search index (搜索分词): 工资 finds a case about 拖欠工资.

mkdocs-material's search (lunr) matches a query against whole words, and jieba keeps compounds whole
(拖欠工资, 月工资, 农民工): a worker typing 工资 missed them. After MkDocs has written the index, the *text* of
every section is cut again, each compound into the shorter dictionary words that cover it (jieba's search
mode: 拖欠工资 → 拖欠 + 工资); *titles* keep the compounds, so a query of the whole compound still finds the
case by its title. The words are joined by zero-width spaces, which the reader never sees. Public names that
must stay whole (leaders, units, the union, the domain words of ``build.DOMAIN_WORDS``) are left as they are.
Pagefind would segment both index and query alike (bench/RESULTS.md); this is the cheap half of that.
"""

from __future__ import annotations

from typing import Callable, Iterable

ZWSP = "\u200b"


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def split_compound(word: str, cut_for_search: Callable[[str], Iterable[str]]) -> list[str]:
    """A compound as the shorter words that cover it, left to right, longest first (拖欠工资 → 拖欠, 工资;
    农民工 → 农民, 工); the word itself when no shorter dictionary word starts it."""
    parts = {w for w in cut_for_search(word) if 1 < len(w) < len(word)}
    if not parts:
        return [word]
    out, i = [], 0
    while i < len(word):
        match = next((word[i:j] for j in range(len(word), i + 1, -1) if word[i:j] in parts), word[i])
        out.append(match)
        i += len(match)
    return out


def refine_text(text: str, keep: frozenset[str], cut_for_search: Callable[[str], Iterable[str]]) -> str:
    """Section text as MkDocs wrote it (jieba words joined by ZWSP) with its Han compounds split."""
    words: list[str] = []
    for word in text.split(ZWSP):
        if len(word) >= 3 and word not in keep and _han(word):
            words.extend(split_compound(word, cut_for_search))
        else:
            words.append(word)
    return ZWSP.join(words)


def refine_index(docs: Iterable[dict], keep: Iterable[str]) -> None:
    """Split the compounds of every section's text in place (titles untouched)."""
    import jieba

    kept = frozenset(keep)
    for doc in docs:
        if doc.get("text"):
            doc["text"] = refine_text(doc["text"], kept, jieba.lcut_for_search)
