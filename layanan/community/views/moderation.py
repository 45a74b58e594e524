"""The moderators' queue: open flags grouped by post, and the actions on a post."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layanan.accounts import policies

from ..forms import MergeForm
from ..models import Answer, Comment, Flag, Question
from ..services import comments as comment_service
from ..services import moderation
from ..services import posting as posting_service
from ..services.posting import InvalidPost
from .common import get_post, invalid_post_message, kind_of, login_then, safe_next

MAX_OPEN_FLAGS = 500  # the oldest first; more wait for the next page load


@dataclass
class FlaggedPost:
    post: Question | Answer
    kind: str
    flags: list = field(default_factory=list)

    @property
    def question(self):
        return self.post.question if isinstance(self.post, Answer) else self.post

    @property
    def reasons(self):
        seen = []
        for flag in self.flags:
            if flag.get_reason_display() not in seen:
                seen.append(flag.get_reason_display())
        return seen

    @property
    def duplicate_target(self):
        return next((f.duplicate_of for f in self.flags if f.duplicate_of_id), None)


def _require_moderator(request):
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    if not policies.can_moderate(request.user):
        raise PermissionDenied
    return None


def moderation_queue(request):
    denied = _require_moderator(request)
    if denied:
        return denied
    flags = (
        Flag.objects.filter(status=Flag.Status.OPEN)
        .select_related("reporter", "question", "answer", "answer__question", "duplicate_of")
        .order_by("created_at", "id")[:MAX_OPEN_FLAGS]
    )
    groups: dict[tuple[str, int], FlaggedPost] = {}
    for flag in flags:
        post = flag.answer or flag.question
        key = (kind_of(post), post.pk)
        groups.setdefault(key, FlaggedPost(post, key[0])).flags.append(flag)
    hidden_questions = Question.objects.filter(is_hidden=True).order_by("-updated_at")[:20]
    return render(request, "community/moderation.html", {
        "groups": list(groups.values()),
        "hidden_questions": hidden_questions,
    })


ACTIONS = {"hide", "restore", "lock", "unlock", "dismiss", "merge"}


@require_POST
def moderate(request, kind, pk):
    denied = _require_moderator(request)
    if denied:
        return denied
    post = get_post(kind, pk)
    action = request.POST.get("action", "")
    back = safe_next(request, reverse("community:moderation"))
    if action not in ACTIONS or (action in {"lock", "unlock", "merge"} and not isinstance(post, Question)):
        messages.error(request, _("Unknown moderation action."))
        return redirect(back)
    user = request.user
    try:
        if action == "hide":
            moderation.hide_post(user, post, reason=request.POST.get("reason", "")[:200])
            messages.success(request, _("The post is hidden from the public."))
        elif action == "restore":
            moderation.restore_post(user, post)
            messages.success(request, _("The post is visible again."))
        elif action in ("lock", "unlock"):
            moderation.set_locked(user, post, action == "lock")
            messages.success(request, _("The question is locked.") if action == "lock"
                             else _("The question is open for answers again."))
        elif action == "dismiss":
            moderation.dismiss_flags(user, post)
            messages.success(request, _("The reports were dismissed."))
        else:
            form = MergeForm(request.POST)
            if not form.is_valid():
                messages.error(request, " ".join(form.errors["into"]))
                return redirect(back)
            moderation.merge_duplicate(user, post, form.cleaned_data["into"])
            messages.success(request, _("The question was merged; its answers and followers moved."))
    except posting_service.PermissionDenied:
        raise PermissionDenied from None
    except InvalidPost as exc:
        messages.error(request, invalid_post_message(exc))
    return redirect(back)


@require_POST
def moderate_comment(request, pk):
    """Hide a comment from the public, or show it again."""
    denied = _require_moderator(request)
    if denied:
        return denied
    comment = get_object_or_404(Comment.objects.select_related("question", "answer__question"), pk=pk)
    question = comment.question or comment.answer.question
    back = safe_next(request, f"{question.get_absolute_url()}#komentar-{comment.pk}")
    try:
        if request.POST.get("action") == "restore":
            comment_service.restore_comment(request.user, comment)
            messages.success(request, _("The comment is visible again."))
        else:
            comment_service.hide_comment(request.user, comment, reason=request.POST.get("reason", "")[:200])
            messages.success(request, _("The comment is hidden from the public."))
    except posting_service.PermissionDenied:
        raise PermissionDenied from None
    return redirect(back)
