"""The personal-data shield that other apps call before publishing text.

    from layanan.privacy.services import shield, masked_message

    result = shield(form.cleaned_data["body"], actor=request.user, target=question, field="body")
    question.body_private = form.cleaned_data["body"]   # the caller keeps the original
    question.body = result.text                         # the public text is masked
    if result.findings:
        messages.info(request, masked_message(result.findings))

See docs/privacy.md for what is detected and what is not.
"""

from collections import Counter
from collections.abc import Iterable

from django.utils.translation import gettext, ngettext

from .detection import Finding, Kind, MaskResult, mask_personal_data
from .models import PersonalDataEvent


def _target_ref(target) -> tuple[str, str]:
    """("app.model", "pk") for a model instance, or a (type, id) pair as given."""
    if target is None:
        return "", ""
    if isinstance(target, tuple):
        target_type, target_id = target
        return str(target_type)[:100], str(target_id)[:64]
    pk = target.pk
    return target._meta.label_lower, "" if pk is None else str(pk)


def record_event(findings: Iterable[Finding], *, actor=None, target=None, field: str = "") -> PersonalDataEvent:
    """Log that personal data was masked: kinds and counts only, never values."""
    counts = Counter(finding.kind for finding in findings)
    target_type, target_id = _target_ref(target)
    return PersonalDataEvent.objects.create(
        kinds=sorted(counts),
        counts=dict(sorted(counts.items())),
        total=sum(counts.values()),
        target_type=target_type,
        target_id=target_id,
        field=field[:64],
        actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
    )


def shield(text: str, *, actor=None, target=None, field: str = "", kinds=None) -> MaskResult:
    """Mask personal data in `text`; log an event when something was found.

    `target` is the object the text belongs to (a saved model instance, or a
    ("app.model", "id") pair); `field` names the field ("body"). The caller
    stores the original where only the author and authorised staff can see it
    and publishes `result.text`. `kinds` limits the kinds searched for.
    """
    result = mask_personal_data(text or "", kinds)
    if result.findings:
        record_event(result.findings, actor=actor, target=target, field=field)
    return result


def _kind_phrase(kind: str, count: int) -> str:
    phrases = {
        Kind.NIK: ngettext("%(count)d NIK", "%(count)d NIKs", count),
        Kind.KK: ngettext("%(count)d family card (KK) number", "%(count)d family card (KK) numbers", count),
        Kind.IDENTITY_NUMBER: ngettext("%(count)d identity number", "%(count)d identity numbers", count),
        Kind.NPWP: ngettext("%(count)d tax number (NPWP)", "%(count)d tax numbers (NPWP)", count),
        Kind.PHONE: ngettext("%(count)d phone number", "%(count)d phone numbers", count),
        Kind.EMAIL: ngettext("%(count)d email address", "%(count)d email addresses", count),
        Kind.BANK_ACCOUNT: ngettext("%(count)d bank account number", "%(count)d bank account numbers", count),
        Kind.CARD: ngettext("%(count)d payment card number", "%(count)d payment card numbers", count),
    }
    return phrases[Kind(kind)] % {"count": count}


def masked_items(findings: Iterable[Finding]) -> str:
    """"1 NIK and 2 phone numbers" in the active language; "" when nothing was found."""
    counts = Counter(finding.kind for finding in findings)
    phrases = [_kind_phrase(kind, counts[kind]) for kind in Kind if counts.get(kind)]
    if not phrases:
        return ""
    if len(phrases) == 1:
        return phrases[0]
    return gettext("%(items)s and %(last)s") % {
        "items": gettext(", ").join(phrases[:-1]),
        "last": phrases[-1],
    }


def masked_message(findings: Iterable[Finding]) -> str:
    """A message for the author saying what was masked; "" when nothing was."""
    items = masked_items(findings)
    if not items:
        return ""
    return gettext(
        "We masked %(items)s in your text to protect personal data. "
        "Only you and authorised staff can see the original."
    ) % {"items": items}
