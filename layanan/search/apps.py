from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def scan_tables_from_the_start(sender, connection, **kwargs):
    """PostgreSQL: every sequential scan starts at the table's first page.

    The PostgreSQL backend reads a common word's candidates in table order
    until it has enough (backends/postgres.py, _candidates). With
    synchronize_seqscans on (the default), a scan of a table larger than a
    quarter of shared_buffers starts where the last one stopped, so those
    candidates, and the results, changed from one search to the next (seen
    at a million documents: "ktp" gave new top five results on every call).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET synchronize_seqscans = off")


class SearchConfig(AppConfig):
    name = "layanan.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Connects the signals that bump the dictionary version on every edit.
        from .services import dictionary  # noqa: F401

        connection_created.connect(scan_tables_from_the_start, dispatch_uid="layanan.search.scan_from_the_start")
