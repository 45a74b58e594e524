"""The user's in-app notifications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..services.notifications import mark_read
from .common import page_of, safe_next


@login_required
def notification_list(request):
    notifications = request.user.notifications.select_related(
        "question", "answer", "answer__official_agency", "answer__question"
    )
    return render(request, "community/notifications.html", {"page": page_of(request, notifications)})


@login_required
@require_POST
def notifications_read(request):
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()] or None
    mark_read(request.user, ids=ids)
    return redirect(safe_next(request, "community:notifications"))
