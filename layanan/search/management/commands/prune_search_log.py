"""Delete the search log's searches older than the retention period, with their clicks.

    python manage.py prune_search_log               # older than SEARCH_LOG_RETENTION_DAYS (365)
    python manage.py prune_search_log --days 90
    python manage.py prune_search_log --dry-run     # only count

The daily jobs (`enqueue_daily_jobs`) run the same pruning; this command is for
doing it at once, e.g. after shortening the retention period.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from layanan.search.services.log import prune_search_log


class Command(BaseCommand):
    help = "Delete the search log's searches older than the retention period, with their clicks."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Keep this many days (default: the SEARCH_LOG_RETENTION_DAYS setting).")
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is not None and days < 1:
            raise CommandError(_("--days must be 1 or more."))

        def progress(done, total):
            counts = {"done": f"{done:,}", "total": f"{total:,}"}
            self.stdout.write(_("  deleted %(done)s/%(total)s searches") % counts)

        result = prune_search_log(days=days, dry_run=dry_run, progress=progress)
        values = {"searches": f"{result['searches']:,}", "clicks": f"{result['clicks']:,}",
                  "cutoff": result["cutoff"][:19].replace("T", " ")}
        if dry_run:
            message = _("Would delete %(searches)s searches and %(clicks)s clicks logged before "
                        "%(cutoff)s UTC.")
        else:
            message = _("Deleted %(searches)s searches and %(clicks)s clicks logged before %(cutoff)s UTC.")
        self.stdout.write(self.style.SUCCESS(message % values))
