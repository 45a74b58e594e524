"""The total and facets counted on a connection of their own beside the
ranking (services/counting.py), and PostgreSQL scans starting at the table's
first page (apps.scan_tables_from_the_start)."""

import pytest
from django.db import connection, connections, transaction

from layanan.search.backends import get_backend
from layanan.search.backends.base import Filters
from layanan.search.services import counting
from layanan.search.services.indexing import index_document
from layanan.search.services.query import FACETS, parse_query, search

from .conftest import make_document

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                 reason="PostgreSQL: its server counts in a process of its own")


def index_a_few():
    for doc_id, title, agency in [(1, "Perpanjangan SIM C", "polri"), (2, "Perpanjangan SIM A", "polri"),
                                  (3, "Perpanjangan paspor", "imigrasi"), (4, "Akta kelahiran", "dukcapil")]:
        index_document(make_document(doc_id, title, agency=agency))


def other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                       " AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgres_counts_on_another_connection_with_the_same_figures():
    index_a_few()
    groups, _ = parse_query("perpanjangan")
    backend = get_backend()
    pending = counting.count_and_facets_soon(backend, groups, Filters(), FACETS)
    assert not isinstance(pending, counting._Counted)
    assert pending.result() == backend.count_and_facets(groups, Filters(), FACETS)
    response = search("perpanjangan")
    assert response.total == 3
    assert [(v, n) for v, _, n in response.facets["agency"]] == [("polri", 2), ("imigrasi", 1)]
    assert other_connections() >= 1  # the counting thread's, kept for the next search
    counting.close_connections()
    assert other_connections() == 0
    assert search("perpanjangan").total == 3  # a new thread, a new connection


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_count_sees_what_the_transaction_wrote():
    with transaction.atomic():
        index_a_few()
        pending = counting.count_and_facets_soon(get_backend(), parse_query("perpanjangan")[0], Filters(), FACETS)
        assert isinstance(pending, counting._Counted)  # on the caller's own connection
        assert pending.result()[0] == 3
        assert search("perpanjangan").total == 3


def test_sqlite_counts_in_the_callers_thread(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: it counts in the caller's thread")
    index_a_few()
    pending = counting.count_and_facets_soon(get_backend(), parse_query("perpanjangan")[0], Filters(), FACETS)
    assert isinstance(pending, counting._Counted)
    assert pending.result()[0] == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_every_new_postgres_connection_scans_tables_from_the_first_page(db):
    new = connections.create_connection("default")
    try:
        with new.cursor() as cursor:
            cursor.execute("SHOW synchronize_seqscans")
            assert cursor.fetchone()[0] == "off"
    finally:
        new.close()
