"""Find and mask personal data in free text (pure functions, no database).

The rules are documented in docs/privacy.md. In short:

1. Digits are read as *chains*: runs of ASCII digits joined by one space,
   dot, dash or a phone-style parenthesis, so "3171 0117 0845 0001",
   "31.71.01.170845.0001" and "(021) 555-1234" each form one chain.
2. Every run of whole groups in a chain (up to 19 digits) is a candidate.
   Candidates inside an amount ("Rp 1.500.000", "1.000.000"), a clock time
   ("08.00") or an email address are dropped.
3. A candidate is classified by the *label* closest before it ("NIK",
   "No. KK", "NPWP", "HP", "rekening BCA", "kartu kredit"…) when the number
   fits that label, otherwise by its own structure (a valid NIK, the
   punctuated old NPWP shape, a Luhn-valid card number, a phone number).
4. Overlapping candidates are resolved in favour of the longer one (mask
   more rather than less), then the structurally valid one, then the
   earliest.

Masking replaces every digit but the last four with "*", so the masked text
has the same length and layout; emails become "b***@***.id".
"""

from __future__ import annotations

import bisect
import datetime
import enum
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from stdnum import luhn, numdb


class Kind(enum.StrEnum):
    """What a finding is. The values are stored in the event log."""

    NIK = "nik"
    KK = "kk"
    IDENTITY_NUMBER = "nomor_identitas"
    NPWP = "npwp"
    PHONE = "telepon"
    EMAIL = "email"
    BANK_ACCOUNT = "rekening"
    CARD = "kartu"


KEEP_LAST_DIGITS = 4


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: `text[start:end] == value` in the scanned text."""

    kind: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class MaskResult:
    """The masked text and what was masked (offsets refer to the original text)."""

    text: str
    findings: list[Finding]

    @property
    def changed(self) -> bool:
        return bool(self.findings)

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        return counts


# --- NIK rules ----------------------------------------------------------------

# Provinces created after python-stdnum's table was written (Kalimantan Utara,
# and the Papua codes of the 2012 and 2022 splits as issued by Dukcapil).
EXTRA_PROVINCE_CODES = frozenset({"65", "92", "93", "95", "96"})


@lru_cache(maxsize=1)
def province_codes() -> frozenset[str]:
    """Two-digit province codes: python-stdnum's `id/loc` table plus newer ones."""
    table = numdb.get("id/loc")
    known = {code for code in (f"{n:02d}" for n in range(100)) if table.info(code)[0][1]}
    return frozenset(known | EXTRA_PROVINCE_CODES)


def has_region_prefix(digits: str) -> bool:
    """PPRRSS: a known province, and regency and district codes that are not 00.

    Regencies are not checked against the table: it lags behind newly created
    regencies, and missing a real NIK is worse than masking a lookalike.
    """
    return (
        len(digits) >= 6
        and digits[:2] in province_codes()
        and digits[2:4] != "00"
        and digits[4:6] != "00"
    )


def is_valid_nik(number: str) -> bool:
    """16 digits PPRRSS DDMMYY XXXX (separators " .-" allowed).

    Day 01–31 (men) or 41–71 (women, day + 40), month 01–12, serial not 0000.
    """
    digits = re.sub(r"[ .\-]", "", number)
    if len(digits) != 16 or not digits.isascii() or not digits.isdigit():
        return False
    day, month, serial = int(digits[6:8]), int(digits[8:10]), digits[12:]
    return (
        has_region_prefix(digits)
        and (1 <= day <= 31 or 41 <= day <= 71)
        and 1 <= month <= 12
        and serial != "0000"
    )


# --- Labels (context words) ---------------------------------------------------

# A label counts when it ends at most this many characters before the number
# (on the same line), or for bank names also shortly after it.
LABEL_REACH = 48
BANK_LABEL_REACH_AFTER = 20

_W = r"(?<![A-Za-z])"  # no letter before
_E = r"(?![A-Za-z])"  # no letter after


def _label(pattern: str, *, flags=re.IGNORECASE) -> re.Pattern:
    return re.compile(_W + "(?:" + pattern + ")" + _E, flags)


_LABELS: list[tuple[str, re.Pattern]] = [
    ("kk", _label(r"kartu\s+keluarga|family\s+card|(?:no|nomor|nmr)\.?\s*kk")),
    ("kk", _label(r"KK", flags=0)),
    ("identity", _label(
        r"nik|e-?ktp|ktp|nomor\s+induk(?:\s+kependudukan)?|(?:no|nomor)\.?\s*identitas"
        r"|identity\s+(?:card\s+)?number|id\s+number"
    )),
    ("npwp", _label(r"npwp|nomor\s+pokok\s+wajib\s+pajak|tax\s+(?:id|number)")),
    ("card", _label(
        r"kartu\s+(?:kredit|debit|atm)|(?:credit|debit)\s+card|visa|master\s?card|jcb|amex"
    )),
    ("phone", _label(
        r"hp|telp|tlp|telepon|telpon|tel|phone|ponsel|handphone|wa|whatsapp|sms|fax|faks"
        r"|hubungi|kontak|contact|call"
    )),
    ("bank", _label(
        r"bank|rekening|rek|norek|bri|bni|bca|btn|bsi|bjb|bpd|cimb(?:\s+niaga)?|danamon|ocbc"
        r"|maybank|muamalat|panin|sinarmas|uob|hsbc|dbs|seabank|virtual\s+account"
    )),
    # Ordinary words too ("secara mandiri" = on one's own), so capitalised only.
    ("bank", _label(r"Mandiri|MANDIRI|Permata|PERMATA", flags=0)),
]


@dataclass(frozen=True, slots=True)
class _Labels:
    ends: list[int]  # sorted
    found: list[tuple[int, int, str]]  # (end, start, name), sorted by end
    bank_starts: list[int]  # sorted


def _find_labels(text: str) -> _Labels:
    found = sorted(
        (m.end(), m.start(), name) for name, pattern in _LABELS for m in pattern.finditer(text)
    )
    return _Labels(
        ends=[end for end, _, _ in found],
        found=found,
        bank_starts=sorted(start for _, start, name in found if name == "bank"),
    )


def _label_before(text: str, labels: _Labels, start: int) -> str | None:
    """The name of the label that ends closest before `start`, within reach."""
    index = bisect.bisect_right(labels.ends, start) - 1
    if index < 0:
        return None
    end, _, name = labels.found[index]
    if start - end > LABEL_REACH or "\n" in text[end:start]:
        return None
    return name


def _bank_label_after(text: str, labels: _Labels, end: int) -> bool:
    """Is a bank name written shortly after the number ("1234567890 (BCA)")?"""
    index = bisect.bisect_left(labels.bank_starts, end)
    if index == len(labels.bank_starts):
        return False
    label_start = labels.bank_starts[index]
    return label_start - end <= BANK_LABEL_REACH_AFTER and "\n" not in text[end:label_start]


# --- Things that are never personal data ----------------------------------------

_PROTECTED = [
    # Amounts with a currency: "Rp 1.500.000", "Rp1.500.000,00", "IDR 2500000".
    re.compile(r"(?i)(?<![A-Za-z])(?:rp|idr|usd|sgd|us\$)\.?\s?[0-9][0-9.,]*|[$€£]\s?[0-9][0-9.,]*"),
    # Amounts with a word after: "1.500.000 rupiah", "2 juta".
    re.compile(
        r"(?i)(?<![0-9.,])[0-9]+(?:[.,][0-9]+)*\s?(?:rupiah|ribu|rb|juta|jt|miliar|milyar|triliun)(?![A-Za-z])"
    ),
    # Thousands grouping: "1.000.000", "1,000,000.50"; never starts with 0.
    re.compile(r"(?<![0-9.,])[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?(?![0-9]|[.,][0-9])"),
    re.compile(r"(?<![0-9.,])[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?(?![0-9]|[.,][0-9])"),
    # Regulation numbers, references and dates: "76/2020", "188.45/123/2020", "17/08/1945".
    re.compile(r"(?<![0-9])[0-9]{1,4}(?:/[0-9]{1,4})+(?![0-9])"),
    # Clock times: "08.00", "15:30" (so "08.00-15.00 16.00-20.00" stays).
    re.compile(r"(?<![0-9.:])(?:[01]?[0-9]|2[0-3])[.:][0-5][0-9](?![0-9]|[.:][0-9])"),
]

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![A-Za-z0-9])"
)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint intervals covering the same characters."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(merged: list[tuple[int, int]], start: int, end: int) -> bool:
    """Does [start, end) share a character with one of the disjoint intervals?"""
    index = bisect.bisect_left(merged, (end,)) - 1
    return index >= 0 and merged[index][1] > start


# --- Digit chains ---------------------------------------------------------------

_DIGIT_GROUP = re.compile(r"[0-9]+")
# What may join two digit groups of one number.
_JOINERS = frozenset({" ", "\u00a0", ".", "-", ")", ") ", ")-", " (", "("})
MAX_DIGITS = 19


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # first digit
    end: int
    groups: tuple[str, ...]
    joiners: tuple[str, ...]
    prefix: str  # "+" or "(" right before the first digit, else ""

    @property
    def digits(self) -> str:
        return "".join(self.groups)

    @property
    def raw(self) -> str:
        out = self.groups[0]
        for joiner, group in zip(self.joiners, self.groups[1:]):
            out += joiner + group
        return out


def _chains(text: str) -> Iterator[list[re.Match]]:
    chain: list[re.Match] = []
    for match in _DIGIT_GROUP.finditer(text):
        if chain and text[chain[-1].end():match.start()] not in _JOINERS:
            yield chain
            chain = []
        chain.append(match)
    if chain:
        yield chain


def _candidates(text: str, protected, labels) -> Iterator[tuple[_Candidate, str | None]]:
    """Every run of whole groups worth classifying, with the label that applies to it."""
    provinces = province_codes()
    for chain in _chains(text):
        sizes = [m.end() - m.start() for m in chain]
        for i, first in enumerate(chain):
            start = first.start()
            prefix = text[start - 1] if start and text[start - 1] in "+(" else ""
            label_before = _label_before(text, labels, start - len(prefix))
            # Phone numbers start with 0, 62 or +62 and continue in groups of 3+.
            phone_shape = prefix == "+" or first.group().startswith(("0", "62"))
            total, digits = 0, ""
            for j in range(i, len(chain)):
                total += sizes[j]
                if total > MAX_DIGITS:
                    break
                digits += chain[j].group()
                if j > i and sizes[j] < 3 and not (j == i + 1 and first.group() == "62"):
                    phone_shape = False
                if total < 8:
                    continue
                end = chain[j].end()
                label = label_before
                if label is None and _bank_label_after(text, labels, end):
                    label = "bank"
                if label is None and not _worth_classifying(digits, j - i + 1, phone_shape, provinces):
                    continue
                if _overlaps(protected, start, end):
                    break  # longer runs overlap it too
                yield _Candidate(
                    start=start,
                    end=end,
                    groups=tuple(m.group() for m in chain[i:j + 1]),
                    joiners=tuple(
                        text[chain[k].end():chain[k + 1].start()] for k in range(i, j)
                    ),
                    prefix=prefix,
                ), label


def _worth_classifying(digits: str, group_count: int, phone_shape: bool, provinces) -> bool:
    """Cheap pre-check for unlabelled runs, so long digit sequences stay fast."""
    size = len(digits)
    if size == 16:  # a NIK, or a card written whole or in fours
        return digits[:2] in provinces or group_count in (1, 4)
    if size == 15:  # an old NPWP (6 groups) or a card written whole or 4-6-5
        return group_count in (1, 3, 6)
    return phone_shape and size <= 14


# --- Structure checks -------------------------------------------------------------

_NPWP_SHAPE = re.compile(r"[0-9]{2}\.[0-9]{3}\.[0-9]{3}\.[0-9]-[0-9]{3}\.[0-9]{3}")
_MOBILE = re.compile(r"08[1-9][0-9]{7,10}")  # 10–13 digits
_LANDLINE = re.compile(r"0[2-79][0-9]{7,10}")  # 9–12 digits


# Issuer prefixes of 16-digit cards: Visa 4, Mastercard 51–55 and 2221–2720,
# JCB 3528–3589, Discover 6011/644–649/65, UnionPay 62, and 60 (Indonesian GPN debit).
_CARD_PREFIX = re.compile(
    r"4|5[1-5]|222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720|35(?:2[89]|[3-8][0-9])|60|62|64[4-9]|65"
)


def _is_card(c: _Candidate, *, labelled: bool) -> bool:
    """Payment card: Luhn-valid, a card-network first digit and a card layout."""
    digits = c.digits
    if not luhn.is_valid(digits):
        return False
    if labelled:
        return 13 <= len(digits) <= 19
    sizes = tuple(len(g) for g in c.groups)
    if len(digits) == 16:
        return _CARD_PREFIX.match(digits) is not None and sizes in {(16,), (4, 4, 4, 4)} and len(
            set(c.joiners)
        ) <= 1
    if len(digits) == 15:
        return digits[:2] in {"34", "37"} and sizes in {(15,), (4, 6, 5)}
    return False


def _is_phone(c: _Candidate, label: str | None) -> bool:
    groups, digits = list(c.groups), c.digits
    if digits.startswith("62") and (c.prefix == "+" or groups[0] == "62" or groups[0].startswith("628")):
        national = "0" + digits[2:]
        if groups[0] == "62":
            groups = groups[1:]
            if not groups:
                return False
            groups[0] = "0" + groups[0]
        else:
            groups[0] = "0" + groups[0][2:]
    elif digits.startswith("0") and c.prefix != "+":
        national = digits
    else:
        return False
    # After the operator or area code, numbers are written in groups of 3+.
    if any(len(g) < 3 for g in groups[1:]):
        return False
    if _MOBILE.fullmatch(national):
        return True
    if _LANDLINE.fullmatch(national):
        # A landline needs its area code set apart ("(021) 555-1234",
        # "0274 512345") or a phone label; bare 0-leading runs are too common.
        area_apart = len(groups) >= 2 and 3 <= len(groups[0]) <= 4
        return area_apart or c.prefix == "(" or label == "phone"
    return False


def _is_date(digits: str) -> bool:
    if len(digits) != 8:
        return False
    for fmt in ("%Y%m%d", "%d%m%Y"):
        try:
            year = datetime.datetime.strptime(digits, fmt).year
        except ValueError:
            continue
        if 1900 <= year <= 2099:
            return True
    return False


def _looks_like_amount(digits: str) -> bool:
    """A round number ("15000000") next to a bank name is a sum, not an account."""
    return digits.endswith("00000")


def _classify(c: _Candidate, label: str | None) -> tuple[str, int] | None:
    """(kind, confidence) or None. Confidence 2: the structure fits; 1: only the label."""
    digits = c.digits
    size = len(digits)
    if size == 16:
        if label == "kk":
            return (Kind.KK, 2) if has_region_prefix(digits) else (Kind.IDENTITY_NUMBER, 1)
        if label == "npwp":  # since 2024: the NIK, or 0 + the old 15 digits
            return Kind.NPWP, 2 if digits[0] == "0" or is_valid_nik(digits) else 1
        if label == "card" and _is_card(c, labelled=True):
            return Kind.CARD, 2
        if is_valid_nik(digits):
            return Kind.NIK, 2
        if label == "identity":
            return Kind.IDENTITY_NUMBER, 1
        if _is_card(c, labelled=False):
            return Kind.CARD, 2
        if label == "bank" and not _looks_like_amount(digits):
            return Kind.BANK_ACCOUNT, 1
        return None
    if size == 15:
        if _NPWP_SHAPE.fullmatch(c.raw):
            return Kind.NPWP, 2
        if label == "npwp":
            return Kind.NPWP, 1
        if _is_card(c, labelled=label == "card"):
            return Kind.CARD, 2
    if label in {"identity", "kk"} and size in {15, 17}:
        # One digit short or long: still the author's own identity number.
        return Kind.IDENTITY_NUMBER, 1
    if label == "card" and _is_card(c, labelled=True):
        return Kind.CARD, 2
    phone = _is_phone(c, label)
    if phone and _MOBILE.fullmatch("0" + digits[2:] if digits.startswith("62") else digits):
        return Kind.PHONE, 2
    if label == "bank" and 8 <= size <= 16 and not _is_date(digits) and not _looks_like_amount(digits):
        return Kind.BANK_ACCOUNT, 1
    if phone:
        return Kind.PHONE, 2
    return None


_PRIORITY = {kind: rank for rank, kind in enumerate(
    [Kind.NPWP, Kind.NIK, Kind.KK, Kind.CARD, Kind.PHONE, Kind.IDENTITY_NUMBER, Kind.BANK_ACCOUNT]
)}


def find_personal_data(text: str, kinds: Iterable[str] | None = None) -> list[Finding]:
    """Personal data in `text`, in order, never overlapping.

    `kinds` limits the search to some kinds (values of `Kind`); default all.
    """
    wanted = set(Kind) if kinds is None else {Kind(k) for k in kinds}
    if not text:
        return []
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    for match in _EMAIL.finditer(text):
        taken.append((match.start(), match.end()))
        if Kind.EMAIL in wanted:
            findings.append(Finding(Kind.EMAIL.value, match.start(), match.end(), match.group()))

    protected = _merge(
        [(m.start(), m.end()) for pattern in _PROTECTED for m in pattern.finditer(text)] + taken
    )
    labels = _find_labels(text)
    scored = []
    for c, label in _candidates(text, protected, labels):
        result = _classify(c, label)
        if result is None:
            continue
        kind, confidence = result
        start = c.start - 1 if kind == Kind.PHONE and c.prefix else c.start
        scored.append(((-len(c.digits), -confidence, _PRIORITY[kind], start), kind, start, c.end))

    chosen: list[tuple[int, int]] = []  # sorted and disjoint
    for _, kind, start, end in sorted(scored):
        index = bisect.bisect_left(chosen, (start,))
        if (index < len(chosen) and chosen[index][0] < end) or (index and chosen[index - 1][1] > start):
            continue
        chosen.insert(index, (start, end))
        if kind in wanted:
            findings.append(Finding(kind.value, start, end, text[start:end]))
    findings.sort(key=lambda f: f.start)
    return findings


# --- Masking ------------------------------------------------------------------


def mask_digits(value: str, keep: int = KEEP_LAST_DIGITS) -> str:
    """Every ASCII digit but the last `keep` becomes "*"; everything else stays."""
    total = sum(ch in "0123456789" for ch in value)
    out, seen = [], 0
    for ch in value:
        if ch in "0123456789":
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_email(value: str) -> str:
    """"budi.santoso@gmail.com" -> "b***@***.com" (a leading digit is hidden too)."""
    local, _, domain = value.partition("@")
    first = local[0] if local[:1].isalpha() else "*"
    return f"{first}***@***.{domain.rsplit('.', 1)[-1]}"


def mask_finding(finding: Finding) -> str:
    if finding.kind == Kind.EMAIL:
        return mask_email(finding.value)
    return mask_digits(finding.value)


def mask_personal_data(text: str, kinds: Iterable[str] | None = None) -> MaskResult:
    """The text with every finding masked; unchanged when nothing was found."""
    findings = find_personal_data(text, kinds)
    if not findings:
        return MaskResult(text, [])
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position:finding.start])
        parts.append(mask_finding(finding))
        position = finding.end
    parts.append(text[position:])
    return MaskResult("".join(parts), findings)
