"""Knowledge articles in the staff area (/kelola/), scoped by agency.

Staff see and edit only their own agencies' articles; the rule lives in
accounts.policies (can_edit_article), the same one services use. Saves go
through services.articles so they are audited.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from layanan.accounts import policies
from layanan.catalog.models import Agency

from .models import Article
from .services.articles import PermissionDenied, save_article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "agency", "status", "verified_at", "review_due_at")
    list_filter = ("status", "kind", "category")
    search_fields = ("title", "slug", "keywords", "category_label")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["agency", "service", "owner"]
    readonly_fields = ["published_at", "verified_at", "verified_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", "body_markdown", "agency", "service",
                           "category", "category_label", "keywords", "status"]}),
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
        return policies.editable_agency_ids(request.user) != set()

    def has_delete_permission(self, request, obj=None):
        # Articles are archived, never deleted, so links and history stay.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            allowed = policies.editable_agency_ids(request.user)
            if allowed is not None:
                kwargs["queryset"] = Agency.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        try:
            save_article(obj, request.user, changed_fields=form.changed_data, created=not change)
        except PermissionDenied:
            raise PermissionError("Agency not editable by this user") from None
