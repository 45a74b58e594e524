"""The staff area for the catalog, on the Django admin.

Permissions are object-level and come from accounts.policies: staff see and
edit only their own agency's services. Every save records a revision (with the
change note typed in the form) and an audit entry.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from layanan.accounts import policies
from layanan.audit.services import record as audit

from .models import (
    Agency,
    Category,
    Fee,
    LegalBasis,
    ProcedureStep,
    Region,
    Requirement,
    Service,
    ServiceChannel,
    ServiceRevision,
)
from .services.revisions import record_revision


class ServiceAdminForm(forms.ModelForm):
    change_note = forms.CharField(
        label=_("Change note"), max_length=300,
        help_text=_("What changed and why. Shown in the public change history."),
    )

    class Meta:
        model = Service
        exclude = ["review_due_at"]


class OrderedInline(admin.TabularInline):
    """Rows of one component; editable by whoever may edit the parent service."""

    extra = 0

    def _allowed(self, request, obj):
        return policies.is_agency_staff(request.user) and (
            obj is None or policies.can_edit_service(request.user, obj)
        )

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, obj)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class RequirementInline(OrderedInline):
    model = Requirement


class StepInline(OrderedInline):
    model = ProcedureStep


class FeeInline(OrderedInline):
    model = Fee


class ChannelInline(OrderedInline):
    model = ServiceChannel


class LegalBasisInline(OrderedInline):
    model = LegalBasis


class AgencyScopedAdmin(admin.ModelAdmin):
    """Shows staff only the rows of agencies they may edit."""

    agency_field = "agency"

    def has_module_permission(self, request):
        return policies.is_agency_staff(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        allowed = policies.editable_agency_ids(request.user)
        if allowed is None:
            return qs
        return qs.filter(**{f"{self.agency_field}__in": allowed})


@admin.register(Service)
class ServiceAdmin(AgencyScopedAdmin):
    form = ServiceAdminForm
    list_display = ("name", "agency", "region", "status", "verified_at", "review_due_at")
    list_filter = ("status", "category", "agency__level")
    search_fields = ("name", "slug", "keywords")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["agency", "region", "variant_of", "prerequisites", "owner"]
    readonly_fields = ["verified_at", "verified_by"]
    inlines = [RequirementInline, StepInline, FeeInline, ChannelInline, LegalBasisInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "category", "agency", "region", "variant_of",
                           "status", "keywords", "prerequisites", "change_note"]}),
        (_("Service delivery"), {"fields": ["duration_min", "duration_max", "duration_unit",
                                            "duration_text", "product", "complaint_handling", "online_url"]}),
        (_("Internal management"), {"classes": ["collapse"], "fields": [
            "sk_number", "facilities", "staff_competence", "internal_oversight", "staff_count",
            "service_guarantee", "safety_guarantee", "performance_evaluation"]}),
        (_("Freshness and sources"), {"fields": ["owner", "review_interval_days", "verified_at",
                                                 "verified_by", "sources", "verification_notes"]}),
    ]

    def has_view_permission(self, request, obj=None):
        return policies.is_agency_staff(request.user) and (
            obj is None or policies.can_edit_service(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return policies.editable_agency_ids(request.user) != set()

    def has_delete_permission(self, request, obj=None):
        # Services are archived, never deleted, so history and links stay.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            allowed = policies.editable_agency_ids(request.user)
            if allowed is not None:
                kwargs["queryset"] = Agency.objects.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not policies.can_edit_service(request.user, obj):
            raise PermissionError("Agency not editable by this user")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record_revision(
            form.instance, request.user, form.cleaned_data["change_note"],
            action="service.edit" if change else "service.create",
        )


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "level", "region")
    list_filter = ("level",)
    search_fields = ("name", "short_name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["parent", "region"]

    def has_module_permission(self, request):
        return policies.is_agency_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return policies.is_agency_staff(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return policies.is_agency_staff(request.user)
        return policies.can_edit_agency(request.user, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit(request.user, "agency.edit" if change else "agency.create", obj,
              agency_id=obj.pk, fields=sorted(form.changed_data))


class SiteAdminOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return policies.is_agency_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return policies.is_agency_staff(request.user)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = lambda self, request: request.user.is_superuser  # noqa: E731

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(SiteAdminOnly):
    list_display = ("code", "name", "level")
    search_fields = ("code", "name")


@admin.register(Category)
class CategoryAdmin(SiteAdminOnly):
    list_display = ("name", "name_en", "slug", "position")


@admin.register(ServiceRevision)
class ServiceRevisionAdmin(admin.ModelAdmin):
    list_display = ("service", "number", "created_at", "author", "change_note")
    readonly_fields = ["service", "number", "created_at", "author", "change_note", "document"]

    def has_module_permission(self, request):
        return policies.is_agency_staff(request.user)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        allowed = policies.editable_agency_ids(request.user)
        return qs if allowed is None else qs.filter(service__agency__in=allowed)

    def has_view_permission(self, request, obj=None):
        return policies.is_agency_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
