"""Write the whole catalog as one open-data JSON file (docs/open-data.md)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.catalog.services.open_data import export_catalog


class Command(BaseCommand):
    help = "Export the catalog (regions, categories, agencies, services) as open-data JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Output file; standard output when omitted or '-'.")

    def handle(self, *args, file=None, **options):
        data = export_catalog()
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if not file or file == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(file, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        counts = {kind: len(data[kind]) for kind in ("services", "agencies", "categories", "regions")}
        self.stdout.write(
            _("Exported %(services)d services, %(agencies)d agencies, %(categories)d categories "
              "and %(regions)d regions to %(file)s.") % {**counts, "file": file}
        )
