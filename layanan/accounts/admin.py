from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AgencyMembership, User


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
    list_display = ("username", "display_name", "email", "is_staff", "is_moderator")
