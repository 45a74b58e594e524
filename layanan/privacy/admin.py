from django.contrib import admin

from .models import PersonalDataEvent


@admin.register(PersonalDataEvent)
class PersonalDataEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kinds", "total", "target_type", "target_id", "field", "actor_id")
    list_filter = ("target_type",)
    readonly_fields = [f.name for f in PersonalDataEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
