"""The search API: GET /api/v1/search (docs/search.md, docs/api.md).

The same engine as the search page, best first. Logged in the search log
like a page search (source "api"), without anything about the caller.
"""

from typing import Literal

from django.conf import settings
from django.utils import translation
from ninja import Field, Query, Router, Schema

from layanan.api_common import ValidationErrorOut

from .services import log, query

router = Router(tags=["search"])

MAX_LIMIT = 50

DESCRIPTION = """\
Search published services, official knowledge articles and answered community
questions, the way the portal's search page does: informal Indonesian,
abbreviations ("KTP", "SKCK") and small typos are understood.

Results are ordered best first. `score` is the relevance (higher is better); it
compares results of one search, not results of different searches. `snippet` is
an HTML fragment: the passage that matched, HTML-escaped, with the matched words
in `<mark>` elements. `url` is the absolute address of the result's public page
in the site's default language. `total` counts every match, not only the
results returned.

Searches are logged without anything about the caller (no IP address, no
account, no token): the query text with personal data masked, the number of
results and the filters.
"""


class SearchParams(Schema):
    q: str = Field(..., max_length=query.MAX_QUERY_LENGTH, description="What to search for, in the citizen's words.")
    type: Literal["service", "article", "question"] | None = Field(
        None, description="Only results of this type: service, article (knowledge) or question (community)."
    )
    agency: str | None = Field(None, max_length=80, description="Only results of this agency (agency slug).")
    limit: int = Field(10, ge=1, le=MAX_LIMIT, description=f"How many results, 1 to {MAX_LIMIT}.")


class SearchResult(Schema):
    type: Literal["service", "article", "question"]
    id: int = Field(description="The id of the service, article or question.")
    title: str
    url: str = Field(description="Absolute URL of the public page.")
    snippet: str = Field(description="HTML: the matching passage, escaped, matched words in <mark>.")
    score: float = Field(description="Relevance; higher is better.")


class SearchOut(Schema):
    results: list[SearchResult]
    total: int = Field(description="How many documents match in all.")
    total_exact: bool = Field(
        description="False when `total` is an estimate from a sample of the matches (very large result sets "
        "with a filter); show it as \"about\"."
    )


@router.get(
    "/search",
    response={200: SearchOut, 422: ValidationErrorOut},
    operation_id="search",
    summary="Search services, knowledge articles and community questions",
    description=DESCRIPTION,
)
def search(request, params: Query[SearchParams]):
    response = query.search(params.q, types=params.type, agency=params.agency, limit=params.limit)
    log.log_search(
        response, filters={"type": params.type, "agency": params.agency},
        language=translation.get_language() or settings.LANGUAGE_CODE, source="api",
    )
    return {
        "results": [
            {
                "type": hit.type,
                "id": hit.id,
                "title": hit.title,
                "url": request.build_absolute_uri(hit.url),
                "snippet": str(hit.snippet),
                "score": hit.score,
            }
            for hit in response.results
        ],
        "total": response.total,
        "total_exact": not getattr(response.total, "approximate", False),
    }
