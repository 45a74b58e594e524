"""The agency's freshness dashboard at /kelola/kesegaran/<agency>/: what is due,
open inaccuracy reports, pending suggested edits and pending reviews, with the
actions that settle them. Staff of the agency (any role) see it; its editors
act on it. Other agencies' staff get 403."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from layanan.accounts import policies
from layanan.catalog.models import Agency, Service
from layanan.catalog.services import freshness as catalog_freshness
from layanan.knowledge.models import Article
from layanan.knowledge.services import articles as article_services

from . import overview
from .forms import AcceptForm, DeclineForm, HandleReportForm
from .models import InaccuracyReport, SuggestedEdit
from .services import feedback as feedback_services
from .services import suggestions as suggestion_services


def _agency_for(request, agency_slug, *, act=False):
    """The agency, after checking that the user may see (or act on) its dashboard."""
    agency = get_object_or_404(Agency, slug=agency_slug)
    if not request.user.is_authenticated:
        raise _LoginRequired
    allowed = (policies.can_handle_freshness_tickets if act else policies.can_view_freshness_dashboard)
    if not allowed(request.user, agency.pk):
        raise PermissionDenied
    return agency


class _LoginRequired(Exception):
    pass


def _staff_view(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@_staff_view
def dashboard_index(request):
    """Straight to the user's agency, or a list when they work for several."""
    if not request.user.is_authenticated:
        raise _LoginRequired
    if not policies.is_agency_staff(request.user):
        raise PermissionDenied
    agencies = Agency.objects.order_by("name")
    if not request.user.is_superuser:
        agencies = agencies.filter(pk__in=request.user.agency_ids(policies.STAFF_ROLES))
    agencies = list(agencies)
    if len(agencies) == 1:
        return redirect("freshness:dashboard", agency_slug=agencies[0].slug)
    return render(request, "freshness/dashboard_index.html", {"agencies": agencies})


@_staff_view
def dashboard(request, agency_slug):
    agency = _agency_for(request, agency_slug)
    items = overview.items(agency.pk, attention_only=False, published_only=False)
    overview.add_feedback_counts(items, agency.pk)
    labels = {"overdue": _("Overdue for review"), "unverified": _("Never verified"), "due-soon": _("Due soon"),
              "fresh": _("Fresh")}
    groups = [(state, labels[state], [i for i in items if i.state == state]) for state in overview.STATES]
    counts = {state: len(group) for state, _label, group in groups}
    return render(request, "freshness/dashboard.html", {
        "agency": agency,
        "groups": groups,
        "counts": counts,
        "due_soon_count": counts["due-soon"],
        "reports": list(overview.open_reports(agency.pk)),
        "suggestions": list(overview.pending_suggestions(agency.pk)),
        "reviews": overview.pending_reviews(agency.pk),
        "can_act": policies.can_handle_freshness_tickets(request.user, agency.pk),
    })


def _back(agency, anchor=""):
    return redirect(reverse("freshness:dashboard", args=[agency.slug]) + anchor)


@_staff_view
@require_POST
def verify(request, agency_slug, kind, pk):
    """Record that the content was checked just now, without changing it."""
    agency = _agency_for(request, agency_slug, act=True)
    model = Service if kind == "service" else Article
    page = get_object_or_404(model.objects.select_related("agency"), pk=pk, agency=agency)
    try:
        if kind == "service":
            catalog_freshness.verify_service(page, request.user)
        else:
            article_services.verify_article(page, request.user)
    except (catalog_freshness.PermissionDenied, article_services.PermissionDenied):
        raise PermissionDenied from None
    title = page.name if kind == "service" else page.title
    messages.success(request, _("Verified “%(title)s”. Its next review is due %(date)s.") % {
        "title": title, "date": date_format(localtime(page.review_due_at), "DATE_FORMAT"),
    })
    return _back(agency, "#items")


@_staff_view
@require_POST
def handle_report(request, agency_slug, pk):
    agency = _agency_for(request, agency_slug, act=True)
    report = get_object_or_404(InaccuracyReport.objects.for_agency(agency.pk), pk=pk)
    form = HandleReportForm(request.POST)
    action = request.POST.get("action")
    if action not in ("resolve", "dismiss") or not form.is_valid():
        messages.error(request, _("Choose whether to resolve or dismiss the report."))
        return _back(agency, "#reports")
    try:
        feedback_services.handle_report(report, request.user, dismiss=action == "dismiss",
                                        note=form.cleaned_data["note"])
    except feedback_services.PermissionDenied:
        raise PermissionDenied from None
    except feedback_services.AlreadyHandled:
        messages.info(request, _("This report was handled already."))
        return _back(agency, "#reports")
    messages.success(request, _("Report dismissed.") if action == "dismiss" else _("Report resolved."))
    return _back(agency, "#reports")


@_staff_view
def suggestion_detail(request, agency_slug, pk):
    """Compare the page with the suggestion, then accept (and apply) or decline it."""
    agency = _agency_for(request, agency_slug)
    suggestion = get_object_or_404(
        SuggestedEdit.objects.for_agency(agency.pk).with_target().select_related("proposer", "decided_by"), pk=pk,
    )
    applicable = suggestion_services.is_applicable(suggestion)
    can_see_original = policies.can_see_freshness_ticket(request.user, suggestion)
    proposed = suggestion.original_text if can_see_original else suggestion.proposed_text
    accept_form = AcceptForm(initial={"apply": applicable, "apply_text": proposed})
    decline_form = DeclineForm()
    if request.method == "POST":
        if not policies.can_handle_freshness_tickets(request.user, agency.pk):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "accept":
                accept_form = AcceptForm(request.POST)
                if accept_form.is_valid():
                    apply = accept_form.cleaned_data["apply"] and applicable
                    result = suggestion_services.accept_suggestion(
                        suggestion, request.user,
                        apply_text=accept_form.cleaned_data["apply_text"] if apply else None,
                    )
                    if result.applied:
                        messages.success(request, _("Suggestion accepted and applied. The citizen has been told."))
                    else:
                        messages.success(request, _("Suggestion accepted. Make the change in the staff area; the "
                                                    "citizen has been told."))
                    return _back(agency, "#suggestions")
            elif action == "decline":
                decline_form = DeclineForm(request.POST)
                if decline_form.is_valid():
                    suggestion_services.decline_suggestion(
                        suggestion, request.user, reason=decline_form.cleaned_data["decline_reason"],
                    )
                    messages.success(request, _("Suggestion declined. The citizen has been told why."))
                    return _back(agency, "#suggestions")
            else:
                raise Http404
        except suggestion_services.PermissionDenied:
            raise PermissionDenied from None
        except suggestion_services.AlreadyHandled:
            messages.info(request, _("This suggestion was decided already."))
            return _back(agency, "#suggestions")
    return render(request, "freshness/suggestion_detail.html", {
        "agency": agency,
        "suggestion": suggestion,
        "applicable": applicable,
        "accept_form": accept_form,
        "decline_form": decline_form,
        "current_now": suggestion_services.current_text(suggestion.target, suggestion.field),
        "proposed": proposed,
        "can_act": policies.can_handle_freshness_tickets(request.user, agency.pk),
    })
