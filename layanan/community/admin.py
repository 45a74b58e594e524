from django.contrib import admin

from layanan.accounts import policies

from .models import Answer, Flag, Question, Tag


class ModeratorOnly(admin.ModelAdmin):
    """Moderators work in the community pages; the staff area is a read-only view for them."""

    def has_module_permission(self, request):
        return policies.can_moderate(request.user)

    def has_view_permission(self, request, obj=None):
        return policies.can_moderate(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(ModeratorOnly):
    list_display = ("title", "author", "agency", "answer_count", "has_official_answer", "is_hidden", "created_at")
    list_filter = ("has_official_answer", "is_hidden", "is_locked")
    search_fields = ("title",)


@admin.register(Answer)
class AnswerAdmin(ModeratorOnly):
    list_display = ("question", "author", "official_agency", "score", "is_hidden", "created_at")


@admin.register(Flag)
class FlagAdmin(ModeratorOnly):
    list_display = ("reason", "question", "answer", "reporter", "status", "created_at")
    list_filter = ("status", "reason")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)

    def has_module_permission(self, request):
        return policies.can_moderate(request.user)

    def has_view_permission(self, request, obj=None):
        return policies.can_moderate(request.user)

    has_change_permission = has_add_permission = lambda self, request, obj=None: policies.can_moderate(request.user)  # noqa: E731
