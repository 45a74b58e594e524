"""Publish knowledge article revisions whose scheduled date has come.

Run it every few minutes from cron or a systemd timer, or through the
background task that wraps knowledge.services.workflow.publish_scheduled_articles:

    */5 * * * *  cd /srv/layanan && .venv/bin/python manage.py publish_scheduled_articles
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layanan.knowledge.services.workflow import publish_scheduled_articles


class Command(BaseCommand):
    help = "Publish approved article revisions whose scheduled publication time has passed."

    def handle(self, *args, **options):
        published = publish_scheduled_articles()
        for revision in published:
            self.stdout.write(_("Published “%(title)s”, revision %(number)d.") % {
                "title": revision.article.title, "number": revision.number})
        if options["verbosity"] >= 1:
            self.stdout.write(ngettext("%(count)d scheduled revision published.",
                                       "%(count)d scheduled revisions published.", len(published))
                              % {"count": len(published)})
