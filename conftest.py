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
