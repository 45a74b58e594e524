"""Print what is overdue, never verified or due soon, for monitoring.

    python manage.py freshness_report [--agency SLUG] [--json]

Published services and knowledge articles only (what citizens read). The
exit code is 0 whatever is found, so monitoring reads the output (or the
JSON counts), not the status; an unknown agency is an error.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from layanan.catalog.models import Agency
from layanan.freshness import overview


class Command(BaseCommand):
    help = "Print overdue and due-soon services and articles (human table or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="SLUG", help="Only this agency (its slug).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, agency=None, json=False, **options):
        agency_obj = None
        if agency:
            agency_obj = Agency.objects.filter(slug=agency).first()
            if agency_obj is None:
                raise CommandError(_("No agency with the slug %(slug)s.") % {"slug": agency})
        now = timezone.now()
        items = overview.items(agency_obj.pk if agency_obj else None, now=now)
        rows = [self._row(item) for item in items]
        counts = {state: sum(1 for r in rows if r["state"] == state) for state in overview.NEEDS_ATTENTION}
        if json:
            self.stdout.write(self._json({
                "generated_at": now.isoformat(),
                "agency": agency_obj.slug if agency_obj else None,
                "due_soon_days": settings.LAYANAN_DUE_SOON_DAYS,
                "counts": counts,
                "items": rows,
            }))
            return
        self._table(rows, counts, agency_obj)

    @staticmethod
    def _json(data) -> str:
        return json.dumps(data, ensure_ascii=False, indent=2)

    @staticmethod
    def _row(item) -> dict:
        obj = item.obj
        return {
            "type": item.kind,
            "state": item.state,
            "agency": obj.agency.slug,
            "slug": obj.slug,
            "title": item.title,
            "url": settings.LAYANAN_SITE_URL + obj.get_absolute_url(),
            "verified_at": obj.verified_at.isoformat() if obj.verified_at else None,
            "review_due_at": obj.review_due_at.isoformat() if obj.review_due_at else None,
            "days_overdue": item.days_overdue,
            "owner": obj.owner.username if obj.owner else None,
        }

    def _table(self, rows, counts, agency):
        labels = {"overdue": _("overdue"), "unverified": _("unverified"), "due-soon": _("due soon")}
        scope = agency.name if agency else _("all agencies")
        self.stdout.write(_("Freshness report for %(scope)s: %(overdue)d overdue, %(unverified)d unverified, "
                            "%(soon)d due soon") % {"scope": scope, "overdue": counts["overdue"],
                                                     "unverified": counts["unverified"],
                                                     "soon": counts["due-soon"]})
        if not rows:
            self.stdout.write(_("Nothing is overdue or due soon."))
            return
        header = [_("State"), _("Type"), _("Review due"), _("Agency"), _("Owner"), _("Title")]
        table = [header] + [[
            labels[r["state"]],
            _("service") if r["type"] == "service" else _("article"),
            (r["review_due_at"] or "—")[:10],
            r["agency"],
            r["owner"] or "—",
            r["title"],
        ] for r in rows]
        widths = [max(len(str(line[i])) for line in table) for i in range(len(header) - 1)]
        for line in table:
            cells = [str(cell).ljust(width) for cell, width in zip(line, widths)]
            self.stdout.write("  ".join([*cells, str(line[-1])]))
