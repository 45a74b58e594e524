"""FTS5's bm25 as the SQLite backend scores with it: in SQL (FIELD_SCORE, for
full-text queries) and in Python (`Document.value`, for candidates read from
the stored text, backends/sqlite_top_lists.py), which must agree to the last
digits (test_top_lists checks it); with the tables and index both read.
"""

from __future__ import annotations

import math

from .base import BODY_WEIGHT, DOCUMENT_TABLE, SUMMARY_WEIGHT, TITLE_WEIGHT

FTS_TABLE = "search_fts"
# Ranking, counts and facets read a document's boosts, filter and facet
# columns through this covering index (migration 0008), never its wide row.
RANKING_INDEX = "search_document_ranking"
DOCUMENTS = f"{DOCUMENT_TABLE} d INDEXED BY {RANKING_INDEX}"

# bm25() applies column weights to term frequencies before saturating them
# (k1 = 1.2), which all but erases them: a word once in the title scores
# barely more than twice in the body. So each field is scored on its own and
# the field scores are weighted: title 10, summary 4, body 1.
FIELD_SCORE = (
    f"({TITLE_WEIGHT} * -bm25({FTS_TABLE}, 1.0, 0.0, 0.0)"
    f" + {SUMMARY_WEIGHT} * -bm25({FTS_TABLE}, 0.0, 1.0, 0.0)"
    f" + {BODY_WEIGHT} * -bm25({FTS_TABLE}, 0.0, 0.0, 1.0))"
)
WEIGHTS = (TITLE_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT)
# FTS5's bm25 constants.
K1 = 1.2
B = 0.75


def phrase(terms) -> str:
    """An FTS5 phrase. Analysed terms never contain a double quote; quoting
    makes FTS5 read each one literally (no operators, no column names)."""
    return '"' + " ".join(terms) + '"'


def varints(blob: bytes) -> list[int]:
    """SQLite varints, as FTS5 stores its row count and sizes."""
    values, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            values.append(value)
            value = 0
    return values


def statistics(cursor) -> tuple[int, float]:
    """(rows, average row length in tokens), as FTS5's bm25 reads them."""
    cursor.execute(f"SELECT block FROM {FTS_TABLE}_data WHERE id = 1")
    row = cursor.fetchone()
    values = varints(bytes(row[0])) if row and row[0] else []
    if not values or not values[0]:
        return 0, 1.0
    return values[0], sum(values[1:]) / values[0]


def idf(rows: int, hits: int) -> float:
    """FTS5's idf, floored at 1e-6 as FTS5 floors it."""
    value = math.log((rows - hits + 0.5) / (hits + 0.5)) if rows else 0.0
    return value if value > 0 else 1e-6


def by_group(alternatives) -> dict[int, list[tuple[str, ...]]]:
    """{group index: its distinct alternatives} of [(group index, alternative)]:
    the shape a relevance sums over (each group's best alternative)."""
    groups: dict[int, list[tuple[str, ...]]] = {}
    for index, alt in alternatives:
        groups.setdefault(index, [])
        if alt not in groups[index]:
            groups[index].append(alt)
    return groups


def needle(phrase: tuple[str, ...]) -> str:
    return " " + "  ".join(phrase) + " "


class Document:
    """A document's fields, ready for counting phrases, and its length in tokens.

    The index holds analysed text: tokens of letters and digits (codes such
    as 76/2020 keep "/" and "."), one space apart, exactly the tokens FTS5's
    unicode61 tokenizer finds in it (test_top_lists checks the scores
    against FTS5's bm25). Spaces doubled and padded, " a  b " finds the
    phrase "a b" with str.count and never a token inside another."""

    __slots__ = ("fields", "length")

    def __init__(self, texts, length: int | None = None):
        self.fields = [" " + (text or "").replace(" ", "  ") + " " for text in texts]
        self.length = sum(len((text or "").split()) for text in texts) if length is None else length

    def count(self, field: int, phrase: tuple[str, ...], text_needle: str) -> int:
        text = self.fields[field]
        if len(phrase) == 1 or len(set(phrase)) == len(phrase):
            return text.count(text_needle)
        # A phrase repeating a word can overlap itself ("a a" twice in "a a a").
        step = len(phrase[0]) + 2  # from one token's leading space to the next one's
        found, start = 0, text.find(text_needle)
        while start >= 0:
            found += 1
            start = text.find(text_needle, start + step)
        return found

    def counts(self, phrase: tuple[str, ...], text_needle: str) -> list[int]:
        """The phrase's frequency in each field: title, summary, body."""
        return [self.count(field, phrase, text_needle) for field in range(len(WEIGHTS))]

    def value(self, phrase: tuple[str, ...], avgdl: float, text_needle: str | None = None) -> float:
        """Σ over fields of weight × bm25's term-frequency part: the score
        without idf and boost."""
        text_needle = text_needle or needle(phrase)
        norm = K1 * (1 - B + B * self.length / avgdl)
        total = 0.0
        for field, weight in enumerate(WEIGHTS):
            tf = self.count(field, phrase, text_needle)
            if tf:
                total += weight * tf * (K1 + 1) / (tf + norm)
        return total
