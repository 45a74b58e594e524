"""What the pages say, in the language the test runs in (Indonesian by default),
escaped as templates escape it: tests compare with msgids through gettext, so
they keep passing when translations change."""

from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from layanan.privacy.detection import Finding
from layanan.privacy.services import masked_message


def said(msgid: str, **params) -> str:
    text = gettext(msgid)
    return escape(text % params if params else text)


def said_n(singular: str, plural: str, count: int, **params) -> str:
    return escape(ngettext(singular, plural, count) % {"count": count, "counter": count, **params})


def masked(**counts) -> str:
    """The message telling an author what was masked, e.g. masked(nik=1, telepon=1)."""
    findings = [Finding(kind, 0, 0, "") for kind, n in counts.items() for _ in range(n)]
    return escape(masked_message(findings))
