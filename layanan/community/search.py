"""Answered questions in the search index (see layanan/search/registry.py).

Only questions the public can see and that have at least one visible answer
are indexed: they are what the ask flow offers as "already answered", and
unanswered questions would only send searchers to an empty page. The
document holds the masked text only (never the private originals). A
question is refreshed when it is saved (edit, accept, hide, merge) and when
any of its answers is saved or deleted.
"""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from layanan.knowledge.rendering import html_to_text
from layanan.search.registry import IndexedDocument, register, reindex

from .models import Answer, Question

SUMMARY_WORDS = 40


def indexable_questions():
    visible_answers = Answer.objects.filter(question=OuterRef("pk"), is_hidden=False)
    return (
        Question.objects.visible()
        .filter(Exists(visible_answers))
        .select_related("agency", "agency__region", "region")
        .prefetch_related(
            "tags", "services__category",
            Prefetch("answers", queryset=Answer.objects.filter(is_hidden=False).order_by("-score", "id")),
        )
    )


def question_document(question: Question) -> IndexedDocument | None:
    answers = sorted(question.answers.all(), key=lambda a: (not a.is_official, -a.score, a.pk))
    if question.is_hidden or question.duplicate_of_id or not answers:
        return None
    text = html_to_text(question.body_html)
    words = text.split()
    summary = " ".join(words[:SUMMARY_WORDS]) + (" …" if len(words) > SUMMARY_WORDS else "")
    services = list(question.services.all())
    category = services[0].category if services else None
    agency = question.agency
    region = question.region or (agency.region if agency and agency.region_id else None)
    with translation.override(settings.LANGUAGE_CODE):
        url = question.get_absolute_url()
    return IndexedDocument(
        type="question",
        id=question.pk,
        title=question.title,
        summary=summary or question.title,
        body="\n".join(html_to_text(a.body_html) for a in answers),
        url=url,
        agency_slug=agency.slug if agency else "",
        agency_name=agency.name if agency else "",
        category_slug=category.slug if category else "",
        category_name=category.name if category else "",
        region_code=region.code if region else None,
        region_name=region.name if region else "",
        # Community content, even with an official answer in it: the
        # "official" flag is for the agencies' own pages.
        official=False,
        verified_at=None,
        updated_at=question.last_activity_at,
        keywords=", ".join([t.name for t in question.tags.all()] + [s.name for s in services]),
    )


register("question", Question, queryset=indexable_questions, to_document=question_document)


def _answer_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.question_id:
        reindex(Question(pk=instance.question_id))


post_save.connect(_answer_changed, sender=Answer, dispatch_uid="search-answer-save")
post_delete.connect(_answer_changed, sender=Answer, dispatch_uid="search-answer-delete")
