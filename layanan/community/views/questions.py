"""Question lists, the question page, and the actions on it: answer, comment, vote, accept, follow, edit, flag."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from layanan.accounts import policies
from layanan.catalog.models import Agency, Service
from layanan.throttle.services import RateLimited, check

from ..forms import AnswerForm, CommentForm, EditForm, FlagForm
from ..models import Answer, Comment, PostRevision, Question, Tag, Vote
from ..services import comments as comment_service
from ..services import following, moderation, notifications
from ..services import posting as posting_service
from ..services.posting import InvalidPost, answer_question, edit_post, official_agency_for
from ..services.voting import accept_answer, cast_vote
from ..structured_data import question_json_ld
from .common import (
    get_post,
    invalid_post_message,
    kind_of,
    login_then,
    page_of,
    rate_limited,
    safe_next,
    tell_what_was_masked,
)

# ?status= values (Indonesian, like the other query parameters) → queryset method.
STATUS_FILTERS = {
    "belum-dijawab": "unanswered",
    "jawaban-resmi": "with_official_answer",
    "selesai": "solved",
}


def _status_labels():
    return [
        ("", _("All")),
        ("belum-dijawab", _("Unanswered")),
        ("jawaban-resmi", _("With an official answer")),
        ("selesai", _("Solved")),
    ]


def question_list(request, tag_slug=None):
    questions = Question.objects.visible().for_listing()
    status = request.GET.get("status", "")
    if status in STATUS_FILTERS:
        questions = getattr(questions, STATUS_FILTERS[status])()
    else:
        status = ""
    service = agency = tag = None
    if request.GET.get("layanan"):
        service = get_object_or_404(Service.objects.published().select_related("agency"),
                                    slug=request.GET["layanan"])
        questions = questions.filter(services=service)
    if request.GET.get("instansi"):
        agency = get_object_or_404(Agency, slug=request.GET["instansi"])
        questions = questions.for_agency(agency.pk)
    if tag_slug is not None:
        tag = get_object_or_404(Tag, slug=tag_slug)
        questions = questions.filter(tags=tag)
    kept = {}
    if service:
        kept["layanan"] = service.slug
    if agency:
        kept["instansi"] = agency.slug
    status_links = [
        (value, label, "?" + urlencode({**kept, **({"status": value} if value else {})}))
        for value, label in _status_labels()
    ]
    ask_query = {"layanan": service.slug} if service else {}
    return render(request, "community/question_list.html", {
        "page": page_of(request, questions),
        "status": status,
        "status_links": status_links,
        "service": service,
        "agency": agency,
        "tag": tag,
        "ask_query": urlencode(ask_query),
        "queue_agencies": _queue_agencies(request.user),
    })


def _queue_agencies(user):
    """Agencies whose queue this user works, for a link on the list page."""
    if not policies.is_agency_staff(user):
        return []
    ids = user.agency_ids(policies.STAFF_ROLES)
    return list(Agency.objects.filter(pk__in=ids).order_by("name")) if ids else []


def question_short(request, pk):
    question = get_object_or_404(Question.objects.only("pk", "slug"), pk=pk)
    return redirect(question, permanent=True)


def _question_queryset():
    return Question.objects.select_related("author", "agency", "region", "duplicate_of").prefetch_related(
        "tags", Prefetch("services", queryset=Service.objects.select_related("agency")),
    )


def _load_question(request, pk):
    """The question for a page, or a response: 404 when hidden, a redirect for a merged duplicate."""
    question = get_object_or_404(_question_queryset(), pk=pk)
    if question.is_hidden and not policies.can_moderate(request.user):
        raise Http404
    return question


def _ordered(answers, question):
    """Official answers first, then the accepted one, then by score, oldest first among equals."""
    return sorted(answers, key=lambda a: (not a.is_official, a.pk != question.accepted_answer_id,
                                          -a.score, a.created_at, a.pk))


def _official_agency(user, question):
    """The agency this user could answer for officially, as an object, or None."""
    if not policies.is_agency_staff(user):
        return None
    agency_id = official_agency_for(user, question)
    if agency_id is None:
        return None
    if question.agency_id == agency_id:
        return question.agency
    return next(s.agency for s in question.services.all() if s.agency_id == agency_id)


def _comment_form(post, data=None):
    """A comment form whose field ids are unique on the page (one form per post)."""
    return CommentForm(data, auto_id=f"id_komentar_{kind_of(post)}_{post.pk}_%s")


def _attach_comments(user, question, answers, *, is_moderator, bound_form=None):
    """Give the question and each answer its comments (one query for all) and,
    where the user may comment, a form; `bound_form` replaces the form of the
    post it was submitted for, so errors and text show in place."""
    comments = Comment.objects.filter(Q(question=question) | Q(answer__question=question)).select_related("author")
    if not is_moderator:
        comments = comments.filter(is_hidden=False)
    by_post = {}
    for comment in comments:
        key = ("jawaban", comment.answer_id) if comment.answer_id else ("pertanyaan", comment.question_id)
        by_post.setdefault(key, []).append(comment)
    for post in [question, *answers]:
        kind = kind_of(post)
        post.comment_kind = kind
        post.visible_comments = by_post.get((kind, post.pk), [])
        if bound_form is not None and bound_form.post == post:  # model equality includes the model
            post.comment_form = bound_form
        elif user.is_authenticated and policies.can_comment(user, post):
            post.comment_form = _comment_form(post)
        else:
            post.comment_form = None


def _question_context(request, question, *, answer_form=None, comment_form=None):
    user = request.user
    is_moderator = policies.can_moderate(user)
    answers = list(question.answers.select_related("author", "official_agency"))
    if not is_moderator:
        answers = [a for a in answers if not a.is_hidden]
    answers = _ordered(answers, question)
    votes = {}
    if user.is_authenticated:
        rows = Vote.objects.filter(user=user).filter(Q(question=question) | Q(answer__question=question))
        votes = {("answer", a) if a else ("question", q): v
                 for q, a, v in rows.values_list("question_id", "answer_id", "value")}
    for answer in answers:
        answer.question = question  # spare each policy check a query
        answer.user_vote = votes.get(("answer", answer.pk), 0)
        answer.can_vote_up = policies.can_vote(user, answer, 1)
        answer.can_vote_down = policies.can_vote(user, answer, -1)
        answer.can_edit = policies.can_edit_post(user, answer)
        answer.show_private = bool(answer.private_body) and policies.can_see_private_text(user, answer)
        answer.is_accepted = answer.pk == question.accepted_answer_id
    question.user_vote = votes.get(("question", question.pk), 0)
    official_agency = _official_agency(user, question)
    can_answer = policies.can_answer(user, question) or not user.is_authenticated
    if answer_form is None and can_answer and user.is_authenticated:
        answer_form = AnswerForm(official_agency=official_agency)
    public_answers = [a for a in answers if not a.is_hidden]
    _attach_comments(user, question, answers, is_moderator=is_moderator, bound_form=comment_form)
    return {
        "question": question,
        "answers": answers,
        "answer_form": answer_form,
        "official_agency": official_agency,
        "can_answer": can_answer and not (question.is_locked and not is_moderator),
        "can_accept": policies.can_accept_answer(user, question),
        "can_edit_question": policies.can_edit_post(user, question),
        "can_vote_question_up": policies.can_vote(user, question, 1),
        "can_vote_question_down": policies.can_vote(user, question, -1),
        "can_flag": policies.can_flag(user),
        "can_follow": policies.can_follow_question(user, question),
        "is_following": following.is_following(user, question),
        "is_moderator": is_moderator,
        "show_private_question": bool(question.private_body or question.private_title)
        and policies.can_see_private_text(user, question),
        "services": list(question.services.all()),
        "structured_data": (
            None if question.is_hidden else question_json_ld(question, public_answers, request)
        ),
    }


def question_detail(request, pk, slug):
    question = _load_question(request, pk)
    if question.duplicate_of_id:
        messages.info(request, _(
            "The question “%(title)s” was asked before, so it was merged into this one. "
            "Its answers are here."
        ) % {"title": question.title})
        return redirect(question.duplicate_of)
    if slug != question.slug:
        return redirect(question, permanent=True)
    Question.objects.filter(pk=question.pk).update(view_count=F("view_count") + 1)
    if request.user.is_authenticated:
        notifications.mark_read(request.user, question=question)
    return render(request, "community/question_detail.html", _question_context(request, question))


@require_POST
def answer(request, pk):
    question = _load_question(request, pk)
    if not request.user.is_authenticated:
        return login_then(question.get_absolute_url() + "#jawab")
    if not policies.can_answer(request.user, question):
        raise PermissionDenied
    form = AnswerForm(request.POST, official_agency=_official_agency(request.user, question))
    if form.is_valid():
        try:
            check(request, "post")
        except RateLimited as exc:
            return rate_limited(request, exc, template="community/question_detail.html",
                                context=_question_context(request, question, answer_form=form))
        try:
            published = answer_question(request.user, question, form.cleaned_data["body"],
                                        official=form.cleaned_data.get("official", False))
        except posting_service.PermissionDenied:
            raise PermissionDenied from None
        except InvalidPost as exc:
            form.add_error("body", invalid_post_message(exc))
        else:
            if published.post.is_official:
                messages.success(request, _("Your official answer is published and shown first."))
            else:
                messages.success(request, _("Thank you, your answer is published."))
            tell_what_was_masked(request, published)
            return redirect(published.post.get_absolute_url())
    context = _question_context(request, question, answer_form=form)
    return render(request, "community/question_detail.html", context)


@require_POST
def comment(request, kind, pk):
    post = get_post(kind, pk)
    question = _load_question(request, post.question_id if isinstance(post, Answer) else post.pk)
    if isinstance(post, Answer):
        post.question = question
    if not request.user.is_authenticated:
        return login_then(f"{question.get_absolute_url()}#komentar-{kind}-{post.pk}")
    if post.is_hidden and not policies.can_moderate(request.user):
        raise Http404
    if not policies.can_comment(request.user, post):
        raise PermissionDenied
    form = _comment_form(post, request.POST)
    form.post = post
    if form.is_valid():
        try:
            check(request, "post")
        except RateLimited as exc:
            return rate_limited(request, exc, template="community/question_detail.html",
                                context=_question_context(request, question, comment_form=form))
        try:
            published = comment_service.add_comment(request.user, post, form.cleaned_data["body"])
        except posting_service.PermissionDenied:
            raise PermissionDenied from None
        except InvalidPost as exc:
            form.add_error("body", invalid_post_message(exc))
        else:
            messages.success(request, _("Your comment is published."))
            tell_what_was_masked(request, published)
            return redirect(f"{question.get_absolute_url()}#komentar-{kind}-{post.pk}")
    return render(request, "community/question_detail.html",
                  _question_context(request, question, comment_form=form))


@require_POST
def vote(request, kind, pk):
    post = get_post(kind, pk)
    question = post.question if isinstance(post, Answer) else post
    if not request.user.is_authenticated:
        return login_then(question.get_absolute_url())
    if question.is_hidden or post.is_hidden:
        raise Http404
    try:
        value = int(request.POST.get("value", ""))
    except ValueError:
        value = 0
    if value not in (1, -1):
        messages.error(request, _("Choose up or down."))
        return redirect(post.get_absolute_url())
    if not policies.can_vote(request.user, post, value):
        raise PermissionDenied
    try:
        check(request, "vote")
    except RateLimited as exc:
        return rate_limited(request, exc, back_url=post.get_absolute_url())
    try:
        cast_vote(request.user, post, value)
    except posting_service.PermissionDenied:
        raise PermissionDenied from None
    return redirect(post.get_absolute_url())


@require_POST
def accept(request, pk):
    answer_ = get_object_or_404(Answer.objects.select_related("question"), pk=pk, is_hidden=False)
    if not request.user.is_authenticated:
        return login_then(answer_.question.get_absolute_url())
    try:
        accept_answer(request.user, answer_)
    except posting_service.PermissionDenied:
        raise PermissionDenied from None
    messages.success(request, _("You accepted this answer. Thank you for telling others what helped."))
    return redirect(answer_.get_absolute_url())


@require_POST
def follow(request, pk):
    question = _load_question(request, pk)
    if not request.user.is_authenticated:
        return login_then(question.get_absolute_url())
    try:
        if request.POST.get("action") == "unfollow":
            following.unfollow_question(request.user, question)
            messages.info(request, _("You no longer follow this question."))
        else:
            following.follow_question(request.user, question)
            messages.success(request, _("You follow this question. We will tell you about new answers."))
    except posting_service.PermissionDenied:
        raise PermissionDenied from None
    return redirect(question.get_absolute_url())


@require_http_methods(["GET", "POST"])
def edit(request, kind, pk):
    post = get_post(kind, pk)
    question = post.question if isinstance(post, Answer) else post
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    if not policies.can_edit_post(request.user, post):
        raise PermissionDenied
    is_question = isinstance(post, Question)
    private = policies.can_see_private_text(request.user, post)
    initial = {"body": (post.private_body or post.body) if private else post.body}
    if is_question:
        initial["title"] = (post.private_title or post.title) if private else post.title
    form = EditForm(request.POST or None, initial=initial, is_question=is_question)
    if request.method == "POST" and form.is_valid():
        try:
            published = edit_post(request.user, post, body=form.cleaned_data["body"],
                                  title=form.cleaned_data.get("title"), note=form.cleaned_data["note"])
        except posting_service.PermissionDenied:
            raise PermissionDenied from None
        messages.success(request, _("Your changes are saved. The earlier version stays in the edit history."))
        tell_what_was_masked(request, published)
        return redirect(published.post.get_absolute_url())
    return render(request, "community/edit.html", {
        "form": form, "post": post, "question": question, "is_question": is_question,
        "shows_private": private,
    })


def history(request, pk, slug):
    question = _load_question(request, pk)
    if slug != question.slug:
        return redirect("community:history", pk=question.pk, slug=question.slug)
    is_moderator = policies.can_moderate(request.user)
    answer_filter = Q(answer__question=question) if is_moderator else Q(answer__question=question,
                                                                          answer__is_hidden=False)
    revisions = (
        PostRevision.objects.filter(Q(question=question) | answer_filter)
        .select_related("editor", "answer")
        .order_by("-created_at", "-id")
    )
    return render(request, "community/history.html", {
        "question": question, "page": page_of(request, revisions),
    })


@require_http_methods(["GET", "POST"])
def flag(request, kind, pk):
    post = get_post(kind, pk)
    question = post.question if isinstance(post, Answer) else post
    if question.is_hidden and not policies.can_moderate(request.user):
        raise Http404
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    if not policies.can_flag(request.user):
        return render(request, "community/flag_not_allowed.html", {
            "question": question, "needed": policies.REPUTATION_TO_FLAG,
        }, status=403)
    form = FlagForm(request.POST or None, post=post)
    if request.method == "POST" and form.is_valid():
        try:
            check(request, "flag")
        except RateLimited as exc:
            return rate_limited(request, exc, back_url=post.get_absolute_url())
        try:
            moderation.flag_post(
                request.user, post, form.cleaned_data["reason"],
                note=form.cleaned_data["note"], duplicate_of=form.cleaned_data.get("duplicate_of"),
            )
        except posting_service.PermissionDenied:
            raise PermissionDenied from None
        except InvalidPost as exc:
            messages.info(request, invalid_post_message(exc))
            return redirect(post.get_absolute_url())
        messages.success(request, _("Thank you. Moderators will review your report."))
        return redirect(safe_next(request, post.get_absolute_url()))
    return render(request, "community/flag.html", {
        "form": form, "post": post, "question": question, "kind": kind_of(post),
    })
