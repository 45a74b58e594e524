"""Load the demo catalog and demo staff accounts, so a new checkout has something to show.

    python manage.py load_demo             # load (or refresh) the demo catalog, create demo accounts
    python manage.py load_demo --if-empty  # do nothing when the catalog already has services

The catalog goes through import_catalog, so loading twice changes nothing and
every service gets one revision. Demo accounts share one published password
and are refused when settings.PRODUCTION is true.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.catalog.models import Service
from layanan.catalog.services.demo import (
    DEMO_CATALOG,
    DEMO_CHANGE_NOTE,
    DEMO_PASSWORD,
    DemoAccountsRefused,
    create_demo_accounts,
    read_demo_catalog,
)
from layanan.catalog.services.open_data import KINDS, OUTCOMES, CatalogImportError, import_catalog


class Command(BaseCommand):
    help = "Load the demo service catalog and create demo staff accounts (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true",
            help="Do nothing when the catalog already has at least one service.",
        )
        parser.add_argument(
            "--no-accounts", action="store_true", help="Load the catalog only; create no accounts.",
        )
        parser.add_argument(
            "--file", type=Path, default=DEMO_CATALOG,
            help="Catalog file to load (default: the demo file shipped with the catalog app).",
        )

    def handle(self, *args, if_empty=False, no_accounts=False, file=DEMO_CATALOG, **options):
        if if_empty and Service.objects.exists():
            self.stdout.write(_("The catalog already has services; nothing loaded (--if-empty)."))
            return

        try:
            data = read_demo_catalog(file)
        except (OSError, ValueError) as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from exc

        self.stdout.write(_("Loading demo catalog from %(file)s…") % {"file": file})
        try:
            report = import_catalog(
                data, author=None, change_note=DEMO_CHANGE_NOTE, progress=self._progress(),
            )
        except CatalogImportError as exc:
            raise CommandError(str(exc)) from exc
        for error in report.errors:
            self.stdout.write(self.style.WARNING(_("Rejected %(error)s") % {"error": error}))
        labels = {
            "regions": _("Regions"), "categories": _("Categories"),
            "agencies": _("Agencies"), "services": _("Services"),
        }
        for kind in KINDS:
            counts = report.counts[kind]
            self.stdout.write(
                _("%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                  "%(rejected)d rejected")
                % {"kind": labels[kind], **{k: counts[k] for k in OUTCOMES}}
            )

        if not no_accounts:
            self._create_accounts()

        if not report.ok:
            raise CommandError(
                _("The demo file has %(count)d rejected records; fix the file.")
                % {"count": len(report.errors)}
            )
        self.stdout.write(self.style.SUCCESS(
            _("Demo data loaded: %(summary)s.") % {"summary": report.summary()}
        ))

    def _progress(self):
        state = {"next": 25}

        def progress(done, total):
            percent = 100 * done // total if total else 100
            if percent >= state["next"] or done == total:
                self.stdout.write(_("  %(done)d/%(total)d records") % {"done": done, "total": total})
                while state["next"] <= percent:
                    state["next"] += 25

        return progress

    def _create_accounts(self):
        try:
            results = create_demo_accounts(DEMO_PASSWORD)
        except DemoAccountsRefused:
            self.stdout.write(self.style.WARNING(
                _("Demo accounts are not created in production (LAYANAN_ENV=production).")
            ))
            return
        self.stdout.write(_("Demo staff accounts:"))
        for result in results:
            if result.account.superuser:
                roles = _("site administrator")
            else:
                roles = ", ".join(
                    f"{role.label} — {agency.display_short_name}" for agency, role in result.roles
                ) or _("no agency role")
            state = _("created") if result.created else _("already exists, password unchanged")
            self.stdout.write(f"  {result.account.username:<22} {roles} ({state})")
            for slug in result.missing_agencies:
                self.stdout.write(self.style.WARNING(
                    _("    agency %(slug)s is not in the catalog; role skipped") % {"slug": slug}
                ))
        if any(r.created for r in results):
            self.stdout.write(self.style.WARNING(
                _("Password for the new demo accounts: %(password)s. This is a development-only demo "
                  "password: never use these accounts on a public server.") % {"password": DEMO_PASSWORD}
            ))
