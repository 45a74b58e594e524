"""Service revisions: record a snapshot after each saved change, and compare two."""

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from layanan.audit.services import record as audit

from ..models import Service, ServiceRevision


@transaction.atomic
def record_revision(service: Service, author, change_note: str, *, action="service.edit") -> ServiceRevision | None:
    """Snapshot the service if its content changed since the last revision.

    Returns the new revision, or None when nothing changed. Every revision is
    also an audit entry, so staff edits are accountable in one log.
    """
    document = service.to_document()
    last = service.revisions.order_by("-number").first()
    if last is not None and last.document == document:
        return None
    number = (service.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    revision = ServiceRevision.objects.create(
        service=service,
        number=number,
        author=author if getattr(author, "is_authenticated", False) else None,
        change_note=change_note.strip() or _("No change note"),
        document=document,
    )
    audit(author, action, service, agency_id=service.agency_id, revision=number, note=revision.change_note)
    return revision


# --- Diffs -----------------------------------------------------------------

@dataclass
class DiffLine:
    op: str  # "equal", "insert", "delete"
    text: str


@dataclass
class SectionDiff:
    label: str
    lines: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.op != "equal" for line in self.lines)


def _section_lines(doc: dict) -> list[tuple[str, list[str]]]:
    """The document as labelled sections of readable lines, in page order."""
    duration = doc.get("duration") or {}
    fees = [
        f"{f['label']}: Rp{f['amount']:,}".replace(",", ".")
        + (f" ({f['condition']})" if f.get("condition") else "")
        + (f" [{f['legal_basis']}]" if f.get("legal_basis") else "")
        for f in doc.get("fees") or []
    ]
    return [
        (_("Name"), [doc.get("name", "")]),
        (_("Summary"), (doc.get("summary") or "").splitlines()),
        (_("Status"), [doc.get("status", "")]),
        (_("Category"), [doc.get("category", "")]),
        (_("Agency"), [doc.get("agency", "")]),
        (_("Region"), [doc.get("region") or _("National")]),
        (_("Requirements"), [
            r["text"] + (f" ({r['form']})" if r.get("form") else "") + (f" — {r['note']}" if r.get("note") else "")
            for r in doc.get("requirements") or []
        ]),
        (_("Procedure"), list(doc.get("steps") or [])),
        (_("Duration"), [
            " ".join(str(v) for v in (duration.get("min"), duration.get("max"), duration.get("unit")) if v not in (None, "")),
            duration.get("text") or "",
        ]),
        (_("Fees"), fees),
        (_("Service product"), (doc.get("product") or "").splitlines()),
        (_("Complaint handling"), (doc.get("complaint_handling") or "").splitlines()),
        (_("Channels"), [
            f"{c['name']}: {c['value']} {c.get('opening_hours') or ''}".strip()
            for c in doc.get("channels") or []
        ] + ([doc["online_url"]] if doc.get("online_url") else [])),
        (_("Legal basis"), [f"{b['title']} {b.get('url') or ''}".strip() for b in doc.get("legal_bases") or []]),
        (_("Prerequisite services"), list(doc.get("prerequisites") or [])),
        (_("Internal management"), [f"{k}: {v}" for k, v in (doc.get("internal") or {}).items() if v]),
        (_("Sources"), [f"{s.get('title', '')} {s.get('url', '')}".strip() for s in doc.get("sources") or []]),
    ]


def diff_lines(old_lines: list[str], new_lines: list[str]) -> list[DiffLine]:
    """Line diff: unchanged lines, then for each change the removed lines before the added ones.

    Shared with knowledge articles (knowledge.diffs), which diff Markdown sections.
    """
    lines = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("equal", t) for t in new_lines[j1:j2]]
        else:
            lines += [DiffLine("delete", t) for t in old_lines[i1:i2]]
            lines += [DiffLine("insert", t) for t in new_lines[j1:j2]]
    return lines


def diff_documents(old: dict | None, new: dict) -> list[SectionDiff]:
    """Section-by-section line diff from `old` (None for a first revision) to `new`."""
    old_sections = dict(_section_lines(old)) if old else {}
    result = []
    for label, new_lines in _section_lines(new):
        lines = diff_lines(old_sections.get(label, []), new_lines)
        result.append(SectionDiff(label, [line for line in lines if line.text or line.op != "equal"]))
    return result
