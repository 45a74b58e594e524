import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """120000 → "Rp120.000"; 0 → "Gratis" (said explicitly, never left blank)."""
    if amount is None or amount == "":
        return ""
    amount = int(amount)
    if amount == 0:
        return _("Free")
    return "Rp" + f"{amount:,}".replace(",", ".")


@register.simple_tag
def page_query(request, number) -> str:
    """The current query string with another page number."""
    query = request.GET.copy()
    query["halaman"] = number
    return query.urlencode()


@register.simple_tag
def json_ld(data) -> str:
    """A JSON-LD block. Escapes <, > and & so the data cannot close the script tag."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
