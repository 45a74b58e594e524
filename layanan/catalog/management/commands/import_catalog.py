"""Import a catalog file or a Mall Pelayanan Publik list (docs/open-data.md).

Bad records are listed with their position and reason and do not stop the
others; the exit status is non-zero only when the file itself cannot be read,
is not JSON, or has a shape this command does not know.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.catalog.services.open_data import (
    DEFAULT_CHANGE_NOTE,
    KINDS,
    MPP_FORMAT,
    OUTCOMES,
    CatalogImportError,
    detect_format,
    import_catalog,
    import_mpp,
)


class Command(BaseCommand):
    help = "Import a Layanan catalog file or a Mall Pelayanan Publik service list (JSON)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON file to import.")
        parser.add_argument(
            "--region", metavar="CODE",
            help="Kemendagri code of the region an MPP list belongs to (e.g. 51.71); the region must exist.",
        )
        parser.add_argument(
            "--note", default=DEFAULT_CHANGE_NOTE, help="Change note for the service revisions."
        )
        parser.add_argument(
            "--progress-every", type=int, default=10, metavar="PERCENT",
            help="Print a progress line every PERCENT percent of the records (default 10; 0 turns it off).",
        )

    def handle(self, *args, file, region=None, note=DEFAULT_CHANGE_NOTE, progress_every=10, **options):
        try:
            with open(file, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(
                _("%(file)s is not a JSON file: %(error)s") % {"file": file, "error": exc}
            ) from exc
        try:
            kind = detect_format(data)
        except CatalogImportError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(_("Importing %(file)s (%(format)s format)…") % {"file": file, "format": kind})
        progress = self._progress_printer(progress_every)
        try:
            if kind == MPP_FORMAT:
                report = import_mpp(data, region_code=region, change_note=note, progress=progress)
            else:
                if region:
                    self.stdout.write(_("--region is ignored: a catalog file names each record's region."))
                report = import_catalog(data, change_note=note, progress=progress)
        except CatalogImportError as exc:
            raise CommandError(str(exc)) from exc

        for error in report.errors:
            self.stdout.write(self.style.WARNING(_("Rejected %(error)s") % {"error": error}))
        labels = {
            "regions": _("Regions"), "categories": _("Categories"),
            "agencies": _("Agencies"), "services": _("Services"),
        }
        for kind_name in KINDS:
            counts = report.counts[kind_name]
            if sum(counts.values()):
                self.stdout.write(
                    _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                      "%(rejected)d rejected")
                    % {"kind": labels[kind_name], **{k: counts[k] for k in OUTCOMES}}
                )
        style = self.style.SUCCESS if report.ok else self.style.WARNING
        self.stdout.write(style(_("Done: %(summary)s.") % {"summary": report.summary()}))

    def _progress_printer(self, every_percent: int):
        if every_percent <= 0:
            return None
        state = {"next": every_percent}

        def progress(done, total):
            percent = 100 * done // total if total else 100
            if percent >= state["next"] or done == total:
                self.stdout.write(_("  %(done)d/%(total)d records (%(percent)d%%)")
                                  % {"done": done, "total": total, "percent": percent})
                while state["next"] <= percent:
                    state["next"] += every_percent

        return progress
