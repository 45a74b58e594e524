"""The editable dictionary of abbreviations, synonyms and colloquial forms.

Edits go through `save_synonym_set` / `delete_synonym_set` (permission check,
audit entry). Every change — these functions, the admin, a data migration or
a shell — bumps a version stored in the database (signals below), and each
process recompiles its cached dictionary when the version it sees changes,
so an edit applies to the next query in every process without a redeploy.
"""

from __future__ import annotations

import threading
import uuid

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from layanan.accounts import policies
from layanan.audit.services import record as audit

from ..analysis import SynonymDictionary, compile_dictionary
from ..models import SearchState, SynonymSet

VERSION_KEY = "synonyms"

_lock = threading.Lock()
_compiled: SynonymDictionary | None = None


class PermissionDenied(Exception):
    pass


def dictionary_version() -> str:
    return SearchState.objects.filter(key=VERSION_KEY).values_list("text", flat=True).first() or ""


def bump_version() -> None:
    SearchState.objects.update_or_create(key=VERSION_KEY, defaults={"text": uuid.uuid4().hex})


def current_dictionary() -> SynonymDictionary:
    """The compiled active dictionary; recompiled only when its version changed."""
    global _compiled
    version = dictionary_version()
    compiled = _compiled
    if compiled is not None and compiled.version == version:
        return compiled
    entries = [
        (s.kind, s.canonical, s.variant_list())
        for s in SynonymSet.objects.filter(active=True).order_by("pk")
    ]
    compiled = compile_dictionary(entries, version=version)
    with _lock:
        _compiled = compiled
    return compiled


@transaction.atomic
def save_synonym_set(synonym_set: SynonymSet, user, *, change_note: str = "") -> SynonymSet:
    """Create or update a set on behalf of `user` (knowledge managers, site admins)."""
    if not policies.can_edit_search_dictionary(user):
        raise PermissionDenied
    created = synonym_set.pk is None
    synonym_set.canonical = " ".join(synonym_set.canonical.split())
    synonym_set.variants = "\n".join(synonym_set.variant_list())
    synonym_set.updated_by = user if getattr(user, "is_authenticated", False) else None
    synonym_set.save()
    audit(user, "search.dictionary.create" if created else "search.dictionary.edit", synonym_set,
          kind=synonym_set.kind, canonical=synonym_set.canonical,
          variants=synonym_set.variant_list(), active=synonym_set.active, note=change_note)
    return synonym_set


@transaction.atomic
def delete_synonym_set(synonym_set: SynonymSet, user) -> None:
    if not policies.can_edit_search_dictionary(user):
        raise PermissionDenied
    audit(user, "search.dictionary.delete", synonym_set, kind=synonym_set.kind,
          canonical=synonym_set.canonical, variants=synonym_set.variant_list())
    synonym_set.delete()


@receiver(post_save, sender=SynonymSet, dispatch_uid="search-dictionary-saved")
@receiver(post_delete, sender=SynonymSet, dispatch_uid="search-dictionary-deleted")
def _dictionary_changed(sender, raw=False, **kwargs):
    bump_version()
