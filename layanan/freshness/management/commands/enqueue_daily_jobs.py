"""Enqueue the daily background jobs; run once a day by cron or a systemd timer.

    python manage.py enqueue_daily_jobs

The jobs run wherever settings.TASKS sends them (docs/freshness.md): a
`db_worker` or an RQ worker picks them up; with the immediate backend they
run here, before the command returns.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from layanan.freshness.tasks import daily_tasks


class Command(BaseCommand):
    help = "Enqueue the daily background jobs (scheduled publication, freshness digest, search log pruning)."

    def handle(self, *args, **options):
        for task in daily_tasks():
            result = task.enqueue()
            self.stdout.write(_("Enqueued %(task)s (id %(id)s, backend %(backend)s, status %(status)s)") % {
                "task": task.name, "id": result.id, "backend": result.backend, "status": result.status,
            })
