from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    return {
        "SITE_NAME": "Layanan",
        "DEBUG": settings.DEBUG,
        "language_switch_next": lambda: _other_language_url(request),
    }


def _other_language_url(request):
    """This page's address in the other language ("/en/x/" ↔ "/x/").

    Computed while the page's own language is active: Django's set_language
    view runs in the default language and cannot resolve an /en/ address,
    so it would otherwise send the user back to the English page.
    """
    target = "id" if get_language() == "en" else "en"
    return translate_url(request.get_full_path(), target)
