"""Result snippets: a short window of the text around the first matched word,
HTML-escaped, with matched words wrapped in <mark>."""

from __future__ import annotations

import re
from html import escape as _escape

from django.utils.safestring import SafeString, mark_safe

from .. import analysis

_WORD = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
MAX_SCANNED_WORDS = 3000


def escape(text: str) -> str:
    # The standard library's escape: Django's adds a lazy-string wrapper per
    # call, which cost more than the rest of a snippet (about 45 calls each,
    # 20 snippets a page). Same characters escaped: & < > " '.
    return _escape(text, quote=True)


def _window(text: str, terms: set[str], max_words: int, memo: dict) -> tuple[SafeString, bool]:
    """(snippet, matched) for one text."""
    matches = []
    first = None
    for i, m in enumerate(_WORD.finditer(text)):
        if i >= MAX_SCANNED_WORDS and first is None:
            break
        matches.append(m)
        word = m.group()
        if word not in memo:
            memo[word] = not terms.isdisjoint(analysis.word_terms(word))
        if first is None and memo[word]:
            first = i
        if first is not None and i >= first + max_words:
            break
    if not matches:
        return mark_safe(escape(text[:200])), False
    start = max(0, (first or 0) - 6)
    end = min(len(matches), start + max_words)
    out = ["… "] if start > 0 else []
    pos = matches[start].start()
    for m in matches[start:end]:
        out.append(escape(text[pos:m.start()]))
        word = m.group()
        out.append(f"<mark>{escape(word)}</mark>" if memo.get(word) else escape(word))
        pos = m.end()
    tail = text[pos:pos + 1]
    if tail in (".", "?", "!", ")"):
        out.append(escape(tail))
    if _WORD.search(text, pos):
        out.append(" …")
    return mark_safe("".join(out)), first is not None


def make_snippet(texts: list[str], terms: set[str], *, max_words: int = 30) -> SafeString:
    """The first of `texts` (summary, then body) that contains a matched word;
    the first non-empty one, unmarked, when none does."""
    memo: dict[str, bool] = {}
    fallback = None
    for text in texts:
        if not text or not text.strip():
            continue
        snippet, matched = _window(text, terms, max_words, memo)
        if matched:
            return snippet
        if fallback is None:
            fallback = snippet
    return fallback if fallback is not None else mark_safe("")
