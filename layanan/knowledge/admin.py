"""Knowledge articles in the staff area (/kelola/), scoped by agency.

Staff see and edit only their own agencies' articles; the rule lives in
accounts.policies (can_edit_article), the same one services use. Saves go
through services.articles so they are audited.

Here staff edit what an article links to (kind, service, category, keywords,
source, owner, review interval). The question, the answer and the status
change only through the review workflow pages (/kelola/pengetahuan/), where
a second person approves every change, so they are read-only here and new
articles are written there too.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from layanan.accounts import policies

from .models import Article
from .services.articles import PermissionDenied, save_article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "agency", "status", "verified_at", "review_due_at")
    list_filter = ("status", "kind", "category")
    search_fields = ("title", "slug", "keywords", "category_label")
    autocomplete_fields = ["service", "owner"]
    readonly_fields = ["title", "slug", "body_markdown", "agency", "status", "published_at", "verified_at",
                       "verified_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body_markdown", "agency", "status"],
                "description": _("The question, the answer and the status change through the review workflow "
                                 "(Knowledge articles → Edit), where another editor approves each change.")}),
        (_("Links and classification"), {"fields": ["kind", "service", "category", "category_label",
                                                    "keywords"]}),
        (_("Freshness and sources"), {"fields": ["source_url", "owner", "review_interval_days",
                                                 "verified_at", "verified_by", "published_at",
                                                 "created_at", "updated_at"]}),
    ]

    def has_module_permission(self, request):
        return policies.is_agency_staff(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("agency")
        allowed = policies.editable_agency_ids(request.user)
        return qs if allowed is None else qs.filter(agency__in=allowed)

    def has_view_permission(self, request, obj=None):
        return policies.is_agency_staff(request.user) and (
            obj is None or policies.can_edit_article(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        # New articles are written in the workflow pages, as a draft for review.
        return False

    def has_delete_permission(self, request, obj=None):
        # Articles are archived, never deleted, so links and history stay.
        return False

    def save_model(self, request, obj, form, change):
        try:
            save_article(obj, request.user, changed_fields=form.changed_data, created=not change)
        except PermissionDenied:
            raise PermissionError("Agency not editable by this user") from None
