"""The ask flow: title first, then what may already answer it, then the full question.

Without JavaScript it is a two-step form: step 1 sends the title (GET), the
server shows suggestions with "This answers my question" buttons and
"Continue asking", step 2 is the full form. ask.js shows the same
suggestions while the citizen types, from `suggestions_json`.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from layanan.catalog.models import Service
from layanan.search.services.query import TYPE_LABELS
from layanan.throttle.services import RateLimited, check

from ..forms import QuestionForm, TitleForm
from ..services import posting as posting_service
from ..services.deflection import record_deflection, suggestions_for
from ..services.posting import InvalidPost, ask_question
from .common import invalid_post_message, login_then, rate_limited, tell_what_was_masked


def _localised(url: str) -> str:
    """An index path (stored in the default language, Indonesian) in the language of this request."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return url
    with translation.override(settings.LANGUAGE_CODE):  # resolve it where it was made
        return translate_url(url, language)


def _preselected_service(request):
    slug = request.GET.get("layanan") or ""
    if not slug:
        return None
    return Service.objects.published().select_related("agency").filter(slug=slug).first()


def _step_two_url(request, title: str, service) -> str:
    query = {"judul": title, "langkah": "2"}
    if service is not None:
        query["layanan"] = service.slug
    return f"{request.path}?{urlencode(query)}"


@require_http_methods(["GET", "POST"])
def ask(request):
    service = _preselected_service(request)
    if request.method == "POST":
        return _post_question(request)
    title = (request.GET.get("judul") or "").strip()
    if request.GET.get("langkah") == "2":
        if not request.user.is_authenticated:
            messages.info(request, _("Log in or sign up to post your question. It takes a minute."))
            return login_then(request.get_full_path())
        form = QuestionForm(initial={"title": title, "service": service.slug if service else None})
        return render(request, "community/ask.html", {"step": 2, "form": form, "service": service})
    title_form = TitleForm(request.GET if "judul" in request.GET else None)
    if title_form.is_bound and title_form.is_valid():
        title = title_form.cleaned_data["judul"]
        return render(request, "community/ask.html", {
            "step": "suggestions",
            "title": title,
            "title_form": title_form,
            "suggestions": suggestions_for(title),
            "continue_url": _step_two_url(request, title, service),
            "service": service,
        })
    return render(request, "community/ask.html", {"step": 1, "title_form": title_form, "service": service})


def _post_question(request):
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            check(request, "post")
        except RateLimited as exc:
            return rate_limited(request, exc, template="community/ask.html",
                                context={"step": 2, "form": form, "service": None})
        data = form.cleaned_data
        try:
            published = ask_question(
                request.user, data["title"], data["body"],
                services=[data["service"]] if data["service"] else [], tags=data["tags"],
            )
        except posting_service.PermissionDenied:
            raise PermissionDenied from None
        except InvalidPost as exc:
            form.add_error("title", invalid_post_message(exc))
        else:
            messages.success(request, _("Your question is published. We will tell you when someone answers."))
            tell_what_was_masked(request, published)
            return redirect(published.post.get_absolute_url())
    return render(request, "community/ask.html", {"step": 2, "form": form, "service": None})


@require_GET
def suggestions_json(request):
    """Suggestions for a title being typed, for ask.js: plain text only, no HTML."""
    query = (request.GET.get("q") or "")[:200]
    results = [
        {
            "type": hit.type,
            "type_label": str(TYPE_LABELS.get(hit.type, hit.type)),
            "id": hit.id,
            "title": hit.title,
            "url": _localised(hit.url),
            "summary": strip_tags(str(hit.snippet)),
            "agency": hit.agency_name,
        }
        for hit in suggestions_for(query)
    ]
    response = JsonResponse({"query": query, "results": results})
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_POST
def deflect(request):
    """"This answers my question": count it and take the citizen to the item."""
    try:
        result_id = int(request.POST.get("id", ""))
    except ValueError:
        raise Http404 from None
    event = record_deflection(
        request.user, request.POST.get("q", ""), request.POST.get("type", ""), result_id
    )
    if event is None:
        raise Http404
    messages.success(
        request, _("Glad you found your answer. If it does not fit after all, you can still ask.")
    )
    return redirect(_localised(event.result_url))
