"""What the search page shows, built from a SearchResponse: result rows with
their click-logging links, facet links that add or remove one filter, the
active filters, and links that keep the reader's language.

Facets are plain links (no form, no JavaScript): each one is the current
search with one filter added or removed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .services.query import MAX_QUERY_LENGTH

PAGE_SIZE = 10
MAX_FACET_VALUES = 10
RESULT_TYPES = ("service", "article", "question")
RESULT_TYPE_LABELS = {
    "service": _("Service"),
    "article": _("Knowledge"),
    "question": _("Community question"),
}
FACET_HEADINGS = {
    "type": _("Type"),
    "agency": _("Agency"),
    "category": _("Category"),
    "region": _("Region"),
}
# Translators: example searches on the empty search page. Write what an
# Indonesian citizen would type (e.g. "KTP hilang"), not a literal translation.
EXAMPLE_QUERIES = (
    _("lost KTP"),
    _("renew SIM C"),
    _("birth certificate for a baby"),
    _("annual tax return"),
    _("passport"),
)
# Where the community app takes new questions, when its URLs are not (yet) mounted.
ASK_PATH_FALLBACK = "/tanya/baru/"
MAX_PARAM_LENGTH = 80


def result_type_label(doc_type: str) -> str:
    return str(RESULT_TYPE_LABELS.get(doc_type, doc_type))


def _page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


@dataclass(frozen=True)
class SearchParams:
    """The search as the query string describes it: ?q=…&type=…&agency=…&category=…&region=…&halaman=…"""

    q: str = ""
    types: tuple[str, ...] = ()
    agency: str = ""
    category: str = ""
    region: str = ""
    page: int = 1

    @classmethod
    def from_request(cls, request) -> SearchParams:
        get = request.GET

        def one(name):
            return (get.get(name) or "").strip()[:MAX_PARAM_LENGTH]

        types = tuple(t for t in dict.fromkeys(get.getlist("type")) if t in RESULT_TYPES)
        return cls(
            q=" ".join((get.get("q") or "").split())[:MAX_QUERY_LENGTH],
            types=types,
            agency=one("agency"),
            category=one("category"),
            region=one("region"),
            page=_page_number(get.get("halaman")),
        )

    def filters(self) -> dict:
        """The filters in use, for the search log."""
        return {k: v for k, v in (("type", list(self.types)), ("agency", self.agency),
                                  ("category", self.category), ("region", self.region)) if v}

    @property
    def has_filters(self) -> bool:
        return bool(self.filters())

    def url(self, *, q: str | None = None, filters: bool = True) -> str:
        """"?q=…" for this search on its first page, optionally with another
        query or without the filters."""
        pairs = [("q", self.q if q is None else q)]
        if filters:
            pairs += [("type", t) for t in self.types]
            pairs += [(name, getattr(self, name)) for name in ("agency", "category", "region")
                      if getattr(self, name)]
        return "?" + urlencode(pairs)

    def toggled(self, dimension: str, value: str) -> SearchParams:
        """This search with `value` of `dimension` switched on or off."""
        if dimension == "type":
            types = tuple(t for t in self.types if t != value) if value in self.types else self.types + (value,)
            return replace(self, types=types, page=1)
        current = getattr(self, dimension)
        return replace(self, **{dimension: "" if current == value else value}, page=1)

    def is_selected(self, dimension: str, value: str) -> bool:
        if dimension == "type":
            return value in self.types
        return getattr(self, dimension) == value


@dataclass
class ResultRow:
    hit: object
    position: int  # 1 = the first result of the search, across pages
    href: str
    type_label: str


def click_url(entry, hit, position: int, target: str) -> str:
    if entry is None:
        return target
    query = urlencode({"sid": entry.search_id, "pos": position, "type": hit.type, "id": hit.id, "to": target})
    return f"{reverse('search:click')}?{query}"


def build_results(response, entry, *, offset: int) -> list[ResultRow]:
    rows = []
    for index, hit in enumerate(response.results):
        position = offset + index + 1
        rows.append(ResultRow(
            hit=hit,
            position=position,
            href=click_url(entry, hit, position, localized_path(hit.url)),
            type_label=result_type_label(hit.type),
        ))
    return rows


@dataclass
class FacetItem:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class FacetGroup:
    name: str
    heading: str
    items: list[FacetItem] = field(default_factory=list)


def facet_groups(response, params: SearchParams) -> list[FacetGroup]:
    """One group per facet with at least one choice. Documents without an
    agency, category or region (national) are counted but not offered as a
    filter: there is nothing to narrow to."""
    groups = []
    for name in ("type", "agency", "category", "region"):
        items = []
        for value, label, count in response.facets.get(name, []):
            if not value:
                continue
            if name == "type":
                label = result_type_label(value)
            selected = params.is_selected(name, value)
            if len(items) >= MAX_FACET_VALUES and not selected:
                continue
            items.append(FacetItem(label=label, count=count, url=params.toggled(name, value).url(), selected=selected))
        if len(items) > 1 or any(item.selected for item in items):
            groups.append(FacetGroup(name=name, heading=str(FACET_HEADINGS[name]), items=items))
    return groups


@dataclass
class ActiveFilter:
    heading: str
    label: str
    remove_url: str


def active_filters(response, params: SearchParams) -> list[ActiveFilter]:
    labels = {
        name: {value: label for value, label, _count in response.facets.get(name, [])}
        for name in ("agency", "category", "region")
    }
    out = [
        ActiveFilter(str(FACET_HEADINGS["type"]), result_type_label(t), params.toggled("type", t).url())
        for t in params.types
    ]
    for name in ("agency", "category", "region"):
        value = getattr(params, name)
        if value:
            out.append(ActiveFilter(str(FACET_HEADINGS[name]), labels[name].get(value) or value,
                                    params.toggled(name, value).url()))
    return out


def localized_path(path: str) -> str:
    """A document's path (stored in the default language) in the reader's language."""
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def ask_community_url(q: str) -> str:
    """The community's "ask a question" page with the search as the question's title."""
    try:
        url = reverse("community:ask")
    except NoReverseMatch:
        url = ASK_PATH_FALLBACK
    return f"{url}?{urlencode({'judul': q})}" if q else url


def is_same_site_path(request, target: str) -> bool:
    """True only for a path on this site ("/layanan/ktp/"): never another host,
    a scheme-relative "//host", a backslash trick or a control character."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(unicodedata.category(c)[0] in ("C", "Z") for c in target):
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
