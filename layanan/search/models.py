"""What the search index holds, the vocabulary typos are corrected against,
the editable dictionary of abbreviations, synonyms and colloquial forms, and
the search log (queries and clicked results, without personal data).

The full-text index itself lives in a backend-specific table next to
`SearchDocument` (an FTS5 virtual table on SQLite, a tsvector table on
PostgreSQL), created by this app's migrations on the matching database only.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed document, as its owning app described it (registry.IndexedDocument)."""

    doc_type = models.CharField(_("type"), max_length=20)
    object_id = models.BigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=1000)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    keywords = models.TextField(_("keywords"), blank=True)
    url = models.CharField(_("URL"), max_length=500)
    agency_slug = models.CharField(_("agency"), max_length=80, blank=True, db_index=True)
    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    category_slug = models.CharField(_("category"), max_length=80, blank=True, db_index=True)
    category_name = models.CharField(_("category name"), max_length=120, blank=True)
    region_code = models.CharField(_("region"), max_length=13, null=True, blank=True, db_index=True)
    region_name = models.CharField(_("region name"), max_length=120, blank=True)
    official = models.BooleanField(_("official"), default=False)
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"))
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)
    # Semantic re-ranking (services/semantic.py): title and content vectors,
    # 2 × 384 float16; the key says which text and model they were made from.
    embedding = models.BinaryField(_("embedding"), null=True, blank=True, editable=False)
    embedding_key = models.CharField(_("embedding key"), max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_document_type_object_unique")
        ]
        indexes = [models.Index(fields=["doc_type"], name="search_doc_type_idx")]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id} {self.title}"


class PostgresIndexEntry(models.Model):
    """The PostgreSQL backend's row for one document (``search_pg_index``).

    The table is created by migration 0002 and written with raw SQL by
    backends.postgres; this model exists so that Django knows the table on
    PostgreSQL (``required_db_vendor``): a test database flush then truncates
    it together with ``search_searchdocument``, which its foreign key
    requires. On SQLite the model does not exist for Django at all. Deleting a
    document removes its row through the database's ON DELETE CASCADE, so the
    ORM never has to (DO_NOTHING).
    """

    document = models.OneToOneField(
        SearchDocument, primary_key=True, on_delete=models.DO_NOTHING, db_column="document_id",
        related_name="+",
    )
    tsv = SearchVectorField()
    title_tsv = SearchVectorField()

    class Meta:
        db_table = "search_pg_index"
        required_db_vendor = "postgresql"
        verbose_name = _("PostgreSQL index entry")
        verbose_name_plural = _("PostgreSQL index entries")


class VocabularyTerm(models.Model):
    """A term of the index with its document frequency.

    kind "word": plain (unstemmed) words, what typos are corrected against and
    "did you mean" shows. kind "stem": index terms, for term weights (idf) on
    backends whose ranking function has none.
    """

    class Kind(models.TextChoices):
        WORD = "word", _("word")
        STEM = "stem", _("stem")

    kind = models.CharField(max_length=4, choices=Kind.choices)
    term = models.CharField(max_length=80)
    length = models.PositiveSmallIntegerField()
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        constraints = [models.UniqueConstraint(fields=["kind", "term"], name="search_vocabulary_kind_term_unique")]
        indexes = [models.Index(fields=["kind", "length"], name="search_vocab_kind_len_idx")]

    def __str__(self):
        return f"{self.term} ({self.doc_count})"


class SynonymSet(models.Model):
    """Terms that mean the same thing to a citizen.

    Abbreviations and synonyms: a query for any term also finds the others.
    Colloquial: the variants are informal spellings that a query replaces by
    the canonical standard form. Applied at query time, so edits take effect
    without a rebuild.
    """

    class Kind(models.TextChoices):
        ABBREVIATION = "abbreviation", _("Abbreviation")
        SYNONYM = "synonym", _("Synonym")
        COLLOQUIAL = "colloquial", _("Colloquial form")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    canonical = models.CharField(
        _("canonical term"), max_length=120,
        help_text=_("The standard form, e.g. 'KTP' or, for colloquial forms, 'tidak'."),
    )
    variants = models.TextField(
        _("variants"),
        help_text=_("Other terms, one per line or comma-separated, e.g. 'kartu tanda penduduk, e-KTP'."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["kind", "canonical"]
        verbose_name = _("synonym set")
        verbose_name_plural = _("search dictionary")

    def __str__(self):
        return self.canonical

    def variant_list(self) -> list[str]:
        return split_terms(self.variants)


def split_terms(text: str) -> list[str]:
    """Variants as typed: split on new lines, commas and semicolons."""
    seen, out = set(), []
    for raw in text.replace(";", "\n").replace(",", "\n").splitlines():
        term = " ".join(raw.split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            out.append(term)
    return out


class SearchState(models.Model):
    """Small shared counters, e.g. the dictionary version every process checks."""

    key = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)
    text = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("search state")
        verbose_name_plural = _("search state")

    def __str__(self):
        return f"{self.key}={self.value}"


# --- search log ------------------------------------------------------------------


class SearchQueryQuerySet(models.QuerySet):
    def zero_results(self):
        """Searches that found nothing: what citizens look for and the portal lacks."""
        return self.filter(result_count=0)

    def top_zero_results(self, since=None):
        """Zero-result query texts with how often each was searched and when last,
        most searched first: [{"query", "searches", "last_searched"}]."""
        queries = self.zero_results()
        if since is not None:
            queries = queries.filter(created_at__gte=since)
        return (
            queries.values("query")
            .annotate(searches=Count("id"), last_searched=Max("created_at"))
            .order_by("-searches", "-last_searched", "query")
        )


class SearchQuery(models.Model):
    """One search, as the search log keeps it: never who searched.

    No user, IP address, session or user agent is stored. The query text is
    normalised and passed through the privacy shield first, so a NIK, phone
    number or email typed into the search box is stored masked.
    `search_id` is random and only ties clicks to their search.
    """

    class Source(models.TextChoices):
        PAGE = "page", _("Search page")
        API = "api", _("API")

    search_id = models.UUIDField(_("search id"), default=uuid.uuid4, unique=True, editable=False)
    query = models.CharField(_("query"), max_length=200, help_text=_("Normalised, personal data masked."))
    result_count = models.PositiveIntegerField(_("results"))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PAGE)
    page = models.PositiveIntegerField(_("page"), default=1)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = SearchQueryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("search")
        verbose_name_plural = _("search log")
        indexes = [models.Index(fields=["result_count", "created_at"], name="search_query_results_idx")]

    def __str__(self):
        return self.query


class ZeroResultQuery(SearchQuery):
    """The search log's zero-result searches, for their own staff-area list."""

    class Meta:
        proxy = True
        verbose_name = _("zero-result search")
        verbose_name_plural = _("zero-result searches")


class SearchClick(models.Model):
    """A result opened from a search: which one and at what position."""

    search = models.ForeignKey(
        SearchQuery, to_field="search_id", db_column="search_id", on_delete=models.CASCADE,
        related_name="clicks", verbose_name=_("search"),
    )
    result_type = models.CharField(_("result type"), max_length=20)
    result_id = models.BigIntegerField(_("result id"))
    position = models.PositiveIntegerField(_("position"), help_text=_("1 is the first result."))
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("search click")
        verbose_name_plural = _("search clicks")

    def __str__(self):
        return f"{self.result_type}:{self.result_id} #{self.position}"
