"""Domain apps describe their searchable documents here; the search app never
imports their models.

Each app registers in its `<app>/search.py`, imported from its
AppConfig.ready()::

    register("service", Service,
             queryset=lambda: Service.objects.published().for_listing(),
             to_document=service_to_indexed_document)

The registry listens to post_save/post_delete of the model and updates the
index once the transaction commits. An object that is not in `queryset()` or
for which `to_document` returns None (a draft, an archived entry) is removed
from the index. Changes to related rows (a service's requirements) are the
owning app's to report, with `reindex(obj)`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger(__name__)


@dataclass
class IndexedDocument:
    """What a domain app tells the index about one object."""

    type: str  # "service" | "article" | "question"
    id: int
    title: str
    summary: str
    body: str
    url: str  # a path, not an absolute URL
    agency_slug: str
    agency_name: str
    category_slug: str
    category_name: str
    region_code: str | None
    official: bool
    verified_at: datetime | None
    updated_at: datetime
    keywords: str = ""  # extra words, e.g. synonyms the owner wrote
    region_name: str = ""  # label for the region facet; optional


@dataclass
class Registration:
    type: str
    model: type[Model]
    queryset: Callable[[], QuerySet]
    to_document: Callable[[Model], IndexedDocument | None]

    def document_for(self, pk) -> IndexedDocument | None:
        """The current document for object `pk`, or None when it is not indexable."""
        obj = self.queryset().filter(pk=pk).first()
        return self.to_document(obj) if obj is not None else None


_registrations: dict[str, Registration] = {}


def register(type: str, model, *, queryset: Callable[[], QuerySet],
             to_document: Callable[[Model], IndexedDocument | None]) -> Registration:
    """Make `model` searchable as documents of `type`."""
    registration = Registration(type, model, queryset, to_document)
    _registrations[type] = registration
    post_save.connect(_on_save, sender=model, weak=False, dispatch_uid=f"search-save-{type}")
    post_delete.connect(_on_delete, sender=model, weak=False, dispatch_uid=f"search-delete-{type}")
    return registration


def registrations() -> list[Registration]:
    return list(_registrations.values())


def get_registration(type: str) -> Registration | None:
    return _registrations.get(type)


def _registrations_for(model) -> list[Registration]:
    return [r for r in _registrations.values() if isinstance(model, type) and issubclass(model, r.model)]


def reindex(obj: Model) -> None:
    """Refresh `obj` in the index after the current transaction commits
    (or now, outside a transaction). Safe to call many times: one refresh
    per object and transaction."""
    for registration in _registrations_for(type(obj)):
        _schedule(registration.type, obj.pk)


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the command rebuilds afterwards
        return
    for registration in _registrations_for(sender):
        _schedule(registration.type, instance.pk)


def _on_delete(sender, instance, **kwargs):
    for registration in _registrations_for(sender):
        _schedule(registration.type, instance.pk)


# One pending refresh per (type, id) and transaction, so a bulk edit that
# touches a service's rows fifty times refreshes it once.
_local = threading.local()


def _pending() -> dict:
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def _still_scheduled(callback, using=DEFAULT_DB_ALIAS) -> bool:
    connection = connections[using]
    return any(entry[1] is callback for entry in getattr(connection, "run_on_commit", []))


def _schedule(type: str, pk) -> None:
    key = (type, pk)
    pending = _pending()
    callback = pending.get(key)
    if callback is not None and _still_scheduled(callback):
        return

    def run():
        pending.pop(key, None)
        try:
            from .services.indexing import refresh

            refresh(type, pk)
        except Exception:  # the index must never break the save that triggered it
            logger.exception("Search index update failed for %s %s", type, pk)

    pending[key] = run
    transaction.on_commit(run)
