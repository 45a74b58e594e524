"""The catalog as one open-data file, and back (docs/open-data.md).

`export_catalog()` writes every region, category, agency and service in a
stable order, so two exports of the same catalog are equal apart from
`exported_at`. `import_catalog()` reads that file back (or a Mall Pelayanan
Publik list, see mpp.py) and upserts by natural key: regions by code,
categories, agencies and services by slug.

Each record is applied inside its own savepoint, so a bad record is reported
with its position and reason and never stops the good ones. A service that an
import creates or changes gets a revision, like an edit in the staff area.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Agency,
    Category,
    Fee,
    LegalBasis,
    Region,
    Requirement,
    Service,
    ServiceChannel,
)
from . import mpp
from .documents import (
    INTERNAL_FIELDS,
    DocumentError,
    apply_links,
    apply_service_document,
    service_to_document,
)
from .revisions import record_revision

FORMAT = "layanan-catalog"
VERSION = 1
MPP_FORMAT = "mpp"
DEFAULT_CHANGE_NOTE = "Impor data katalog"
OUTCOMES = ("created", "updated", "unchanged", "rejected")
KINDS = ("regions", "categories", "agencies", "services")


class CatalogImportError(ValueError):
    """The data as a whole cannot be imported (nothing was written)."""


class UnknownFormatError(CatalogImportError):
    """The data is neither a catalog file nor an MPP list."""


@dataclass
class RecordError:
    position: str  # "services[3]" in a catalog file, "[3]" in an MPP list
    reason: str
    label: str = ""  # the record's slug, code or name, when it has one

    def __str__(self):
        where = f"{self.position} ({self.label})" if self.label else self.position
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    format: str = FORMAT
    counts: dict = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    errors: list = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(c["created"] for c in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(c["updated"] for c in self.counts.values())

    @property
    def unchanged(self) -> int:
        return sum(c["unchanged"] for c in self.counts.values())

    @property
    def rejected(self) -> int:
        return sum(c["rejected"] for c in self.counts.values())

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def reject(self, kind: str, position: str, reason: str, label: str = "") -> None:
        self.counts[kind]["rejected"] += 1
        self.errors.append(RecordError(position, reason, label or ""))

    def summary(self) -> str:
        return _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected"
        ) % {
            "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected,
        }


class _Progress:
    def __init__(self, callback, total: int):
        self.callback, self.total, self.done = callback, total, 0

    def step(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(self.done, self.total)


class _Unchanged(Exception):
    """Raised inside a savepoint to undo a write that changed nothing."""


# Errors a single bad record can cause; anything else is a bug and propagates.
RECORD_ERRORS = (
    DocumentError, ValidationError, DatabaseError, TypeError, ValueError, AttributeError, KeyError,
)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return " ".join(
                f"{name}: {message}" for name, messages in exc.message_dict.items() for message in messages
            )
        return " ".join(exc.messages)
    if isinstance(exc, DatabaseError):
        return _("Rejected by the database: %(error)s") % {"error": str(exc).strip().splitlines()[0]}
    return str(exc)


# --- Export ------------------------------------------------------------------

def _services_for_documents():
    return Service.objects.select_related("category", "agency", "region", "variant_of").prefetch_related(
        "prerequisites", "requirements", "steps", "fees", "channels", "legal_bases"
    )


def export_catalog() -> dict:
    """The whole catalog as a JSON-ready dict, ordered by code and slug."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "regions": [
            {
                "code": r.code,
                "name": r.name,
                "level": r.level,
                "parent": r.parent.code if r.parent_id else None,
            }
            for r in Region.objects.select_related("parent").order_by("code")
        ],
        "categories": [
            {
                "slug": c.slug,
                "name": c.name,
                "name_en": c.name_en,
                "description": c.description,
                "description_en": c.description_en,
                "position": c.position,
            }
            for c in Category.objects.order_by("slug")
        ],
        "agencies": [
            {
                "slug": a.slug,
                "name": a.name,
                "short_name": a.short_name,
                "level": a.level,
                "parent": a.parent.slug if a.parent_id else None,
                "region": a.region.code if a.region_id else None,
                "description": a.description,
                "website": a.website,
                "contact_channels": a.contact_channels,
                "review_interval_days": a.review_interval_days,
                "answer_target_working_days": a.answer_target_working_days,
            }
            for a in Agency.objects.select_related("parent", "region").order_by("slug")
        ],
        "services": [
            service_to_document(s, freshness=True) for s in _services_for_documents().order_by("slug")
        ],
    }


# --- Format detection --------------------------------------------------------

def detect_format(data) -> str:
    """FORMAT or MPP_FORMAT; UnknownFormatError for anything else."""
    if isinstance(data, dict):
        if data.get("format") != FORMAT:
            raise UnknownFormatError(
                _("Not a Layanan catalog file: the 'format' field must be '%(format)s'.")
                % {"format": FORMAT}
            )
        if data.get("version") != VERSION:
            raise UnknownFormatError(
                _("Catalog file version '%(version)s' is not supported (supported: %(supported)d).")
                % {"version": data.get("version"), "supported": VERSION}
            )
        for kind in KINDS:
            if not isinstance(data.get(kind, []), list):
                raise UnknownFormatError(_("Field '%(field)s' must be a list.") % {"field": kind})
        return FORMAT
    if mpp.looks_like_mpp(data):
        return MPP_FORMAT
    raise UnknownFormatError(
        _(
            "Unknown data shape: expected a Layanan catalog file "
            "or a Mall Pelayanan Publik service list."
        )
    )


# --- Validation helpers ------------------------------------------------------

def _text(record: dict, key: str, model, *, required=False, name: str | None = None, path: str = "") -> str:
    """A string field of a record, checked against the model field's length."""
    value = record.get(key)
    label = f"{path}{key}"
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DocumentError(_("Field '%(field)s' must be text.") % {"field": label})
    value = value.strip() if required else value
    if required and not value:
        raise DocumentError(_("Field '%(field)s' is required.") % {"field": label})
    max_length = model._meta.get_field(name or key).max_length
    if max_length and len(value) > max_length:
        raise DocumentError(
            _("Field '%(field)s' is too long: %(length)d characters, at most %(max)d.")
            % {"field": label, "length": len(value), "max": max_length}
        )
    return value


def _integer(value, label: str, *, minimum: int = 0):
    if value is None:
        return None
    if type(value) is not int or value < minimum:
        raise DocumentError(
            _("Field '%(field)s' must be a whole number ≥ %(min)d.") % {"field": label, "min": minimum}
        )
    return value


def _list(value, label: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(_("Field '%(field)s' must be a list.") % {"field": label})
    return value


def _objects(value, label: str) -> list[dict]:
    items = _list(value, label)
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise DocumentError(
                _("'%(field)s[%(index)d]' must be a JSON object.") % {"field": label, "index": i}
            )
    return items


def _url(value: str, label: str) -> None:
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            raise DocumentError(_("Field '%(field)s' is not a valid URL.") % {"field": label}) from None


def _choice(value: str, choices, label: str) -> None:
    if value and value not in choices:
        raise DocumentError(
            _("Value '%(value)s' of '%(field)s' is not recognised.") % {"value": value, "field": label}
        )


def validate_service_document(doc) -> None:
    """Check a service document's types and lengths before anything is written.

    apply_service_document() trusts its input's shape; checking here gives the
    same answer on every database (SQLite does not enforce lengths).
    """
    if not isinstance(doc, dict):
        raise DocumentError(_("Each service must be a JSON object."))
    slug = _text(doc, "slug", Service, required=True)
    try:
        validate_slug(slug)
    except ValidationError:
        raise DocumentError(
            _("Slug '%(slug)s' may contain only letters, numbers, hyphens and underscores.")
            % {"slug": slug}
        ) from None
    _text(doc, "name", Service, required=True)
    for key in ("summary", "product", "complaint_handling", "verification_notes", "status", "category",
                "agency"):
        if not isinstance(doc.get(key) or "", str):
            raise DocumentError(_("Field '%(field)s' must be text.") % {"field": key})
    _text(doc, "keywords", Service)
    _url(_text(doc, "online_url", Service), "online_url")
    if doc.get("region") is not None and not isinstance(doc["region"], str):
        raise DocumentError(_("Field '%(field)s' must be text.") % {"field": "region"})
    if doc.get("variant_of") is not None and not isinstance(doc["variant_of"], str):
        raise DocumentError(_("Field '%(field)s' must be text.") % {"field": "variant_of"})
    if not all(isinstance(s, str) for s in _list(doc.get("prerequisites"), "prerequisites")):
        raise DocumentError(_("Field '%(field)s' must be a list of slugs.") % {"field": "prerequisites"})

    for i, item in enumerate(_list(doc.get("requirements"), "requirements")):
        path = f"requirements[{i}]."
        if isinstance(item, str):
            item = {"text": item}
        elif not isinstance(item, dict):
            raise DocumentError(_("'%(field)s' must be text or a JSON object.") % {"field": path[:-1]})
        _text(item, "text", Requirement, required=True, path=path)
        _text(item, "note", Requirement, path=path)
        _choice(_text(item, "form", Requirement, path=path), Requirement.Form.values, f"{path}form")
    if not all(isinstance(s, str) and s.strip() for s in _list(doc.get("steps"), "steps")):
        raise DocumentError(_("Each procedure step must be non-empty text."))

    duration = doc.get("duration") or {}
    if not isinstance(duration, dict):
        raise DocumentError(_("Field '%(field)s' must be a JSON object.") % {"field": "duration"})
    _integer(duration.get("min"), "duration.min")
    _integer(duration.get("max"), "duration.max")
    _text(duration, "unit", Service, name="duration_unit", path="duration.")
    _text(duration, "text", Service, name="duration_text", path="duration.")

    for i, fee in enumerate(_objects(doc.get("fees"), "fees")):
        path = f"fees[{i}]."
        _text(fee, "label", Fee, required=True, path=path)
        _text(fee, "condition", Fee, path=path)
        _text(fee, "legal_basis", Fee, path=path)
        if fee.get("amount") is None:
            raise DocumentError(_("Field '%(field)s' is required.") % {"field": f"{path}amount"})
        _integer(fee.get("amount"), f"{path}amount")
    for i, channel in enumerate(_objects(doc.get("channels"), "channels")):
        path = f"channels[{i}]."
        purpose = _text(channel, "purpose", ServiceChannel, path=path)
        _choice(purpose, ServiceChannel.Purpose.values, f"{path}purpose")
        _choice(_text(channel, "kind", ServiceChannel, path=path), ServiceChannel.Kind.values, f"{path}kind")
        _text(channel, "name", ServiceChannel, required=True, path=path)
        _text(channel, "value", ServiceChannel, path=path)
        _text(channel, "opening_hours", ServiceChannel, path=path)
    for i, basis in enumerate(_objects(doc.get("legal_bases"), "legal_bases")):
        path = f"legal_bases[{i}]."
        _text(basis, "title", LegalBasis, required=True, path=path)
        _url(_text(basis, "url", LegalBasis, path=path), f"{path}url")

    internal = doc.get("internal") or {}
    if not isinstance(internal, dict):
        raise DocumentError(_("Field '%(field)s' must be a JSON object.") % {"field": "internal"})
    for name in INTERNAL_FIELDS:
        _text(internal, name, Service, path="internal.")
    _objects(doc.get("sources"), "sources")
    _integer(doc.get("review_interval_days"), "review_interval_days", minimum=1)


# --- Upserts of regions, categories, agencies --------------------------------

def _upsert(model, lookup: dict, values: dict, *, exclude=()) -> str:
    """Create or update one row by natural key; returns the outcome."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(exclude=exclude)
        obj.save()
        return "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean(exclude=exclude)
    obj.save(update_fields=[model._meta.get_field(name).name for name in changed])
    return "updated"


def _region_values(record: dict) -> tuple[dict, dict]:
    code = _text(record, "code", Region, required=True)
    parent_code = record.get("parent")
    parent_id = None
    if parent_code:
        parent_id = Region.objects.filter(code=parent_code).values_list("id", flat=True).first()
        if parent_id is None:
            raise DocumentError(_("Parent region '%(code)s' was not found.") % {"code": parent_code})
    return {"code": code}, {
        "name": _text(record, "name", Region, required=True),
        "level": _text(record, "level", Region, required=True),
        "parent_id": parent_id,
    }


def _category_values(record: dict) -> tuple[dict, dict]:
    slug = _text(record, "slug", Category, required=True)
    name = _text(record, "name", Category, required=True)
    position = record.get("position")
    return {"slug": slug}, {
        "name": name,
        # A file without an English name falls back to the Indonesian one.
        "name_en": _text(record, "name_en", Category) or name,
        "description": _text(record, "description", Category),
        "description_en": _text(record, "description_en", Category),
        "position": _integer(position, "position") if position is not None else 0,
    }


def _agency_values(record: dict) -> tuple[dict, dict]:
    slug = _text(record, "slug", Agency, required=True)
    parent_slug = record.get("parent")
    parent_id = region_id = None
    if parent_slug:
        parent_id = Agency.objects.filter(slug=parent_slug).values_list("id", flat=True).first()
        if parent_id is None:
            raise DocumentError(_("Parent agency '%(slug)s' was not found.") % {"slug": parent_slug})
    if record.get("region"):
        region_id = Region.objects.filter(code=record["region"]).values_list("id", flat=True).first()
        if region_id is None:
            raise DocumentError(_("Region '%(code)s' was not found.") % {"code": record["region"]})
    channels = _objects(record.get("contact_channels"), "contact_channels")
    interval = record.get("review_interval_days")
    answer_target = record.get("answer_target_working_days")
    return {"slug": slug}, {
        "name": _text(record, "name", Agency, required=True),
        "short_name": _text(record, "short_name", Agency),
        "level": _text(record, "level", Agency, required=True),
        "parent_id": parent_id,
        "region_id": region_id,
        "description": _text(record, "description", Agency),
        "website": _text(record, "website", Agency),
        "contact_channels": channels,
        "review_interval_days": (
            _integer(interval, "review_interval_days", minimum=1)
            if interval is not None
            else settings.LAYANAN_DEFAULT_REVIEW_INTERVAL_DAYS
        ),
        "answer_target_working_days": (
            _integer(answer_target, "answer_target_working_days", minimum=1)
            if answer_target is not None
            else Agency._meta.get_field("answer_target_working_days").default
        ),
    }


def _parents_first(records: list, key: str) -> tuple[list[int], dict[int, str]]:
    """Indexes in an order where each record comes after its parent in the file.

    Returns the order and the records that cannot be placed: duplicates of a
    key seen earlier, and members of a parent cycle, with the reason.
    """
    index, problems = {}, {}
    for i, record in enumerate(records):
        k = record.get(key) if isinstance(record, dict) else None
        if isinstance(k, str) and k:
            if k in index:
                problems[i] = _("'%(key)s' appears more than once (first at position %(first)d).") % {
                    "key": k, "first": index[k],
                }
            else:
                index[k] = i
    order, state = [], {}  # state: 1 visiting, 2 done

    def visit(i, trail):
        if state.get(i) == 2:
            return
        if state.get(i) == 1:
            for j in trail[trail.index(i):]:
                problems[j] = _("The parents refer to each other (a cycle).")
            return
        state[i] = 1
        record = records[i]
        parent = record.get("parent") if isinstance(record, dict) else None
        if isinstance(parent, str) and parent in index and i not in problems:
            visit(index[parent], [*trail, i])
        state[i] = 2
        order.append(i)

    for i in range(len(records)):
        visit(i, [])
    return [i for i in order if i not in problems], problems


def _label(record, key: str) -> str:
    value = record.get(key) if isinstance(record, dict) else None
    return value if isinstance(value, str) else ""


def _import_simple(kind: str, records: list, values_of, *, key: str, hierarchical: bool,
                   report: ImportReport, progress: _Progress) -> None:
    if hierarchical:
        order, problems = _parents_first(records, key)
    else:
        order, problems, seen = [], {}, {}
        for i, record in enumerate(records):
            k = _label(record, key)
            if k and k in seen:
                problems[i] = _("'%(key)s' appears more than once (first at position %(first)d).") % {
                    "key": k, "first": seen[k],
                }
                continue
            if k:
                seen[k] = i
            order.append(i)
    for i, reason in sorted(problems.items()):
        report.reject(kind, f"{kind}[{i}]", reason, _label(records[i], key))
        progress.step()
    model = {"regions": Region, "categories": Category, "agencies": Agency}[kind]
    for i in order:
        record = records[i]
        try:
            if not isinstance(record, dict):
                raise DocumentError(_("Each record must be a JSON object."))
            with transaction.atomic():
                lookup, values = values_of(record)
                report.count(kind, _upsert(model, lookup, values))
        except RECORD_ERRORS as exc:
            report.reject(kind, f"{kind}[{i}]", _reason(exc), _label(record, key))
        progress.step()


# --- Services ----------------------------------------------------------------

def _load_document(slug: str) -> tuple[Service | None, dict | None]:
    service = _services_for_documents().filter(slug=slug).first()
    return service, (service_to_document(service, freshness=True) if service else None)


def _content(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("variant_of", "prerequisites")}


def _links(doc: dict | None) -> tuple:
    if not doc:
        return (None, [])
    return (doc.get("variant_of") or None, sorted(set(doc.get("prerequisites") or [])))


@dataclass
class _Planned:
    position: str
    doc: dict
    label: str
    service: Service
    created: bool
    before: dict | None
    content_changed: bool
    missing: set = field(default_factory=set)


def _import_services(items: list[tuple[str, object, str]], *, author, change_note: str,
                     report: ImportReport, progress: _Progress) -> None:
    """Two passes: content (one savepoint per record), then links between services."""
    planned: list[_Planned] = []
    seen: dict[str, str] = {}
    for position, doc, label in items:
        try:
            validate_service_document(doc)
            slug = doc["slug"].strip()
            if slug in seen:
                raise DocumentError(
                    _("Slug '%(slug)s' appears more than once (first at %(first)s).")
                    % {"slug": slug, "first": seen[slug]}
                )
            seen[slug] = position
            with transaction.atomic():
                existing, before = _load_document(slug)
                try:
                    with transaction.atomic():
                        # A fresh instance: `existing` caches the child rows this replaces.
                        service, created = apply_service_document({**doc, "slug": slug})
                        if not created and _content(_load_document(slug)[1]) == _content(before):
                            raise _Unchanged
                    content_changed = True
                except _Unchanged:
                    service, created, content_changed = existing, False, False
            planned.append(_Planned(position, doc, label, service, created, before, content_changed))
        except RECORD_ERRORS as exc:
            report.reject("services", position, _reason(exc), label)
        progress.step()

    # Links may only point at services that exist and stay: those that were
    # there before this import and the new ones whose own links are fine.
    targets = {t for p in planned for t in [_links(p.doc)[0], *_links(p.doc)[1]] if t}
    created_slugs = {p.service.slug for p in planned if p.created}
    existing_slugs = set(Service.objects.filter(slug__in=targets).values_list("slug", flat=True))
    existing_slugs -= created_slugs
    available = existing_slugs | created_slugs
    changed = True
    while changed:
        changed = False
        for p in planned:
            if p.missing:
                continue
            variant, prerequisites = _links(p.doc)
            p.missing = {t for t in [variant, *prerequisites] if t and t not in available}
            if p.missing:
                changed = True
                if p.created:
                    available.discard(p.service.slug)

    for p in planned:
        if p.missing:
            report.reject(
                "services", p.position,
                _("Referenced services (variant_of/prerequisites) not found: %(slugs)s.")
                % {"slugs": ", ".join(sorted(p.missing))},
                p.label,
            )
            if p.created:
                p.service.delete()
            elif p.before is not None:
                apply_service_document(p.before, service=p.service)
            continue
        links_changed = _links(p.doc) != _links(p.before)
        if p.created or links_changed:
            apply_links(p.service, p.doc)
        if p.created:
            outcome = "created"
        elif p.content_changed or links_changed:
            outcome = "updated"
        else:
            outcome = "unchanged"
        if outcome != "unchanged":
            record_revision(p.service, author, change_note, action="service.import")
        report.count("services", outcome)


# --- Entry points ------------------------------------------------------------

def import_catalog(
    data: dict, *, author=None, change_note: str = DEFAULT_CHANGE_NOTE, progress=None
) -> ImportReport:
    """Upsert a catalog file (export_catalog's format) into the database.

    An MPP list is accepted too and goes to import_mpp() without a region.
    Raises UnknownFormatError when the data is neither; otherwise bad records
    are listed in the report and the rest is imported. `progress` is called
    as progress(done, total) after each record.
    """
    if detect_format(data) == MPP_FORMAT:
        return import_mpp(data, author=author, change_note=change_note, progress=progress)
    report = ImportReport(format=FORMAT)
    sections = {kind: data.get(kind) or [] for kind in KINDS}
    tracker = _Progress(progress, sum(len(records) for records in sections.values()))
    with transaction.atomic():
        _import_simple("regions", sections["regions"], _region_values, key="code", hierarchical=True,
                       report=report, progress=tracker)
        _import_simple("categories", sections["categories"], _category_values, key="slug", hierarchical=False,
                       report=report, progress=tracker)
        _import_simple("agencies", sections["agencies"], _agency_values, key="slug", hierarchical=True,
                       report=report, progress=tracker)
        _import_services(
            [(f"services[{i}]", doc, _label(doc, "slug")) for i, doc in enumerate(sections["services"])],
            author=author, change_note=change_note, report=report, progress=tracker,
        )
    return report


def _ensure_agency(name: str, slug: str, region, report: ImportReport, cache: dict) -> Agency:
    if slug not in cache:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            agency = Agency(name=name, slug=slug, level=Agency.Level.LOCAL, region=region)
            agency.full_clean()
            agency.save()
            report.count("agencies", "created")
        else:
            report.count("agencies", "unchanged")
        cache[slug] = agency
    return cache[slug]


def _ensure_category(slug: str, name: str, name_en: str, report: ImportReport, cache: dict) -> Category:
    if slug not in cache:
        category = (
            Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
        )
        if category is None:
            last = Category.objects.aggregate(p=Max("position"))["p"]
            category = Category.objects.create(
                slug=slug, name=name, name_en=name_en, position=0 if last is None else last + 1
            )
            report.count("categories", "created")
        else:
            report.count("categories", "unchanged")
        cache[slug] = category
    return cache[slug]


def import_mpp(records: list, *, region_code: str | None = None, author=None,
               change_note: str = DEFAULT_CHANGE_NOTE, progress=None) -> ImportReport:
    """Import a Mall Pelayanan Publik list of service standards (see mpp.py).

    Agencies are created from `instansi_penyelenggara` (local level, in
    `region_code` when given) and categories from a keyword map; existing
    ones are used as they are. Services are keyed by a slug made of service
    and agency name, so importing the same list again changes nothing.
    """
    if not isinstance(records, list):
        raise UnknownFormatError(_("Mall Pelayanan Publik data must be a list."))
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            raise CatalogImportError(
                _("Region '%(code)s' was not found; the import was cancelled.") % {"code": region_code}
            )
    report = ImportReport(format=MPP_FORMAT)
    tracker = _Progress(progress, len(records))
    agencies, categories, slug_counts = {}, {}, Counter()
    items = []
    with transaction.atomic():
        for i, record in enumerate(records):
            position = f"[{i}]"
            name = ""
            try:
                if not isinstance(record, dict):
                    raise DocumentError(_("Each service must be a JSON object."))
                name = mpp.clean_text(mpp.record_value(record, "name"))
                agency_name = mpp.clean_text(mpp.record_value(record, "agency"))
                if not name:
                    raise DocumentError(_("Field '%(field)s' is required.") % {"field": "nama_layanan"})
                if not agency_name:
                    raise DocumentError(_("Field '%(field)s' is required.") % {"field": "instansi_penyelenggara"})
                slug = mpp.agency_slug(agency_name)
                if not slug:
                    raise DocumentError(
                        _("Agency name '%(name)s' cannot be turned into a slug.") % {"name": agency_name}
                    )
                with transaction.atomic():
                    agency = _ensure_agency(agency_name, slug, region, report, agencies)
                with transaction.atomic():
                    category = _ensure_category(*mpp.guess_category(name, agency_name), report, categories)
                base = mpp.service_base_slug(name, agency.slug)
                slug_counts[base] += 1
                service_slug = base if slug_counts[base] == 1 else f"{base}-{slug_counts[base]}"
                doc = mpp.record_to_document(
                    record, slug=service_slug, agency_slug_=agency.slug, category_slug=category.slug,
                    region_code=region.code if region else None,
                )
            except RECORD_ERRORS as exc:
                report.reject("services", position, _reason(exc), name)
                tracker.step()
                continue
            items.append((position, doc, name))
        _import_services(items, author=author, change_note=change_note, report=report, progress=tracker)
    return report
