"""Users, agency roles and API tokens in the staff area.

Site admins manage users (with their agency roles inline). Agency admins
manage the roles at their own agencies through "Agency memberships", picking
a person by username or email, since they may not browse all users. Every
role change goes through services.memberships, which audits it.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import policies
from .models import AgencyMembership, ApiToken, User
from .services import memberships
from .services.api_tokens import revoke_api_token


class MembershipInline(admin.TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Portal"), {"fields": ("display_name", "is_moderator")}),
    )
    inlines = [MembershipInline]
    list_display = ("username", "display_name", "email", "is_active", "is_staff", "is_moderator")
    list_filter = BaseUserAdmin.list_filter + ("is_moderator",)
    search_fields = ("username", "display_name", "email")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            memberships.audit_role_flag_changes(request.user, obj, form.changed_data)

    def save_formset(self, request, form, formset, change):
        if formset.model is not AgencyMembership:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for membership in formset.deleted_objects:
            memberships.revoke_membership(request.user, membership)
        for membership, changed_fields in formset.changed_objects:
            memberships.change_membership(request.user, membership, changed_fields)
        for membership in formset.new_objects:
            memberships.grant_membership(request.user, membership)


class MembershipForm(forms.ModelForm):
    user = forms.CharField(
        label=_("Person"), max_length=254,
        help_text=_("Username or email address of an active account."),
    )

    class Meta:
        model = AgencyMembership
        fields = ["user", "agency", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["user"] = self.instance.user.username

    def clean_user(self):
        value = self.cleaned_data["user"].strip()
        matches = list(User.objects.filter(
            Q(username__iexact=value) | Q(email__iexact=value), is_active=True,
        )[:2])
        if not matches:
            raise forms.ValidationError(_("No active account has this username or email address."))
        if len(matches) > 1:
            raise forms.ValidationError(_("Several accounts use this email address; enter the username."))
        return matches[0]


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("user", "agency", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "agency__name")
    list_select_related = ("user", "agency")

    def _allowed(self, request):
        return policies.manageable_membership_agency_ids(request.user)

    def has_module_permission(self, request):
        return self._allowed(request) != set()

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return policies.can_manage_memberships(request.user, obj.agency_id)

    has_change_permission = has_delete_permission = has_view_permission

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        allowed = self._allowed(request)
        return qs if allowed is None else qs.filter(agency__in=allowed)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            agencies = db_field.remote_field.model.objects.all()
            allowed = self._allowed(request)
            kwargs["queryset"] = agencies if allowed is None else agencies.filter(pk__in=allowed)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not policies.can_manage_memberships(request.user, obj.agency_id):
            raise PermissionError("Memberships of this agency are not manageable by this user")
        if change:
            memberships.change_membership(request.user, obj, form.changed_data)
        else:
            memberships.grant_membership(request.user, obj)

    def delete_model(self, request, obj):
        memberships.revoke_membership(request.user, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            memberships.revoke_membership(request.user, membership)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("prefix", "name", "user__username")
    list_select_related = ("user",)
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked")
    actions = ["revoke"]

    def has_add_permission(self, request):
        # Tokens are created with `manage.py create_api_token`, which shows the key once.
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so the record stays

    @admin.action(description=_("Revoke selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked=False):
            revoke_api_token(request.user, token)
