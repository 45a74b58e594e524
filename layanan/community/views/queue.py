"""An agency's queue: questions routed to it that it has not answered officially yet."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from layanan.accounts import policies
from layanan.catalog.models import Agency

from .. import workdays
from ..models import Answer, Question
from .common import login_then, page_of


@dataclass
class QueueItem:
    question: Question
    due: date
    working_days_waiting: int
    overdue: bool


def awaiting_agency(agency):
    """Visible, open questions routed to `agency` (directly or through its services)
    without a visible official answer from it; oldest first."""
    official = Answer.objects.filter(question=OuterRef("pk"), official_agency=agency, is_hidden=False)
    return (
        Question.objects.visible().for_agency(agency.pk)
        .filter(is_locked=False)
        .filter(~Exists(official))
        .select_related("author")
        .order_by("created_at", "id")
    )


def queue_index(request):
    """The queues this user works: straight to the one, or a list to choose from."""
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    if not policies.is_agency_staff(request.user):
        raise PermissionDenied
    ids = request.user.agency_ids(policies.STAFF_ROLES)
    agencies = Agency.objects.order_by("name")
    if not request.user.is_superuser:
        agencies = agencies.filter(pk__in=ids)
    agencies = list(agencies)
    if len(agencies) == 1:
        return redirect("community:queue", agency_slug=agencies[0].slug)
    return render(request, "community/queue_index.html", {"agencies": agencies})


def queue(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    if not request.user.is_authenticated:
        return login_then(request.get_full_path())
    if not policies.can_view_agency_queue(request.user, agency.pk):
        raise PermissionDenied
    target = agency.answer_target_working_days
    now = timezone.now()
    today = workdays.local_date(now)
    questions = awaiting_agency(agency)
    page = page_of(request, questions)
    items = []
    for question in page.object_list:
        asked = workdays.local_date(question.created_at)
        due = workdays.add_working_days(asked, target)
        items.append(QueueItem(question, due, workdays.working_days_between(asked, today), today > due))
    overdue_count = sum(
        1 for asked_at in questions.values_list("created_at", flat=True)
        if workdays.is_overdue(asked_at, target, now)
    )
    return render(request, "community/queue.html", {
        "agency": agency, "page": page, "items": items, "target": target, "overdue_count": overdue_count,
    })
