"""What every API router shares: error schemas, linked pagination and public URLs.

Routers live in their apps (`<app>/api.py`) and are mounted in `layanan/api.py`;
this module imports no domain app, so any router may use it.
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 100


def absolute_url(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def public_url(request: HttpRequest, obj) -> str:
    """The absolute URL of an object's public page, in the default language.

    The API is language-neutral, so the link must not depend on the client's
    Accept-Language header; the English page is the same path under /en/.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(request, obj.get_absolute_url())


def bad_query(field: str, message: str) -> ValidationError:
    """A 422 in the same shape as Ninja's own validation errors."""
    return ValidationError([{"type": "value_error", "loc": ["query", field], "msg": message}])


# --- pagination -----------------------------------------------------------------


class LinkedPageNumberPagination(PaginationBase):
    """Page-number pagination answering {count, next, previous, results}.

    `next` and `previous` are absolute URLs that keep every other query
    parameter, so a client can follow them without building URLs itself.
    """

    items_attribute = "results"

    class PageParams(Schema):
        page: int = Field(1, ge=1, description="Page number, starting at 1.")
        page_size: int = Field(
            settings.LAYANAN_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE,
            description=f"Items per page, at most {MAX_PAGE_SIZE}.",
        )

    Input = PageParams  # the name Ninja looks for; the OpenAPI document shows PageParams

    class Output(Schema):
        count: int = Field(description="Number of items on all pages.")
        next: str | None = Field(description="Absolute URL of the next page, or null on the last.")
        previous: str | None = Field(description="Absolute URL of the previous page, or null on the first.")
        results: list[Any]

    def paginate_queryset(self, queryset: QuerySet, pagination: PageParams, request: HttpRequest, **params):
        count = self._items_count(queryset)
        size = pagination.page_size
        offset = (pagination.page - 1) * size
        if pagination.page > 1 and offset >= count:
            raise HttpError(404, gettext("This page does not exist."))
        return {
            "count": count,
            "next": self._page_url(request, pagination.page + 1) if offset + size < count else None,
            "previous": self._page_url(request, pagination.page - 1) if pagination.page > 1 else None,
            "results": list(queryset[offset:offset + size]),
        }

    @staticmethod
    def _page_url(request: HttpRequest, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return absolute_url(request, f"{request.path}?{urlencode(sorted(query.lists()), doseq=True)}")


# --- error schemas -------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in the language of the Accept-Language header.")


class ValidationErrorItem(Schema):
    type: str
    loc: list[str | int] = Field(description='Where the problem is, e.g. ["query", "page_size"].')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]
