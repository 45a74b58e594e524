"""Importing an agency's FAQ (CSV or JSON) as knowledge articles.

Reading and importing are separate steps so that the command, tests and
benchmarks share one code path:

    rows = read_faq_file(path)                    # FaqFile: rows + problems
    agency, created = resolve_agency("BPJS Kesehatan")
    report = import_faq_rows(rows.rows, agency)   # ImportReport

Rows are numbered as a spreadsheet shows them: the header is line 1 and the
first entry line 2, and an answer that spans several physical lines inside
quotes is still one line. JSON entries are numbered from 1.
"""

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from layanan.audit.services import record as audit
from layanan.catalog.models import Agency, Category, Service

from ..models import Article
from .articles import unique_slug
from .workflow import record_imported_revision

# Column names recognised without options, per field, first match wins.
# Other FAQ exports name the same things differently (an "answer_link" is the
# page the answer came from).
COLUMN_ALIASES = {
    "question": ["question", "pertanyaan", "title", "judul"],
    "answer": ["answer", "jawaban", "body", "isi"],
    "category": ["category", "kategori"],
    "service": ["service", "layanan", "service_slug"],
    "source_url": ["source_url", "answer_link", "source", "sumber", "url", "link"],
    "keywords": ["keywords", "kata_kunci"],
}
REQUIRED = ("question", "answer")
TITLE_MAX = Article._meta.get_field("title").max_length
LABEL_MAX = Article._meta.get_field("category_label").max_length
URL_MAX = Article._meta.get_field("source_url").max_length
KEYWORDS_MAX = Article._meta.get_field("keywords").max_length


class FaqFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass
class FaqRow:
    number: int  # spreadsheet line (CSV) or 1-based entry (JSON)
    question: str = ""
    answer: str = ""
    category: str = ""
    service: str = ""
    source_url: str = ""
    keywords: str = ""


@dataclass
class FaqFile:
    rows: list[FaqRow]
    kind: str  # "csv" or "json"
    columns: dict[str, str]  # field → column name used
    ignored_columns: list[str]


@dataclass
class RowProblem:
    number: int
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def question_key(text: str) -> str:
    """What makes two questions "the same" within an agency: case, spacing and
    trailing punctuation do not count."""
    return " ".join(text.casefold().split()).rstrip(" ?.!:")


# --- reading ----------------------------------------------------------------

def _match_columns(header: list[str], overrides: dict[str, str] | None) -> dict[str, str]:
    normalized = {h.strip().casefold(): h for h in header}
    chosen = {}
    for name, explicit in (overrides or {}).items():
        if not explicit:
            continue
        if explicit.strip().casefold() not in normalized:
            raise FaqFileError(
                _("Column “%(column)s” is not in the file. Columns found: %(found)s.")
                % {"column": explicit, "found": ", ".join(header)}
            )
        chosen[name] = normalized[explicit.strip().casefold()]
    for name, aliases in COLUMN_ALIASES.items():
        if name in chosen:
            continue
        for alias in aliases:
            if alias in normalized and normalized[alias] not in chosen.values():
                chosen[name] = normalized[alias]
                break
    missing = [name for name in REQUIRED if name not in chosen]
    if missing:
        raise FaqFileError(
            _("The file needs a “%(field)s” column (or name it with --%(field)s-column). Columns found: %(found)s.")
            % {"field": missing[0], "found": ", ".join(h for h in header if h) or "—"}
        )
    return chosen


def _row_from(values: dict[str, str], columns: dict[str, str], number: int) -> FaqRow:
    def get(name):
        value = values.get(columns[name]) if name in columns else None
        return "" if value is None else str(value).strip()

    return FaqRow(number=number, **{name: get(name) for name in COLUMN_ALIASES})


def read_faq_csv(path: Path, columns: dict[str, str] | None = None) -> FaqFile:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            records = list(csv.reader(f))
    except UnicodeDecodeError as exc:
        raise FaqFileError(_("The file is not UTF-8 text (byte %(pos)d).") % {"pos": exc.start}) from None
    except csv.Error as exc:
        raise FaqFileError(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from None
    if not records or not any(c.strip() for c in records[0]):
        raise FaqFileError(_("The file is empty or has no header line."))
    header = [h.strip() for h in records[0]]
    chosen = _match_columns(header, columns)
    rows = []
    # Line 1 is the header, as in a spreadsheet; each record is one line there
    # even when a quoted answer spans several lines of the file.
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        rows.append(_row_from(dict(zip(header, record)), chosen, number))
    ignored = [h for h in header if h and h not in chosen.values()]
    return FaqFile(rows=rows, kind="csv", columns=chosen, ignored_columns=ignored)


def read_faq_json(path: Path, columns: dict[str, str] | None = None) -> FaqFile:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise FaqFileError(_("The file is not UTF-8 text.")) from None
    except json.JSONDecodeError as exc:
        raise FaqFileError(
            _("The JSON is not valid (line %(line)d, column %(col)d): %(error)s")
            % {"line": exc.lineno, "col": exc.colno, "error": exc.msg}
        ) from None
    if not isinstance(data, list):
        raise FaqFileError(_("The JSON file must be a list of objects with “question” and “answer”."))
    keys = []
    for item in data:
        if isinstance(item, dict):
            keys.extend(k for k in item if k not in keys)
    chosen = _match_columns(keys, columns)
    rows = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            rows.append(FaqRow(number=number))  # reported as missing question/answer
            continue
        rows.append(_row_from(item, chosen, number))
    ignored = [k for k in keys if k not in chosen.values()]
    return FaqFile(rows=rows, kind="json", columns=chosen, ignored_columns=ignored)


def read_faq_file(path, columns: dict[str, str] | None = None) -> FaqFile:
    """Read a .csv or .json FAQ file; `columns` maps field → column name."""
    path = Path(path)
    if not path.is_file():
        raise FaqFileError(_("File not found: %(path)s") % {"path": path})
    suffix = path.suffix.lower()
    if suffix == ".json":
        return read_faq_json(path, columns)
    if suffix in (".csv", ".txt", ""):
        return read_faq_csv(path, columns)
    raise FaqFileError(_("Unknown file type “%(suffix)s”: use .csv or .json.") % {"suffix": suffix})


# --- importing --------------------------------------------------------------

def resolve_agency(name_or_slug: str, *, level: str = Agency.Level.NATIONAL) -> tuple[Agency, bool]:
    """The agency with this slug, name or (unambiguous) short name, or a new one.

    Returns (agency, created). A created agency is audited.
    """
    value = " ".join(name_or_slug.split())
    if not value:
        raise FaqFileError(_("The agency name is empty."))
    agency = (
        Agency.objects.filter(slug=value).first()
        or Agency.objects.filter(slug=slugify(value)).first()
        or Agency.objects.filter(name__iexact=value).first()
    )
    if agency is None:
        by_short = list(Agency.objects.filter(short_name__iexact=value)[:2])
        agency = by_short[0] if len(by_short) == 1 else None
    if agency is not None:
        return agency, False
    base = slugify(value)[:70].strip("-") or "instansi"
    slug, n = base, 1
    while Agency.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    agency = Agency.objects.create(name=value, slug=slug, level=level)
    audit(None, "agency.create", agency, agency_id=agency.pk, source="import_faq")
    return agency, True


class _CategoryResolver:
    """A row's category text → (portal Category or None, label to keep)."""

    def __init__(self):
        self.by_key = {}
        for category in Category.objects.all():
            for key in (category.slug, category.name.casefold(), category.name_en.casefold()):
                if key:
                    self.by_key.setdefault(key, category)

    def __call__(self, text: str):
        text = " ".join(text.split())
        if not text:
            return None, ""
        category = self.by_key.get(text.casefold()) or self.by_key.get(slugify(text))
        if category is not None:
            return category, ""
        return None, text[:LABEL_MAX]


def _same(article: Article, values: dict) -> bool:
    """Whether saving `values` would leave the article as it is (compares ids, not rows)."""
    for name, value in values.items():
        if isinstance(value, models.Model) or value is None and name in ("category", "service"):
            if getattr(article, f"{name}_id") != (value.pk if value is not None else None):
                return False
        elif getattr(article, name) != value:
            return False
    return True


@transaction.atomic
def import_faq_rows(
    rows: Iterable[FaqRow],
    agency: Agency,
    *,
    publish: bool = True,
    default_category: str = "",
    progress: Callable[[int, int], None] | None = None,
    source_name: str = "",
) -> ImportReport:
    """Create or update one article per row; see the module docstring.

    - A row whose question (ignoring case and spacing) matches an article of
      the same agency updates that article instead of adding a duplicate, so
      re-importing a file is idempotent.
    - With `publish`, every imported entry ends up published and counts as
      verified today. Without it, new entries are drafts, existing drafts are
      updated, and published entries are left untouched (reported), so that a
      draft import never changes what citizens see.
    - Rows missing the question or answer, or naming an unknown service, are
      skipped and reported with their line number.
    """
    rows = list(rows)
    report = ImportReport()
    resolve_category = _CategoryResolver()
    default = resolve_category(default_category) if default_category else (None, "")
    existing = {}
    for article in Article.objects.filter(agency=agency).order_by("pk"):
        existing.setdefault(question_key(article.title), article)
    seen_at: dict[str, int] = {}
    taken_slugs = set(Article.objects.values_list("slug", flat=True))
    services = {}
    now = timezone.now()

    for index, row in enumerate(rows, start=1):
        if progress:
            progress(index, len(rows))
        if not row.question or not row.answer:
            if not row.question and not row.answer:
                message = _("the question and the answer are empty.")
            elif not row.question:
                message = _("the question is empty.")
            else:
                message = _("the answer is empty.")
            report.errors.append(RowProblem(row.number, message))
            continue
        if len(row.question) > TITLE_MAX:
            report.errors.append(RowProblem(row.number, _("the question is longer than %(max)d characters.")
                                            % {"max": TITLE_MAX}))
            continue
        service = None
        if row.service:
            if row.service not in services:
                services[row.service] = Service.objects.filter(slug=row.service).first()
            service = services[row.service]
            if service is None:
                report.errors.append(RowProblem(row.number, _("no service has the slug “%(slug)s”.")
                                                % {"slug": row.service}))
                continue
        source_url = row.source_url
        if source_url and (not source_url.startswith(("http://", "https://")) or len(source_url) > URL_MAX):
            report.warnings.append(RowProblem(row.number, _("the source “%(url)s” is not a web address; "
                                                            "it was left out.") % {"url": source_url[:80]}))
            source_url = ""

        key = question_key(row.question)
        if key in seen_at:
            report.warnings.append(RowProblem(row.number, _(
                "the same question is on line %(first)d; the answer on this line is kept.")
                % {"first": seen_at[key]}))
        seen_at[key] = row.number

        category, label = resolve_category(row.category) if row.category else default
        values = {
            "title": " ".join(row.question.split()),
            "body_markdown": row.answer,
            "category": category,
            "category_label": label,
            "service": service,
            "source_url": source_url,
            "keywords": row.keywords[:KEYWORDS_MAX],
        }
        if publish:
            values["status"] = Article.Status.PUBLISHED

        article = existing.get(key)
        created = article is None
        if not created and _same(article, values):
            report.unchanged += 1
            report.articles.append(article)
            continue
        if not created and not publish and article.status == Article.Status.PUBLISHED:
            report.skipped += 1
            report.warnings.append(RowProblem(row.number, _(
                "the published article “%(title)s” differs from this line but a draft import does not "
                "change published articles.") % {"title": article.title[:80]}))
            continue
        if created:
            article = Article(agency=agency, kind=Article.Kind.FAQ)
            article.slug = unique_slug(values["title"], taken=taken_slugs)
        for name, value in values.items():
            setattr(article, name, value)
        if publish:
            article.verified_at = now
        article.save()
        record_imported_revision(
            article, published=publish,
            note=_("Imported from %(file)s") % {"file": Path(source_name).name} if source_name else _("Imported"),
        )
        existing[key] = article
        report.articles.append(article)
        if created:
            report.created += 1
        else:
            report.updated += 1

    audit(None, "knowledge.import_faq", agency, agency_id=agency.pk, file=source_name,
          created=report.created, updated=report.updated, unchanged=report.unchanged,
          skipped=report.skipped, errors=len(report.errors), published=publish)
    return report
