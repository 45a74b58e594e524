"""The search dictionary in the staff area (/kelola/): knowledge managers and
site admins add, edit and switch off abbreviations, synonyms and colloquial
forms. Saves and deletes go through services.dictionary (audited); queries
use the change at once.

The search log is read-only here: every search (no personal data) and the
top zero-result queries, for the same people."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layanan.accounts import policies

from .analysis import primary_tokens
from .models import SearchClick, SearchQuery, SynonymSet, ZeroResultQuery, split_terms
from .services import dictionary


class SynonymSetForm(forms.ModelForm):
    class Meta:
        model = SynonymSet
        fields = ["kind", "canonical", "variants", "note", "active"]
        widgets = {"variants": forms.Textarea(attrs={"rows": 4})}

    def clean_canonical(self):
        value = " ".join(self.cleaned_data["canonical"].split())
        if not primary_tokens(value):
            raise forms.ValidationError(_("Enter a word or phrase with at least two letters or digits."))
        return value

    def clean_variants(self):
        terms = split_terms(self.cleaned_data["variants"])
        if not terms:
            raise forms.ValidationError(_("Enter at least one variant."))
        empty = [t for t in terms if not primary_tokens(t)]
        if empty:
            raise forms.ValidationError(
                _("These variants have no searchable word: %(terms)s"), params={"terms": ", ".join(empty)}
            )
        return "\n".join(terms)


@admin.register(SynonymSet)
class SynonymSetAdmin(admin.ModelAdmin):
    form = SynonymSetForm
    list_display = ("canonical", "kind", "variant_summary", "active", "updated_at", "updated_by")
    list_filter = ("kind", "active")
    search_fields = ("canonical", "variants")
    readonly_fields = ("updated_at", "updated_by")

    @admin.display(description=_("variants"))
    def variant_summary(self, obj):
        return ", ".join(obj.variant_list())

    def _allowed(self, request):
        return policies.can_edit_search_dictionary(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def save_model(self, request, obj, form, change):
        dictionary.save_synonym_set(obj, request.user)

    def delete_model(self, request, obj):
        dictionary.delete_synonym_set(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            dictionary.delete_synonym_set(obj, request.user)


class _SearchLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by searches, never edited."""

    def _allowed(self, request):
        return policies.can_view_search_log(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SearchClickInline(admin.TabularInline):
    model = SearchClick
    fields = ("position", "result_type", "result_id", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return policies.can_view_search_log(request.user)


@admin.register(SearchQuery)
class SearchQueryAdmin(_SearchLogAdmin):
    list_display = ("query", "result_count", "filters", "source", "language", "page", "created_at")
    list_filter = ("source", "language", "created_at")
    search_fields = ("query",)
    date_hierarchy = "created_at"
    fields = ("query", "result_count", "filters", "source", "language", "page", "created_at", "search_id")
    readonly_fields = fields
    inlines = [SearchClickInline]


ZERO_RESULT_PERIODS = {"7": 7, "30": 30, "90": 90, "all": None}


@admin.register(ZeroResultQuery)
class ZeroResultQueryAdmin(_SearchLogAdmin):
    """Not a list of rows: the zero-result queries grouped by text, most
    searched first, over the last 7, 30 or 90 days or all time."""

    max_rows = 200

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        period = request.GET.get("periode", "30")
        if period not in ZERO_RESULT_PERIODS:
            period = "30"
        days = ZERO_RESULT_PERIODS[period]
        since = timezone.now() - timedelta(days=days) if days else None
        rows = list(SearchQuery.objects.top_zero_results(since=since)[: self.max_rows])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Top zero-result searches"),
            "rows": rows,
            "period": period,
            "periods": [("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days")), ("all", _("All time"))],
            "max_rows": self.max_rows,
            "retention_days": settings.LAYANAN_SEARCH_LOG_RETENTION_DAYS,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/search/zero_results.html", context)

    def has_view_permission(self, request, obj=None):
        # The grouped list only: single rows are in the search log.
        return obj is None and self._allowed(request)
