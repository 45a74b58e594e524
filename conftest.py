"""Project-wide test fixtures."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Indonesian).

    Requests activate a language in the test's thread; without this, a test that
    visits /en/ would change what `reverse()` returns in the next test.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give each test run its own PostgreSQL test database.

    Two runs against one server (two developers, or CI beside a developer)
    would otherwise fight over the same "test_layanan" database.
    """
    import os

    from pytest_django.fixtures import _set_suffix_to_test_databases

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        _set_suffix_to_test_databases(suffix=f"run{os.getpid()}")


@pytest.fixture(autouse=True)
def _close_search_counting_connections():
    """Search counts on connections of its own outside a transaction
    (layanan/search/services/counting.py); close them after each test, or
    PostgreSQL would refuse to drop the test database they are connected to."""
    yield
    from layanan.search.services import counting

    counting.close_connections()
