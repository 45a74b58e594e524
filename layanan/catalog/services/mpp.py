"""Reading the service standards published by a Mall Pelayanan Publik (MPP).

MPP portals publish their catalog as a JSON list with one flat object per
service: `nama_layanan`, `instansi_penyelenggara`, `persyaratan`, `prosedur`,
`waktu_penyelesaian`, `tarif_pelayanan`, `dasar_hukum`, ... Every value is a
string; list components put their items in one string, separated by " | " or
by leftover numbering ("  4. ", "- "), and some exports mangled the numbers
("11." became "1 |"). This module turns one such record into a service
document (see documents.py); it does no database work, so the importer in
open_data.py decides which agencies and categories exist.

All parsing is deliberately conservative: anything that is not clearly
understood is kept as text and flagged, never guessed.

The few texts this module writes (summary, fee label, source title, staff
note) are catalog content: their msgids are English, but they are always
rendered in the site language (Indonesian), like the data around them,
whatever language the import runs in.
"""

import re
import unicodedata

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Agency, Fee, LegalBasis, Requirement, Service, ServiceChannel

# Keys of an MPP record, with the other spellings seen in MPP exports.
KEY_ALIASES = {
    "name": ("nama_layanan", "nama_pelayanan", "layanan"),
    "agency": ("instansi_penyelenggara", "instansi", "penyelenggara"),
    "agency_kind": ("jenis_instansi",),
    "requirements": ("persyaratan", "persyaratan_pelayanan"),
    "steps": ("prosedur", "sistem_mekanisme_prosedur", "mekanisme_prosedur"),
    "duration": ("waktu_penyelesaian", "jangka_waktu", "jangka_waktu_penyelesaian"),
    "fee": ("tarif_pelayanan", "biaya_tarif", "biaya", "tarif"),
    "product": ("produk_layanan", "produk_pelayanan", "produk"),
    "complaints": ("pengaduan", "penanganan_pengaduan"),
    "legal_bases": ("dasar_hukum",),
    "facilities": ("sarana_prasarana", "sarana_prasarana_fasilitas"),
    "staff_competence": ("komponen_pelaksana", "kompetensi_pelaksana"),
    "internal_oversight": ("pengawasan_internal",),
    "staff_count": ("jumlah_pelaksana",),
    "service_guarantee": ("jaminan_pelayanan",),
    "safety_guarantee": ("jaminan_keamanan", "jaminan_keamanan_keselamatan"),
    "performance_evaluation": ("evaluasi_kinerja", "evaluasi_kinerja_pelaksana"),
}
ALL_KEYS = frozenset(k for keys in KEY_ALIASES.values() for k in keys)

DEFAULT_CATEGORY = ("lainnya", "Lainnya", "Other")

# A small keyword map from words in a service or agency name to a category.
# The first rule whose word appears in the service name wins; failing that,
# the first rule matching the agency name; failing that, "lainnya".
CATEGORY_RULES = [
    (("pajak", "npwp", "bphtb", "pbb", "spt"), ("pajak", "Pajak", "Taxes")),
    (
        ("paspor", "imigrasi", "visa", "izin tinggal", "kitas"),
        ("paspor-dan-imigrasi", "Paspor dan Imigrasi", "Passports and immigration"),
    ),
    (
        ("taspen", "pensiun", "bpjs", "tabungan hari tua", "jaminan hari tua", "asuransi"),
        ("pensiun-dan-jaminan-sosial", "Pensiun dan Jaminan Sosial", "Pensions and social security"),
    ),
    (
        ("skck", "kepolisian", "polisi", "pengadilan", "kejaksaan", "legalisir"),
        ("hukum-dan-keamanan", "Hukum dan Keamanan", "Law and security"),
    ),
    (
        ("listrik", "pln", "pdam"),
        ("listrik-dan-air", "Listrik dan Air", "Electricity and water"),
    ),
    (
        ("izin", "ijin", "perizinan", "perijinan", "nib", "sertifikat standar", "usaha", "industri",
         "pbg", "slf", "bangunan", "rekomendasi", "rekomtek", "ptsp", "penanaman modal", "oss"),
        ("usaha-dan-perizinan", "Usaha dan Perizinan", "Business and permits"),
    ),
]

FEE_LABEL = gettext_noop("Service fee")
SOURCE_CONFIDENCE = "P"  # published by the provider, copied by a third party

_SPACES = re.compile(r"\s+")
# A list marker at the start of the text or after a run of spaces:
# "1." "12)" "-" "•". Lone numbers inside a sentence ("PP. 5 Tahun") are kept.
_MARKER = re.compile(r"(?:^|\s{2,}|\n)(?:\d{1,2}[.)]|[-•*])\s+")
# What is left of a mangled "11." / "12." before a " | ".
_STRAY_NUMBER = re.compile(r"\s{2,}\d{1,2}\s*$")
# "1Kompetensi…": a list number glued to a long first word (not "75Hari").
_GLUED_NUMBER = re.compile(r"^\d(?=[A-Z][a-z]{5,})")
_TRAILING_JOIN = re.compile(r"[;,]\s*(?:dan|atau)$", re.IGNORECASE)
_LETTER_MARKER = re.compile(r"(?:^|(?<=\s))(?=[a-z]\.\s)")
_LETTER_PREFIX = re.compile(r"^[a-z]\.\s+")


def record_value(record: dict, field: str) -> str:
    """The record's text for a field under any of its known keys ("" when absent)."""
    for key in KEY_ALIASES[field]:
        if key in record and record[key] is not None:
            value = record[key]
            if isinstance(value, list):
                return " | ".join(str(v) for v in value if v is not None)
            return str(value)
    return ""


def looks_like_mpp(data) -> bool:
    """True for a JSON list whose objects use MPP keys."""
    if not isinstance(data, list):
        return False
    return any(isinstance(item, dict) and ALL_KEYS & item.keys() for item in data)


def clean_text(text: str) -> str:
    """Whitespace collapsed; an empty value or a lone dash becomes ""."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()
    return "" if text in ("-", "–", "—") else text


def _clean_item(item: str) -> str:
    item = _STRAY_NUMBER.sub("", item)
    item = clean_text(item)
    item = _GLUED_NUMBER.sub("", item)
    item = _TRAILING_JOIN.sub("", item)
    return item.strip(" ;,")


def _chunks(text: str, max_length: int) -> list[str]:
    """Split an over-long item at word boundaries; continuations start with "…"."""
    chunks, rest, prefix = [], text, ""
    while len(prefix) + len(rest) > max_length:
        room = max_length - len(prefix) - 1
        cut = rest.rfind(" ", 0, room)
        if cut <= 0:
            cut = room
        chunks.append(prefix + rest[:cut].rstrip() + "…")
        rest, prefix = rest[cut:].lstrip(), "…"
    chunks.append(prefix + rest)
    return chunks


def split_items(text: str, *, max_length: int | None = None, keep_letters: bool = True) -> list[str]:
    """The items of a list component, cleaned.

    Items longer than `max_length` are split first at their lettered
    sub-items ("a. … b. …"), then at word boundaries, so no text is lost.
    With `keep_letters=False` the "a." prefixes of those sub-items are dropped.
    """
    items = []
    for piece in (text or "").split("|"):
        for part in _MARKER.split(piece):
            item = _clean_item(part)
            if not item:
                continue
            if max_length is None or len(item) <= max_length:
                items.append(item)
                continue
            for sub in _LETTER_MARKER.split(item):
                sub = sub.strip(" ;,")
                if not keep_letters:
                    sub = _LETTER_PREFIX.sub("", sub)
                if sub:
                    items.extend(_chunks(sub, max_length))
    return items


def as_lines(text: str) -> str:
    """A list-like text as one item per line (plain text otherwise)."""
    return "\n".join(split_items(text))


# --- Duration ----------------------------------------------------------------

_DURATION_UNITS = {
    "menit": Service.DurationUnit.MINUTES,
    "jam": Service.DurationUnit.HOURS,
    "hari kerja": Service.DurationUnit.WORKING_DAYS,
    "hari": Service.DurationUnit.DAYS,
    "minggu": Service.DurationUnit.WEEKS,
    "bulan": Service.DurationUnit.MONTHS,
}
_DURATION = re.compile(
    r"^(?:paling lama |maksimal |maks\.? )?(\d+)\s*(?:\([a-z ]+\)\s*)?"
    r"(menit|jam|hari kerja|hari|minggu|bulan)$",
    re.IGNORECASE,
)


def parse_duration(text: str) -> dict:
    """A duration document: the text is always kept; min/max/unit only when unambiguous."""
    cleaned = "; ".join(split_items(text))
    duration = {"min": None, "max": None, "unit": "", "text": cleaned}
    match = _DURATION.match(cleaned)
    if match:
        value = int(match.group(1))
        duration.update(min=value, max=value, unit=_DURATION_UNITS[match.group(2).lower()].value)
    return duration


# --- Fees --------------------------------------------------------------------

_FREE = re.compile(
    r"\b(?:gratis|tidak dipungut biaya|tidak dikenakan biaya|tanpa biaya|bebas biaya)\b", re.IGNORECASE
)
# "Rp 350.000", "Rp. 30.000,-", "Rp15.000.000,00", "IDR 5000"
_AMOUNT = re.compile(r"\b(?:rp|idr)\.?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(?:\d{2}|-))?(?:,-)?", re.IGNORECASE)
_SPELLED = re.compile(r"^\s*\([^)]*rupiah\)", re.IGNORECASE)


def parse_fees(text: str) -> tuple[list[dict], str]:
    """Fee documents for a tariff text, and a staff note when it was not understood.

    "Gratis", "Tidak dipungut biaya" and "Rp 0" mean an amount of 0; a single
    clearly stated rupiah amount is taken as is. Anything else (several
    amounts, "according to the regulation", garbled tables) becomes one fee
    flagged `unverified` whose condition keeps the original text.
    """
    cleaned = clean_text(text)
    if not cleaned:
        return [], ""
    amounts = [(m, int(m.group(1).replace(".", ""))) for m in _AMOUNT.finditer(cleaned)]
    nonzero = [a for a in amounts if a[1] > 0]
    is_free = bool(_FREE.search(cleaned)) or (amounts and not nonzero)
    if is_free and not nonzero:
        condition = _FREE.sub("", _AMOUNT.sub("", cleaned, count=1) if amounts else cleaned, count=1)
        return [_fee(0, condition)], ""
    if len(nonzero) == 1 and not is_free and "|" not in cleaned:
        match, amount = nonzero[0]
        rest = cleaned[match.end():]
        rest = _SPELLED.sub("", rest)
        condition = cleaned[: match.start()] + " " + rest
        return [_fee(amount, condition)], ""
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Fee could not be read automatically: %(text)s") % {"text": cleaned}
    return [_fee(0, cleaned, unverified=True)], note


def _content_text(msgid: str) -> str:
    """A gettext_noop'd msgid in the site language (catalog content)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(msgid)


def _fee(amount: int, condition: str, *, unverified: bool = False) -> dict:
    condition = clean_text(condition).strip(" ,.;:-")
    max_length = Fee._meta.get_field("condition").max_length
    if len(condition) > max_length:
        condition = _chunks(condition, max_length)[0]
    return {
        "label": _content_text(FEE_LABEL),
        "amount": amount,
        "condition": condition,
        "legal_basis": "",
        "unverified": unverified,
    }


# --- Complaint channels ------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEBSITE = re.compile(r"\b(?:https?://|www\.)[^\s,;()]+", re.IGNORECASE)


def complaint_channels(text: str) -> list[dict]:
    """E-mail addresses and websites named in a complaint-handling text."""
    channels, seen = [], set()
    for address in _EMAIL.findall(text or ""):
        if address.lower() not in seen:
            seen.add(address.lower())
            channels.append({
                "purpose": ServiceChannel.Purpose.COMPLAINT.value,
                "kind": ServiceChannel.Kind.EMAIL.value,
                "name": "Email",
                "value": address,
                "opening_hours": "",
            })
    for site in _WEBSITE.findall(text or ""):
        site = site.rstrip(".")
        url = site if site.lower().startswith(("http://", "https://")) else f"http://{site}"
        if url.lower() not in seen:
            seen.add(url.lower())
            channels.append({
                "purpose": ServiceChannel.Purpose.COMPLAINT.value,
                "kind": ServiceChannel.Kind.ONLINE.value,
                "name": "Website",
                "value": url,
                "opening_hours": "",
            })
    return channels


# --- Names -------------------------------------------------------------------

def _slug_part(text: str, max_length: int) -> str:
    slug = slugify(text)
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[: cut if cut > 0 else max_length]
    return slug.strip("-")


def agency_slug(name: str) -> str:
    return _slug_part(name, Agency._meta.get_field("slug").max_length)


def service_base_slug(name: str, agency_slug_: str) -> str:
    """"<name>-<agency>", short enough to take a "-NN" suffix."""
    max_length = Service._meta.get_field("slug").max_length - 4
    agency_part = _slug_part(agency_slug_, 40)
    name_part = _slug_part(name, max_length - len(agency_part) - 1) or "layanan"
    return f"{name_part}-{agency_part}" if agency_part else name_part


def guess_category(service_name: str, agency_name: str) -> tuple[str, str, str]:
    """(slug, name, name_en) of the category the keyword map suggests."""
    for text in (service_name, agency_name):
        text = f" {clean_text(text).lower()} "
        for words, category in CATEGORY_RULES:
            if any(re.search(rf"\b{re.escape(word)}\b", text) for word in words):
                return category
    return DEFAULT_CATEGORY


# --- Records -----------------------------------------------------------------

def record_to_document(record: dict, *, slug: str, agency_slug_: str, category_slug: str,
                       region_code: str | None) -> dict:
    """A service document (documents.py) for one MPP record."""
    name = clean_text(record_value(record, "name"))
    agency_name = clean_text(record_value(record, "agency"))
    product = record_value(record, "product")
    complaints = record_value(record, "complaints")
    fees, fee_note = parse_fees(record_value(record, "fee"))
    with translation.override(settings.LANGUAGE_CODE):
        summary = _("%(name)s, provided by %(agency)s.") % {"name": name, "agency": agency_name}
        if clean_text(product):
            summary += " " + _("Service product: %(product)s.") % {"product": "; ".join(split_items(product))}
        source_title = _("Service standard of %(agency)s (Mall Pelayanan Publik)") % {"agency": agency_name}
    return {
        "slug": slug,
        "name": name,
        "summary": summary,
        "status": Service.Status.PUBLISHED.value,
        "category": category_slug,
        "agency": agency_slug_,
        "region": region_code,
        "variant_of": None,
        "prerequisites": [],
        "keywords": "",
        "requirements": [
            {"text": text, "note": "", "form": "", "unverified": False}
            for text in split_items(
                record_value(record, "requirements"),
                max_length=Requirement._meta.get_field("text").max_length,
            )
        ],
        "steps": split_items(record_value(record, "steps")),
        "duration": parse_duration(record_value(record, "duration")),
        "fees": fees,
        "product": as_lines(product),
        "complaint_handling": as_lines(complaints),
        "online_url": "",
        "channels": complaint_channels(complaints),
        "legal_bases": [
            {"title": title, "url": ""}
            for title in split_items(
                record_value(record, "legal_bases"),
                max_length=LegalBasis._meta.get_field("title").max_length,
                keep_letters=False,
            )
        ],
        "internal": {
            "sk_number": "",
            "facilities": as_lines(record_value(record, "facilities")),
            "staff_competence": as_lines(record_value(record, "staff_competence")),
            "internal_oversight": as_lines(record_value(record, "internal_oversight")),
            "staff_count": as_lines(record_value(record, "staff_count")),
            "service_guarantee": as_lines(record_value(record, "service_guarantee")),
            "safety_guarantee": as_lines(record_value(record, "safety_guarantee")),
            "performance_evaluation": as_lines(record_value(record, "performance_evaluation")),
        },
        "sources": [
            {
                "title": source_title,
                "url": "",
                "confidence": SOURCE_CONFIDENCE,
            }
        ],
        "verification_notes": fee_note,
        "review_interval_days": None,
    }
