"""Template helpers for community pages, and the "questions from citizens" box
that catalog pages include (so the catalog app never imports this one)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..models import Question

register = template.Library()

RELATED_LIMIT = 5


@register.simple_tag
def related_questions(service=None, agency=None, limit=RELATED_LIMIT):
    """Visible questions about a service (when given) or routed to an agency; best first.

    One query: the box shows titles, counts and badges, nothing that needs another.
    """
    questions = Question.objects.visible()
    if service:
        questions = questions.filter(services=service)
    elif agency:
        questions = questions.for_agency(agency.pk)
    else:
        return []
    return list(
        questions.only(
            "id", "slug", "title", "answer_count", "has_official_answer", "accepted_answer_id",
            "created_at", "last_activity_at", "score",
        ).order_by("-has_official_answer", "-score", "-last_activity_at", "-id")[:limit]
    )


@register.simple_tag
def vote_label(direction: str, post_kind: str) -> str:
    answer = post_kind == "jawaban"
    if direction == "up":
        return _("Useful: vote this answer up") if answer else _("Useful: vote this question up")
    return _("Not useful: vote this answer down") if answer else _("Not useful: vote this question down")


@register.simple_tag
def user_link(user):
    """A public name linking to the public profile; never the username or email."""
    if user is None:
        return _("Deleted user")
    return format_html('<a href="{}">{}</a>', user.get_absolute_url(), user.public_name)


def _kind_labels():
    from layanan.privacy.detection import Kind

    return {
        Kind.NIK: _("NIK"),
        Kind.KK: _("family card (KK) number"),
        Kind.IDENTITY_NUMBER: _("identity number"),
        Kind.NPWP: _("tax number (NPWP)"),
        Kind.PHONE: _("phone number"),
        Kind.EMAIL: _("email address"),
        Kind.BANK_ACCOUNT: _("bank account number"),
        Kind.CARD: _("payment card number"),
    }


@register.filter
def masked_kinds_label(kinds) -> str:
    """["nik", "telepon"] → "NIK, phone number" in the active language."""
    labels = _kind_labels()
    return _(", ").join(str(labels.get(kind, kind)) for kind in kinds or [])
