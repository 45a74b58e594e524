"""What the community views share: rate-limit responses, login redirects, messages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from layanan.privacy.services import masked_message

from ..models import Answer, Question

# URL segment → model, for the actions that work on both kinds of post.
POST_KINDS = {"pertanyaan": Question, "jawaban": Answer}


def page_of(request, queryset, per_page=None):
    return Paginator(queryset, per_page or settings.LAYANAN_PAGE_SIZE).get_page(request.GET.get("halaman"))


def kind_of(post) -> str:
    return "jawaban" if isinstance(post, Answer) else "pertanyaan"


def get_post(kind: str, pk: int):
    model = POST_KINDS.get(kind)
    if model is None:
        raise Http404
    queryset = model.objects.all()
    if model is Answer:
        queryset = queryset.select_related("question", "official_agency")
    return get_object_or_404(queryset, pk=pk)


def login_then(url: str):
    """Send an anonymous user to the login page, then back to `url` (a page, not a POST target)."""
    return redirect_to_login(url)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def wait_phrase(seconds: int) -> str:
    """"3 minutes", "45 seconds", "2 hours": how long until the limit resets, rounded up."""
    seconds = max(1, int(seconds))
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = -(-seconds // 60)
    if minutes < 120:
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    hours = -(-minutes // 60)
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def rate_limit_message(action: str, retry_after: int) -> str:
    wait = wait_phrase(retry_after)
    if action == "vote":
        text = _("You are voting very quickly. To keep votes fair, please wait %(wait)s and try again.")
    elif action == "flag":
        text = _("You have sent many reports in a short time. Please wait %(wait)s and try again.")
    else:
        text = _("You are posting very quickly. To protect the forum from spam, please wait %(wait)s "
                 "and try again. What you wrote has not been published yet.")
    return text % {"wait": wait}


def rate_limited(request, exc, *, back_url: str = "", template: str = "community/rate_limited.html",
                 context: dict | None = None):
    """HTTP 429 with a clear message and a Retry-After header.

    With `template` and `context`, the page the user was on is shown again
    with the message, so what they wrote is not lost.
    """
    response = render(request, template, {
        **(context or {}),
        "rate_limit_message": rate_limit_message(exc.action.split(":")[0], exc.retry_after),
        "back_url": back_url,
    }, status=429)
    response["Retry-After"] = str(max(1, int(exc.retry_after)))
    return response


INVALID_POST_MESSAGES = {
    "title-too-short": lambda: _("Write your question in at least 10 characters."),
    "body-empty": lambda: _("Write your answer."),
    "comment-too-short": lambda: _("Write your comment in at least 2 characters."),
    "comment-too-long": lambda: _("A comment may have at most 600 characters, including the marks that hide "
                                  "personal data. Please shorten it."),
    "already-flagged": lambda: _("You have already reported this. Moderators will look at it."),
    "duplicate-needs-target": lambda: _("Say which other question this one duplicates."),
    "unknown-reason": lambda: _("Choose a reason."),
}


def invalid_post_message(exc) -> str:
    message = INVALID_POST_MESSAGES.get(str(exc))
    return message() if message else _("This could not be saved. Please check what you wrote.")


def tell_what_was_masked(request, published) -> None:
    text = masked_message(published.findings)
    if text:
        messages.warning(request, text)
