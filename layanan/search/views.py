"""Search pages: results (/cari/?q=…), suggestions as you type
(/cari/saran/?q=…, JSON) and the click redirect that logs which result was
opened (/cari/klik/?sid=…&pos=…&type=…&id=…&to=…).

Views are thin: read the request, call services.query and services.log,
shape the result with .presentation, render.
"""

import math

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext, ngettext
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe

from .presentation import (
    EXAMPLE_QUERIES,
    PAGE_SIZE,
    SearchParams,
    active_filters,
    ask_community_url,
    build_results,
    facet_groups,
    is_same_site_path,
    localized_path,
    result_type_label,
)
from .services import log, query

MAX_PAGE = 100


@require_safe
def search(request):
    params = SearchParams.from_request(request)
    context = {"q": params.q, "params": params, "ask_url": ask_community_url(params.q),
               "examples": [str(example) for example in EXAMPLE_QUERIES]}
    if not params.q:
        return render(request, "search/results.html", context)

    number = min(params.page, MAX_PAGE)
    response = _run(params, number)
    last = min(max(1, math.ceil(response.total / PAGE_SIZE)), MAX_PAGE)
    if number > last:  # a page past the end shows the last one
        number = last
        response = _run(params, number)
    entry = None
    if request.method == "GET":  # a HEAD (link checkers) is not a search
        entry = log.log_search(response, filters=params.filters(), language=get_language(),
                               source="page", page=number)
    context.update({
        "response": response,
        "results": build_results(response, entry, offset=(number - 1) * PAGE_SIZE),
        "page": Paginator(range(min(response.total, MAX_PAGE * PAGE_SIZE)), PAGE_SIZE).get_page(number),
        "facets": facet_groups(response, params),
        "active_filters": active_filters(response, params),
        "did_you_mean_url": params.url(q=response.did_you_mean) if response.did_you_mean else "",
        "clear_filters_url": params.url(filters=False),
    })
    return render(request, "search/results.html", context)


def _run(params, number):
    return query.search(
        params.q, types=params.types or None, agency=params.agency, category=params.category,
        region=params.region, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE,
    )


@require_safe
@cache_control(max_age=60, public=True)
def suggestions(request):
    """{"results": [{"type", "title", "url", "label"}], "message"}: titles
    matching what has been typed. Not logged: these are keystrokes, not searches."""
    hits = query.suggest(request.GET.get("q", "")[:query.MAX_QUERY_LENGTH], limit=8)
    results = [
        {"type": hit.type, "title": hit.title, "url": localized_path(hit.url), "label": result_type_label(hit.type)}
        for hit in hits
    ]
    if results:
        message = ngettext(
            "%(count)d suggestion. Use the up and down arrow keys to choose, Enter to open.",
            "%(count)d suggestions. Use the up and down arrow keys to choose, Enter to open.",
            len(results),
        ) % {"count": len(results)}
    else:
        message = gettext("No suggestions.")
    return JsonResponse({"results": results, "message": message})


@require_GET
@never_cache
def click(request):
    """Log the opened result, then go there. Only paths on this site are
    followed: anything else would make this an open redirect."""
    target = request.GET.get("to", "")
    if not is_same_site_path(request, target):
        return HttpResponseBadRequest(gettext("This link does not lead to a page on this site."))
    log.log_click(
        request.GET.get("sid"),
        result_type=request.GET.get("type", ""),
        result_id=request.GET.get("id"),
        position=request.GET.get("pos"),
    )
    response = HttpResponseRedirect(target)
    response["X-Robots-Tag"] = "noindex"
    return response

