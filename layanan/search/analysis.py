"""Indonesian text analysis for search: one pipeline, used the same way when a
document is indexed and when a query is read.

Pure functions; no Django models are imported here. The stemmer is chosen by
the ``LAYANAN_SEARCH_STEMMER`` setting or environment variable (``sastrawi``,
the default; ``snowball``; ``none``). docs/search.md explains the choice.

Pipeline
--------
1. ``normalize``: Unicode NFKC, case folding, accents folded (é → e), every
   dash variant → "-", whitespace collapsed.
2. ``tokenize``: words, numbers and codes. Rules that keep codes whole:

   * numbers with inner "/" or "." stay one token: ``76/2020``, ``51.71``,
     ``50.000`` (so ``PP 76/2020`` → ``pp``, ``76/2020``);
   * hyphenated forms with a short (≤ 2 characters) or numeric part are joined
     and their parts kept as well: ``e-KTP`` → ``ektp`` + ``ktp``,
     ``KTP-el`` → ``ktpel`` + ``ktp`` + ``el``, ``1721-A1`` → ``1721a1`` + parts;
     reduplications collapse (``buku-buku`` → ``buku``); other hyphenated words
     split (``bolak-balik`` → ``bolak``, ``balik``);
   * a lone ``e``/``m`` before a word is an e-government prefix:
     ``e KTP`` → ``ektp`` + ``ktp``;
   * a number of 3+ digits followed by a 1–2 character code:
     ``1770 SS`` → ``1770ss`` + ``1770`` + ``ss``;
   * a short word (2–4 letters) followed by a single letter or letter+digit:
     ``SIM C`` → ``simc`` + ``sim``; ``SIM B2`` → ``simb2`` + ``sim`` + ``b2``;
   * a vowel-less abbreviation followed by a number or code:
     ``PPh 21`` → ``pph21`` + ``pph`` + ``21``; ``SPT 1770 SS`` → ``spt1770ss`` + parts;
   * other single characters are dropped.

   ``tokenize`` returns every joined token followed by its parts.
3. Stopwords (``data/stopwords-id.txt``) are dropped; the list keeps words that
   tell services apart (baru, hilang, lama, cara, biaya, berapa, kapan…).
4. Stemming: tokens with digits or of ≤ 3 characters are kept as they are;
   ``data/stem_overrides.tsv`` fixes known stemmer mistakes; the rest goes
   through the stemmer behind an ``lru_cache``.

Queries additionally go through the editable dictionary (``analyze_query``):
colloquial forms are replaced by their standard form (gimana → bagaimana,
bikin → buat), then abbreviations and synonyms expand to every term of their
set (KTP ↔ kartu tanda penduduk ↔ e-KTP). The dictionary is applied at query
time only, so an edit takes effect without re-indexing.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# --- normalisation ----------------------------------------------------------

_CHAR_MAP = {
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'"),
    ord("\u00ad"): None,  # soft hyphen
    ord("\u200b"): None,  # zero-width space
}
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC, case-folded, accents folded, dashes unified, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text or "").translate(_CHAR_MAP).casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --- tokenisation -----------------------------------------------------------

# A chunk: letters/digits joined by inner "-", "/", "." or "'".
_CHUNK = re.compile(r"[^\W_]+(?:[-/.'][^\W_]+)*")
_NUMBER_WITH_SEPARATORS = re.compile(r"\d+(?:[./]\d+)+")
_VOWELS = set("aeiou")
MAX_TOKEN_LENGTH = 60


@dataclass(frozen=True)
class Token:
    """A token as read from the text; `parts` are the pieces of a joined code."""

    text: str
    parts: tuple[str, ...] = ()
    # a joined code as it was written, words apart ("sim c" for "simc")
    surface: str = field(default="", compare=False)
    # written by the dictionary for a colloquial form ("berapa" for "brp"),
    # not typed: it is never a typo
    standard: bool = field(default=False, compare=False)

    @property
    def shown(self) -> str:
        return self.surface or self.text

    @property
    def is_compound(self) -> bool:
        return bool(self.parts)


def _join(*tokens: Token) -> Token:
    parts: list[str] = []
    for t in tokens:
        for piece in (t.text, *t.parts):
            if len(piece) >= 2 and piece not in parts:
                parts.append(piece)
    return Token("".join(t.text for t in tokens), tuple(parts), " ".join(t.shown for t in tokens))


def _chunk_tokens(chunk: str) -> list[Token]:
    chunk = chunk.replace("'", "")
    if _NUMBER_WITH_SEPARATORS.fullmatch(chunk):
        return [Token(chunk)]
    pieces = [p for p in re.split(r"[/.]", chunk) if p]
    out: list[Token] = []
    for piece in pieces:
        parts = [p for p in piece.split("-") if p]
        if len(parts) == 1:
            out.append(Token(parts[0]))
        elif len(set(parts)) == 1:  # reduplication: buku-buku
            out.append(Token(parts[0]))
        elif any(len(p) <= 2 or any(c.isdigit() for c in p) for p in parts):
            out.append(_join(*(Token(p) for p in parts)))
        else:
            out.extend(Token(p) for p in parts)
    return out


def _is_digits(t: Token) -> bool:
    return t.text.isdigit()


def _is_short_code(text: str) -> bool:
    """'c', 'b2', 'a1': a SIM class or a form variant."""
    return (len(text) == 1 and text.isalpha()) or (
        len(text) == 2 and text[0].isalpha() and text[1].isdigit()
    )


def _is_abbreviation(t: Token) -> bool:
    return not t.parts and 2 <= len(t.text) <= 5 and t.text.isalpha() and not (set(t.text) & _VOWELS)


def _pass(tokens: list[Token], should_join) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        if out and should_join(out[-1], t):
            out[-1] = _join(out[-1], t)
        else:
            out.append(t)
    return out


def primary_tokens(text: str) -> list[Token]:
    """The tokens of `text` (normalised here), with codes joined; see the module docs."""
    tokens: list[Token] = []
    for chunk in _CHUNK.findall(normalize(text)):
        tokens.extend(_chunk_tokens(chunk))
    # e KTP, m paspor → ektp, mpaspor
    tokens = _pass(tokens, lambda a, b: a.text in ("e", "m") and not a.parts
                   and b.text.isalpha() and len(b.text) >= 2)
    # 1770 SS → 1770ss
    tokens = _pass(tokens, lambda a, b: _is_digits(a) and len(a.text) >= 3 and not b.parts
                   and len(b.text) <= 2 and b.text.isalnum() and not b.text.isdigit())
    # SIM C, SIM B2 → simc, simb2
    tokens = _pass(tokens, lambda a, b: not a.parts and a.text.isalpha() and 2 <= len(a.text) <= 4
                   and _is_short_code(b.text))
    # PPh 21, SPT 1770ss → pph21, spt1770ss
    tokens = _pass(tokens, lambda a, b: _is_abbreviation(a) and b.text[:1].isdigit()
                   and len(b.text) <= 6 and "/" not in b.text and "." not in b.text)
    return [t for t in tokens if 2 <= len(t.text) <= MAX_TOKEN_LENGTH]


def tokenize(text: str) -> list[str]:
    """Surface tokens in order; a joined code is followed by its parts."""
    out: list[str] = []
    for t in primary_tokens(text):
        out.append(t.text)
        out.extend(t.parts)
    return out


# --- stopwords and stemming -------------------------------------------------

def _read_lines(name: str) -> list[str]:
    lines = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


STOPWORDS: frozenset[str] = frozenset(normalize(w) for w in _read_lines("stopwords-id.txt"))
STEM_OVERRIDES: dict[str, str] = dict(
    tuple(line.split("\t", 1)) for line in _read_lines("stem_overrides.tsv")  # type: ignore[misc]
)


def is_stopword(token: str) -> bool:
    return token in STOPWORDS


@functools.lru_cache(maxsize=1)
def stemmer_name() -> str:
    """The configured stemmer: 'sastrawi' (default), 'snowball' or 'none'.
    Read once per process (call stemmer_name.cache_clear() after changing it)."""
    name = os.environ.get("LAYANAN_SEARCH_STEMMER")
    if not name:
        try:
            from django.conf import settings

            name = getattr(settings, "LAYANAN_SEARCH_STEMMER", None)
        except Exception:  # settings not configured: plain library use
            name = None
    return (name or "sastrawi").lower()


@functools.lru_cache(maxsize=4)
def _stem_function(name: str):
    if name == "sastrawi":
        try:
            from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
            from Sastrawi.Stemmer.Stemmer import Stemmer
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
        except ImportError:  # not installed: fall back to the algorithmic stemmer
            return _stem_function("snowball")
        return Stemmer(ArrayDictionary(StemmerFactory().get_words())).stem_word
    if name == "snowball":
        import snowballstemmer

        return snowballstemmer.stemmer("indonesian").stemWord
    return lambda word: word


def active_stemmer() -> str:
    """The stemmer actually in use (after a missing-package fallback)."""
    name = stemmer_name()
    if name == "sastrawi" and _stem_function("sastrawi") is _stem_function("snowball"):
        return "snowball"
    return name if name in ("sastrawi", "snowball") else "none"


@functools.lru_cache(maxsize=200_000)
def _cached_stem(word: str, name: str) -> str:
    return _stem_function(name)(word) or word


def stem(token: str) -> str:
    """The stem of one normalised token. Codes, numbers and short words stay as they are."""
    if len(token) <= 3 or not token.isascii() or not token.isalpha():
        return token
    override = STEM_OVERRIDES.get(token)
    if override is not None:
        return override
    return _cached_stem(token, stemmer_name())


# --- analysis ---------------------------------------------------------------

def analyze(text: str, *, synonyms: SynonymDictionary | None = None) -> list[str]:
    """Index terms of `text`: tokens without stopwords, stemmed.

    With `synonyms`, the query-time dictionary is applied too (colloquial forms
    normalised, synonyms expanded) and every alternative's terms are returned.
    """
    if synonyms is not None:
        return [term for group in analyze_query(text, synonyms) for alt in group.alternatives for term in alt]
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS]


@functools.lru_cache(maxsize=100_000)
def word_terms(word: str) -> frozenset[str]:
    """The index terms of one word, cached (used to highlight snippets)."""
    return frozenset(analyze(word))


def vocabulary_words(text: str) -> set[str]:
    """Plain words of `text` (unstemmed, no stopwords, letters only, ≥ 3
    characters): the vocabulary that typos are corrected against."""
    return {t for t in tokenize(text) if len(t) >= 3 and t.isalpha() and t not in STOPWORDS}


def _analyze_sequence(tokens: Iterable[Token]) -> tuple[str, ...]:
    return tuple(stem(t.text) for t in tokens if t.text not in STOPWORDS)


# --- the editable dictionary, compiled -----------------------------------------

KIND_ABBREVIATION = "abbreviation"
KIND_SYNONYM = "synonym"
KIND_COLLOQUIAL = "colloquial"


@dataclass
class SynonymDictionary:
    """Compiled abbreviations, synonyms and colloquial forms.

    `colloquial` maps a token sequence to its standard form; `phrases` maps a
    token sequence to the analysed alternatives of its synonym set(s).
    """

    colloquial: dict[tuple[str, ...], tuple[Token, ...]] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    max_phrase: int = 1
    version: object = None
    # token sequence → the longest term of its set, spelled out ("kk" →
    # "kartu keluarga"): how a query is read by the semantic model
    spelled_out: dict[tuple[str, ...], str] = field(default_factory=dict)


def compile_dictionary(entries: Iterable[tuple[str, str, Iterable[str]]], *, version=None) -> SynonymDictionary:
    """Build a dictionary from (kind, canonical, variants) entries.

    Abbreviations and synonyms expand both ways: every term of a set finds
    every other. Colloquial variants are replaced by the canonical form.
    A term in several sets gets the alternatives of all of them.
    """
    colloquial: dict[tuple[str, ...], tuple[Token, ...]] = {}
    phrase_alts: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    spelled_out: dict[tuple[str, ...], str] = {}
    for kind, canonical, variants in entries:
        variants = list(variants)
        canonical_tokens = tuple(primary_tokens(canonical))
        variant_tokens = [tuple(primary_tokens(v)) for v in variants]
        if kind == KIND_COLLOQUIAL:
            for vt in variant_tokens:
                key = tuple(t.text for t in vt)
                if key and key != tuple(t.text for t in canonical_tokens):
                    colloquial[key] = tuple(replace(t, standard=True) for t in canonical_tokens)
            continue
        terms = [canonical_tokens, *variant_tokens]
        longest = max([canonical, *variants], key=len)
        for tokens in terms:
            key = tuple(t.text for t in tokens)
            if key and normalize(longest) != " ".join(key):
                spelled_out.setdefault(key, longest)
        alternatives = []
        for tokens in terms:
            alt = _analyze_sequence(tokens)
            if alt and alt not in alternatives:
                alternatives.append(alt)
        for tokens in terms:
            key = tuple(t.text for t in tokens)
            if not key:
                continue
            merged = phrase_alts.setdefault(key, [])
            merged.extend(a for a in alternatives if a not in merged)
    max_phrase = max((len(k) for k in [*phrase_alts, *colloquial]), default=1)
    return SynonymDictionary(
        colloquial=colloquial,
        phrases={k: tuple(v) for k, v in phrase_alts.items()},
        max_phrase=max_phrase,
        version=version,
        spelled_out=spelled_out,
    )


@dataclass(frozen=True)
class QueryGroup:
    """One part of a query: any of its alternatives (analysed token sequences,
    matched as phrases) satisfies it.

    kind: "word" (a plain word), "code" (a joined code), "synonym" (a
    dictionary term), "standard" (a plain word the dictionary wrote for a
    colloquial form). `surface` is the text as typed, normalised. Only plain
    words are `correctable` by the typo corrector: "berapa" for "brp" is
    right even where the index lacks it, and "correcting" it to a rare
    village name ("barapa") would put that village's documents first.
    """

    surface: str
    alternatives: tuple[tuple[str, ...], ...]
    kind: str = "word"

    @property
    def correctable(self) -> bool:
        return self.kind == "word" and self.surface.isalpha() and len(self.surface) >= 4

    @property
    def terms(self) -> set[str]:
        return {term for alt in self.alternatives for term in alt}


def _longest_match(words: list[str], i: int, table: dict, max_len: int):
    for n in range(min(max_len, len(words) - i), 0, -1):
        key = tuple(words[i:i + n])
        if key in table:
            return key, table[key]
    return None, None


def apply_colloquial(tokens: list[Token], dictionary: SynonymDictionary | None) -> list[Token]:
    """Replace colloquial forms by their standard form (longest match first)."""
    if not dictionary or not dictionary.colloquial:
        return tokens
    words = [t.text for t in tokens]
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        key, replacement = _longest_match(words, i, dictionary.colloquial, dictionary.max_phrase)
        if key:
            out.extend(replacement)
            i += len(key)
        else:
            out.append(tokens[i])
            i += 1
    return out


def spelled_out_query(text: str, synonyms: SynonymDictionary | None) -> str:
    """The query in standard words for the semantic model, which knows
    Indonesian but not our abbreviations or slang: colloquial forms replaced,
    each dictionary term written as the longest term of its set
    ("brp biaya kk ilang" → "berapa biaya kartu keluarga hilang")."""
    tokens = apply_colloquial(primary_tokens(text), synonyms)
    words = [t.text for t in tokens]
    table = synonyms.spelled_out if synonyms else {}
    out: list[str] = []
    i = 0
    while i < len(words):
        key, longest = _longest_match(words, i, table, synonyms.max_phrase) if table else (None, None)
        if key:
            out.append(longest)
            i += len(key)
        else:
            out.append(tokens[i].shown)
            i += 1
    return " ".join(out)


def analyze_query(text: str, synonyms: SynonymDictionary | None = None) -> list[QueryGroup]:
    """The query as groups of alternatives: colloquial forms normalised,
    dictionary terms expanded, stopwords dropped, everything stemmed."""
    tokens = apply_colloquial(primary_tokens(text), synonyms)
    words = [t.text for t in tokens]
    groups: list[QueryGroup] = []
    seen: set[tuple] = set()
    i = 0
    while i < len(tokens):
        key, alternatives = (None, None)
        if synonyms is not None and synonyms.phrases:
            key, alternatives = _longest_match(words, i, synonyms.phrases, synonyms.max_phrase)
        if key:
            group = QueryGroup(" ".join(key), alternatives, "synonym")
            i += len(key)
        else:
            t = tokens[i]
            i += 1
            if t.text in STOPWORDS:
                continue
            if t.parts:
                parts = tuple(stem(p) for p in t.parts if p not in STOPWORDS)
                alts = ((stem(t.text),),) + ((parts,) if parts else ())
                group = QueryGroup(t.text, alts, "code")
            else:
                group = QueryGroup(t.text, ((stem(t.text),),), "standard" if t.standard else "word")
        if group.alternatives and group.alternatives not in seen:
            seen.add(group.alternatives)
            groups.append(group)
    return groups
