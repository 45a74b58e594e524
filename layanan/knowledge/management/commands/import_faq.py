"""python manage.py import_faq PATH --agency NAME [--draft] [--category NAME]

Imports an agency's FAQ from CSV or JSON as knowledge articles. See
docs/knowledge.md for the file format and the rules.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.catalog.models import Agency

from ...services.faq_import import FaqFileError, import_faq_rows, read_faq_file, resolve_agency


class Command(BaseCommand):
    help = "Import an FAQ file (CSV or JSON with question and answer) as knowledge articles of one agency."

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV (UTF-8, with a header line) or JSON (a list of objects).")
        parser.add_argument("--agency", required=True,
                            help="Slug or name of the owning agency; created when no agency matches.")
        parser.add_argument("--agency-level", default=Agency.Level.NATIONAL, choices=Agency.Level.values,
                            help="Level of the agency if it has to be created (default: pusat).")
        parser.add_argument("--draft", action="store_true",
                            help="Import as drafts instead of publishing; published articles are not changed.")
        parser.add_argument("--category", default="",
                            help="Category for entries that have none (a portal category slug or name, "
                                 "otherwise kept as the agency's own label).")
        for name in ("question", "answer", "category", "service", "source"):
            parser.add_argument(f"--{name}-column", default="", metavar="COLUMN",
                                help=f"Name of the column holding the {name} (when it is not the usual one).")

    def handle(self, *args, path, agency, agency_level, draft, category, verbosity, **options):
        columns = {
            "question": options["question_column"],
            "answer": options["answer_column"],
            "category": options["category_column"],
            "service": options["service_column"],
            "source_url": options["source_column"],
        }
        try:
            faq = read_faq_file(path, columns)
        except FaqFileError as exc:
            raise CommandError(str(exc)) from None
        if verbosity >= 1:
            used = ", ".join(f"{field}←{column}" for field, column in faq.columns.items())
            self.stdout.write(_("Read %(n)d entries from %(path)s (columns: %(used)s).")
                              % {"n": len(faq.rows), "path": path, "used": used})
            if faq.ignored_columns:
                self.stdout.write(_("Ignored columns: %(columns)s.") % {"columns": ", ".join(faq.ignored_columns)})

        try:
            owner, created = resolve_agency(agency, level=agency_level)
        except FaqFileError as exc:
            raise CommandError(str(exc)) from None
        if verbosity >= 1:
            message = _("Created agency “%(name)s” (%(slug)s).") if created else _("Agency: %(name)s (%(slug)s).")
            self.stdout.write(message % {"name": owner.name, "slug": owner.slug})

        report = import_faq_rows(
            faq.rows, owner, publish=not draft, default_category=category,
            progress=self._progress if verbosity >= 1 else None, source_name=str(path),
        )
        if verbosity >= 1 and self.stdout.isatty():
            self.stdout.write("")

        unit = _("Line") if faq.kind == "csv" else _("Entry")
        self.stdout.write(self.style.SUCCESS(
            _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(skipped)d skipped, "
              "%(errors)d with errors; %(state)s.") % {
                "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
                "skipped": report.skipped, "errors": len(report.errors),
                "state": _("saved as drafts") if draft else _("published"),
            }
        ))
        for problem in report.warnings:
            self.stdout.write(self.style.WARNING(f"{unit} {problem.number}: {problem.message}"))
        for problem in report.errors:
            self.stderr.write(f"{unit} {problem.number}: {problem.message}")

    def _progress(self, done: int, total: int):
        # One line per tenth on a log, a live counter on a terminal.
        if self.stdout.isatty():
            self.stdout.write(f"\r{done}/{total}", ending="")
            self.stdout.flush()
        elif done == total or done % max(1, total // 10) == 0:
            self.stdout.write(_("%(done)d/%(total)d entries processed") % {"done": done, "total": total})
