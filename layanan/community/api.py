"""The community API: read questions and answers, and write them with a bearer token (docs/api.md).

Reads are public and show only what the public pages show: visible questions,
answers that are not hidden, the masked text and the author's display name.
The original text kept by the privacy shield (`private_title`,
`private_body`), emails, usernames and what kinds of data were masked are
never part of a read; `personal_data_masked` says only *that* something was.
The author of a new post is told what was masked in it (`masked`).

Writes go through the community service functions, which check the policies
and mask personal data; the views map their exceptions to JSON errors:
PermissionDenied → 403, InvalidPost → 422 (naming the field), RateLimited →
429 with Retry-After. Hidden or merged questions and hidden answers answer like
unknown ids: 404.
"""

import math
from datetime import datetime
from functools import wraps
from typing import Literal

from django.db.models import BooleanField, Case, F, Prefetch, Value, When
from django.http import JsonResponse
from django.utils.translation import gettext, ngettext
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from pydantic import field_validator

from layanan.accounts import policies
from layanan.accounts.api_auth import BearerTokenAuth
from layanan.api_common import ErrorOut, LinkedPageNumberPagination, ValidationErrorOut, public_url
from layanan.catalog.api import AgencyRef, ServiceRef
from layanan.catalog.models import Agency, Service
from layanan.throttle.services import RateLimited, check

from .models import Answer, Question, Tag
from .services.posting import InvalidPost, PermissionDenied, answer_question, ask_question
from .services.voting import accept_answer, cast_vote

router = Router(tags=["community"])

MAX_TAGS = 5

# OpenAPI for the 429 answer: the Retry-After header (Ninja's `response` has no place for headers).
RATE_LIMITED_OPENAPI = {
    "responses": {
        429: {
            "headers": {
                "Retry-After": {
                    "description": "Seconds until the limit resets.",
                    "schema": {"type": "integer"},
                }
            }
        }
    }
}


# --- schemas ---------------------------------------------------------------------------


class TagOut(Schema):
    slug: str
    name: str


class QuestionListItem(Schema):
    id: int
    title: str = Field(description="Personal data in it is masked.")
    url: str = Field(description="Absolute URL of the public page.")
    answer_count: int
    has_official_answer: bool = Field(description="An agency answered officially.")
    solved: bool = Field(description="The asker accepted an answer.")
    score: int
    created_at: datetime
    last_activity_at: datetime
    agency: AgencyRef | None = Field(description="The agency the question is routed to.")
    services: list[ServiceRef] = Field(description="Published services the question is about.")
    tags: list[TagOut]
    author: str | None = Field(description="The author's public display name; null for a deleted account.")
    personal_data_masked: bool = Field(description="Personal data was masked in the title or text.")

    @staticmethod
    def resolve_url(obj, context):
        return public_url(context["request"], obj)

    @staticmethod
    def resolve_solved(obj):
        return obj.is_solved

    @staticmethod
    def resolve_author(obj):
        return _author(obj)

    @staticmethod
    def resolve_personal_data_masked(obj):
        return bool(obj.masked_kinds)


class AnswerOut(Schema):
    id: int
    question_id: int
    body: str = Field(description="Markdown; personal data in it is masked.")
    body_html: str = Field(description="The body rendered and sanitised.")
    author: str | None = Field(description="The author's public display name; null for a deleted account.")
    official_agency: AgencyRef | None = Field(
        description="Set when agency staff answered for their agency (an official answer)."
    )
    score: int
    accepted: bool = Field(description="The asker accepted this answer.")
    created_at: datetime
    personal_data_masked: bool = Field(description="Personal data was masked in the text.")

    @staticmethod
    def resolve_author(obj):
        return _author(obj)

    @staticmethod
    def resolve_accepted(obj):
        return obj.accepted_first

    @staticmethod
    def resolve_personal_data_masked(obj):
        return bool(obj.masked_kinds)


class QuestionDetail(QuestionListItem):
    body: str = Field(description="Markdown; personal data in it is masked.")
    body_html: str = Field(description="The body rendered and sanitised.")
    is_locked: bool = Field(description="A moderator locked the question: no new answers.")
    accepted_answer_id: int | None
    answers: list[AnswerOut] = Field(
        description="Official answers first, then the accepted one, then by score; "
                    "hidden answers are left out."
    )

    @staticmethod
    def resolve_answers(obj):
        return obj.api_answers


MASKED_DESCRIPTION = (
    'Kinds of personal data masked in what you sent, e.g. ["nik", "telepon"]; '
    "the original is visible only to you and authorised staff."
)


class QuestionCreated(QuestionDetail):
    masked: list[str] = Field(description=MASKED_DESCRIPTION)


class AnswerCreated(AnswerOut):
    masked: list[str] = Field(description=MASKED_DESCRIPTION)


class VoteOut(Schema):
    answer_id: int
    score: int = Field(description="The answer's score after the vote.")
    your_vote: Literal[1, 0, -1] = Field(
        description="Your vote now: voting the same way twice withdraws the vote (0)."
    )


class QuestionIn(Schema):
    title: str = Field(max_length=200, description="At least 10 characters.")
    body: str = Field("", description="Markdown.")
    service: str | None = Field(None, description="Slug of a published service the question is about.")
    agency: str | None = Field(
        None, description="Agency slug; by default the agency of the service.",
    )
    tags: list[str] = Field(default_factory=list, max_length=MAX_TAGS,
                            description=f"Up to {MAX_TAGS} tag names; new ones are created.")


class AnswerIn(Schema):
    body: str = Field(description="Markdown.")
    official: bool = Field(
        False,
        description="Answer for your agency, with its badge. Only staff of the agency the question "
                    "is routed to (directly or through a linked service) may.",
    )


class VoteIn(Schema):
    value: Literal[1, -1] = Field(description="1 (up) or -1 (down; needs reputation).")

    @field_validator("value", mode="before")
    @classmethod
    def _integer_only(cls, value):
        # Python's True == 1 and 1.0 == 1 would otherwise pass as votes.
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("Input should be 1 or -1")
        return value


class QuestionFilters(Schema):
    service: str | None = Field(None, description="Published service slug.")
    agency: str | None = Field(
        None, description="Agency slug: questions routed to it, directly or through one of its services.",
    )
    tag: str | None = Field(None, description="Tag slug.")
    status: Literal["unanswered", "official", "solved"] | None = Field(
        None,
        description="unanswered: no answers yet; official: with an official answer; "
                    "solved: the asker accepted an answer.",
    )


# --- helpers -------------------------------------------------------------------------


def _author(post) -> str | None:
    return post.author.public_name if post.author_id else None


def _bad(location: str, field: str, message: str) -> ValidationError:
    """A 422 shaped like Ninja's own: loc ["query", "tag"] or ["body", "payload", "title"]."""
    loc = [location, "payload", field] if location == "body" else [location, field]
    return ValidationError([{"type": "value_error", "loc": loc, "msg": message}])


def _questions():
    return (
        Question.objects.visible()
        .select_related("author", "agency")
        .prefetch_related(
            "tags",
            Prefetch("services", queryset=Service.objects.published().order_by("name", "pk")),
        )
    )


def _answers(question):
    """Visible answers: official first, then the accepted one, then by score, then oldest first."""
    accepted = (
        Case(When(pk=question.accepted_answer_id, then=Value(True)), default=Value(False),
             output_field=BooleanField())
        if question.accepted_answer_id else Value(False, output_field=BooleanField())
    )
    official = Case(When(official_agency__isnull=False, then=Value(True)), default=Value(False),
                    output_field=BooleanField())
    return (
        question.answers.filter(is_hidden=False)
        .select_related("author", "official_agency")
        .annotate(official_first=official, accepted_first=accepted)
        .order_by(F("official_first").desc(), F("accepted_first").desc(), "-score", "created_at", "id")
    )


def _with_answers(question):
    question.api_answers = list(_answers(question))
    return question


def _visible_question(question_id: int) -> Question:
    question = _questions().filter(pk=question_id).first()
    if question is None:
        raise HttpError(404, gettext("No question has this id."))
    return question


def _visible_answer(answer_id: int) -> Answer:
    answer = (
        Answer.objects.select_related("author", "official_agency", "question")
        .filter(pk=answer_id, is_hidden=False, question__is_hidden=False, question__duplicate_of__isnull=True)
        .first()
    )
    if answer is None:
        raise HttpError(404, gettext("No answer has this id."))
    return answer


def _answer_out(answer: Answer):
    """Give a freshly fetched answer the attribute the answer schema reads."""
    answer.accepted_first = answer.question.accepted_answer_id == answer.pk
    return answer


def _rate_limited(exc: RateLimited) -> JsonResponse:
    minutes = max(1, math.ceil(exc.retry_after / 60))
    response = JsonResponse(
        {"detail": ngettext(
            "Too many attempts. Please try again in %(minutes)d minute.",
            "Too many attempts. Please try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


INVALID_POST = {
    # InvalidPost code → (field, message)
    "title-too-short": ("title", lambda: gettext("The title is too short: write at least 10 characters.")),
    "body-empty": ("body", lambda: gettext("The answer is empty or too short.")),
}


def _write(view):
    """Map the service functions' refusals to JSON errors: 422 for bad input, 429 when rate limited."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RateLimited as exc:
            return _rate_limited(exc)
        except InvalidPost as exc:
            code = str(exc)
            if code in INVALID_POST:
                field, message = INVALID_POST[code]
                raise _bad("body", field, message()) from None
            raise HttpError(400, gettext("This post cannot be accepted.")) from None

    return wrapper


# --- read endpoints ------------------------------------------------------------------


@router.get(
    "/questions",
    response={200: list[QuestionListItem], 404: ErrorOut, 422: ValidationErrorOut},
    operation_id="list_questions",
    summary="List questions",
    description="Visible questions, most recently active first.",
)
@paginate(LinkedPageNumberPagination)
def list_questions(request, filters: Query[QuestionFilters]):
    questions = _questions().order_by("-last_activity_at", "-id")
    if filters.service:
        service = Service.objects.published().filter(slug=filters.service).only("pk").first()
        if service is None:
            raise _bad("query", "service", gettext("Unknown service."))
        questions = questions.filter(services=service)
    if filters.agency:
        agency = Agency.objects.filter(slug=filters.agency).only("pk").first()
        if agency is None:
            raise _bad("query", "agency", gettext("Unknown agency."))
        questions = questions.for_agency(agency.pk)
    if filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).only("pk").first()
        if tag is None:
            raise _bad("query", "tag", gettext("Unknown tag."))
        questions = questions.filter(tags=tag)
    if filters.status == "unanswered":
        questions = questions.unanswered()
    elif filters.status == "official":
        questions = questions.with_official_answer()
    elif filters.status == "solved":
        questions = questions.solved()
    return questions


@router.get(
    "/questions/{question_id}",
    response={200: QuestionDetail, 404: ErrorOut, 422: ValidationErrorOut},
    operation_id="get_question",
    summary="One question with its answers",
)
def get_question(request, question_id: int):
    return _with_answers(_visible_question(question_id))


@router.get(
    "/questions/{question_id}/answers",
    response={200: list[AnswerOut], 404: ErrorOut, 422: ValidationErrorOut},
    operation_id="list_answers",
    summary="The answers to a question",
    description="Official answers first, then the accepted one, then by score; hidden answers are left out.",
)
@paginate(LinkedPageNumberPagination)
def list_answers(request, question_id: int):
    question = Question.objects.visible().filter(pk=question_id).only("pk", "accepted_answer_id").first()
    if question is None:
        raise HttpError(404, gettext("No question has this id."))
    return _answers(question)


# --- write endpoints -----------------------------------------------------------------


WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


@router.post(
    "/questions",
    auth=BearerTokenAuth(),
    response={201: QuestionCreated, **WRITE_ERRORS},
    operation_id="create_question",
    summary="Ask a question",
    description="Personal data (NIK, phone numbers, emails…) is masked before the question is published; "
                "`masked` lists what was. Rate limited per user and per IP address.",
    openapi_extra=RATE_LIMITED_OPENAPI,
)
@_write
def create_question(request, payload: QuestionIn):
    services = []
    if payload.service:
        service = Service.objects.published().select_related("agency").filter(slug=payload.service).first()
        if service is None:
            raise _bad("body", "service", gettext("Unknown service."))
        services.append(service)
    agency = None
    if payload.agency:
        agency = Agency.objects.filter(slug=payload.agency).first()
        if agency is None:
            raise _bad("body", "agency", gettext("Unknown agency."))
    check(request, "post")
    try:
        published = ask_question(
            request.auth, payload.title, payload.body, services=services, agency=agency, tags=payload.tags,
        )
    except PermissionDenied:
        raise HttpError(403, gettext("You may not ask questions.")) from None
    question = _with_answers(_visible_question(published.post.pk))
    question.masked = published.masked
    return Status(201, question)


@router.post(
    "/questions/{question_id}/answers",
    auth=BearerTokenAuth(),
    response={201: AnswerCreated, 404: ErrorOut, **WRITE_ERRORS},
    operation_id="create_answer",
    summary="Answer a question",
    description="With `official: true`, staff of the agency the question is routed to answer for it. "
                "Personal data is masked before publishing; `masked` lists what was. Rate limited.",
    openapi_extra=RATE_LIMITED_OPENAPI,
)
@_write
def create_answer(request, question_id: int, payload: AnswerIn):
    question = Question.objects.visible().filter(pk=question_id).first()
    if question is None:
        raise HttpError(404, gettext("No question has this id."))
    check(request, "post")
    user = request.auth
    try:
        published = answer_question(user, question, payload.body, official=payload.official)
    except PermissionDenied:
        if not policies.can_answer(user, question):
            message = gettext("This question is locked: it takes no new answers.")
        else:
            message = gettext(
                "Only staff of the agency this question is routed to can answer for it officially."
            )
        raise HttpError(403, message) from None
    answer = _answer_out(_visible_answer(published.post.pk))
    answer.masked = published.masked
    return Status(201, answer)


@router.post(
    "/answers/{answer_id}/vote",
    auth=BearerTokenAuth(),
    response={200: VoteOut, 404: ErrorOut, **WRITE_ERRORS},
    operation_id="vote_answer",
    summary="Vote on an answer",
    description="One vote per user and answer; voting the same way again withdraws it, the other way "
                "changes it. Not on your own answers; voting down needs reputation. Rate limited.",
    openapi_extra=RATE_LIMITED_OPENAPI,
)
@_write
def vote_answer(request, answer_id: int, payload: VoteIn):
    answer = _visible_answer(answer_id)
    check(request, "vote")
    user = request.auth
    try:
        score = cast_vote(user, answer, payload.value)
    except PermissionDenied:
        if not policies.can_vote(user, answer, 1):
            message = gettext("You cannot vote on your own answer.")
        else:
            message = gettext("Voting down needs at least %(points)d reputation points.") % {
                "points": policies.REPUTATION_TO_VOTE_DOWN
            }
        raise HttpError(403, message) from None
    vote = answer.votes.filter(user=user).values_list("value", flat=True).first()
    return {"answer_id": answer.pk, "score": score, "your_vote": vote or 0}


@router.post(
    "/answers/{answer_id}/accept",
    auth=BearerTokenAuth(),
    response={200: QuestionDetail, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
              422: ValidationErrorOut},
    operation_id="accept_answer",
    summary="Accept the answer that solved your question",
    description="Only the asker accepts; accepting another answer later replaces the choice. "
                "Answers with the question, now solved.",
)
def accept(request, answer_id: int):
    answer = _visible_answer(answer_id)
    try:
        accept_answer(request.auth, answer)
    except PermissionDenied:
        raise HttpError(403, gettext("Only the person who asked can accept an answer.")) from None
    return _with_answers(_visible_question(answer.question_id))
