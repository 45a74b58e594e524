"""Citizens' side: "was this helpful?", inaccuracy reports, suggested edits and
"my suggestions". Thin views: look up the page, check, call a service function."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layanan.accounts import policies
from layanan.catalog.models import Service
from layanan.knowledge.models import Article
from layanan.privacy.services import masked_message
from layanan.throttle import services as throttle

from .forms import FeedbackReasonForm, ReportForm, SuggestionForm
from .models import Feedback, InaccuracyReport, Notification, SuggestedEdit
from .services import feedback as feedback_services
from .services import suggestions as suggestion_services

PENDING_FEEDBACK = "freshness_pending_feedback"


def page_or_404(request, kind: str, slug: str):
    """The service or article a citizen can see (editors also see unpublished ones)."""
    if kind == "service":
        page = get_object_or_404(Service.objects.select_related("agency"), slug=slug)
        visible = page.status == Service.Status.PUBLISHED or policies.can_edit_service(request.user, page)
    else:
        page = get_object_or_404(Article.objects.select_related("agency"), slug=slug)
        visible = page.is_published or policies.can_edit_article(request.user, page)
    if not visible:
        raise Http404
    return page


def _rate_limited(request, page, error):
    minutes = max(1, round(error.retry_after / 60))
    response = render(request, "freshness/rate_limited.html", {
        "page": page, "minutes": minutes,
    }, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


@require_POST
def feedback(request, kind, slug):
    page = page_or_404(request, kind, slug)
    helpful = request.POST.get("helpful")
    if helpful not in ("yes", "no"):
        return redirect(page.get_absolute_url() + "#feedback")
    try:
        throttle.check(request, "feedback")
    except throttle.RateLimited as error:
        return _rate_limited(request, page, error)
    record = feedback_services.record_feedback(page, helpful=helpful == "yes")
    if helpful == "yes":
        messages.success(request, _("Thank you for your feedback."))
        return redirect(page.get_absolute_url() + "#feedback")
    request.session[PENDING_FEEDBACK] = record.pk
    return redirect("freshness:feedback-reason", kind=kind, slug=slug)


def feedback_reason(request, kind, slug):
    """After "No": ask what was missing (optional). Only the browser that said
    "No" may add the reason, through the id kept in its session."""
    page = page_or_404(request, kind, slug)
    pending = request.session.get(PENDING_FEEDBACK)
    record = Feedback.objects.filter(pk=pending).first() if pending else None
    if record is None or record.target != page:
        return redirect(page.get_absolute_url() + "#feedback")
    form = FeedbackReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["comment"].strip():
            feedback_services.add_feedback_reason(record, form.cleaned_data["comment"])
        del request.session[PENDING_FEEDBACK]
        messages.success(request, _("Thank you for your feedback. The agency reads it to improve the page."))
        return redirect(page.get_absolute_url() + "#feedback")
    return render(request, "freshness/feedback_reason.html", {"page": page, "kind": kind, "form": form})


def report(request, kind, slug):
    page = page_or_404(request, kind, slug)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            throttle.check(request, "feedback")
        except throttle.RateLimited as error:
            return _rate_limited(request, page, error)
        _report, findings = feedback_services.report_inaccuracy(
            page, request.user, description=form.cleaned_data["description"],
            source_url=form.cleaned_data["source_url"],
        )
        if findings:
            messages.info(request, masked_message(findings))
        messages.success(request, _("Thank you. Your report has been sent to %(agency)s, who keep this page up to "
                                    "date.") % {"agency": page.agency.name})
        return redirect(page.get_absolute_url())
    return render(request, "freshness/report_form.html", {"page": page, "kind": kind, "form": form})


@login_required
def suggest(request, kind, slug):
    page = page_or_404(request, kind, slug)
    if not policies.can_suggest_edit(request.user):
        raise Http404
    initial = {"field": request.GET.get("bagian", "")}
    form = SuggestionForm(request.POST or None, target=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            throttle.check(request, "feedback")
        except throttle.RateLimited as error:
            return _rate_limited(request, page, error)
        _suggestion, findings = suggestion_services.suggest_edit(page, request.user, **form.cleaned_data)
        if findings:
            messages.info(request, masked_message(findings))
        messages.success(request, _("Thank you. Your suggestion has been sent to %(agency)s. We will tell you "
                                    "when they decide.") % {"agency": page.agency.name})
        return redirect("freshness:my-suggestions")
    current = [(label, suggestion_services.current_text(page, value)) for value, label in form.fields["field"].choices]
    return render(request, "freshness/suggest_form.html", {
        "page": page, "kind": kind, "form": form, "current": current,
    })


@login_required
def my_suggestions(request):
    suggestions = (SuggestedEdit.objects.filter(proposer=request.user).with_target()
                   .select_related("decided_by").order_by("-created_at", "-pk"))
    reports = (InaccuracyReport.objects.filter(reporter=request.user).with_target()
               .order_by("-created_at", "-pk"))
    notifications = (Notification.objects.filter(user=request.user)
                     .select_related("suggestion", "report").order_by("-created_at", "-pk")[:50])
    return render(request, "freshness/my_suggestions.html", {
        "suggestions": suggestions, "reports": reports, "notifications": notifications,
        "unread": sum(1 for n in notifications if n.read_at is None),
    })


@login_required
@require_POST
def mark_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("freshness:my-suggestions")
