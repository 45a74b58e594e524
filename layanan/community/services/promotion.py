"""Turn community answers into official knowledge.

A knowledge manager (or agency administrator) of the agency responsible for
a question promotes one of its answers, or the question with all its visible
answers, to a *draft* knowledge article of that agency. The draft links back
to the question and credits the community authors by their display names;
it becomes public only after another editor approves it in the knowledge
review workflow (four eyes), and only then does the question page say
"Made official knowledge" with a link to it.

This lives in the community app because community depends on knowledge,
never the reverse: the article keeps the question and answer as plain ids
and the knowledge app never imports this one.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from layanan.accounts import policies
from layanan.audit.services import record as audit
from layanan.catalog.models import Agency
from layanan.knowledge.models import Article, ArticleRevision
from layanan.knowledge.services.workflow import create_draft_article

from ..models import Answer, Question
from .posting import PermissionDenied

# A question's answers go into one draft; more than this is an editing job, not a draft.
MAX_ANSWERS = 10


class AlreadyPromoted(Exception):
    """This answer (or question) already has an article that is not archived."""

    def __init__(self, article: Article):
        super().__init__(article.pk)
        self.article = article


class NothingToPromote(ValueError):
    """The question has no visible answer."""


def _ordered_answers(question: Question) -> list[Answer]:
    """Visible answers, official first, then the accepted one, then by score, oldest first."""
    answers = question.answers.filter(is_hidden=False).select_related("author")
    return sorted(answers, key=lambda a: (not a.is_official, a.pk != question.accepted_answer_id,
                                          -a.score, a.created_at, a.pk))[:MAX_ANSWERS]


def _credited(answers: list[Answer]):
    """Community authors to credit: writers of the included answers that are not an agency's own."""
    authors = []
    for answer in answers:
        if answer.author is not None and not answer.is_official and answer.author not in authors:
            authors.append(answer.author)
    return authors


def existing_article(question: Question, answer: Answer | None = None) -> Article | None:
    """The article (not archived) already promoted from this answer, or from the whole question."""
    return (
        Article.objects.exclude(status=Article.Status.ARCHIVED)
        .filter(source_question_id=question.pk, source_answer_id=answer.pk if answer else None)
        .first()
    )


@transaction.atomic
def promote_to_article(user, answer: Answer | None = None, question: Question | None = None) -> Article:
    """A draft article (first revision ready to submit for review) from one answer,
    or from a question with its visible answers. Only the masked public text is
    used, never a post's private original."""
    if (answer is None) == (question is None):
        raise TypeError("promote_to_article() takes an answer or a question")
    if answer is not None:
        question = answer.question
        if not policies.can_promote_answer(user, answer) or question.is_hidden:
            raise PermissionDenied
        answers = [answer]
    else:
        if not policies.can_promote_question(user, question):
            raise PermissionDenied
        answers = _ordered_answers(question)
        if not answers:
            raise NothingToPromote(_("This question has no answer to promote yet."))
    existing = existing_article(question, answer)
    if existing is not None:
        raise AlreadyPromoted(existing)

    agency = Agency.objects.get(pk=policies.promotion_agency_id(user, question))
    service = next((s for s in question.services.all() if s.agency_id == agency.pk), None)
    article = create_draft_article(
        user, agency,
        title=question.title,
        body_markdown="\n\n---\n\n".join(a.body.strip() for a in answers),
        change_note=_("Promoted from the community question “%(title)s”") % {"title": question.title[:200]},
        significance=ArticleRevision.Significance.MAJOR,
        service=service,
        source_question_id=question.pk,
        source_answer_id=answer.pk if answer is not None else None,
        credited_authors=_credited(answers),
    )
    audit(user, "community.promote", answer or question, agency_id=agency.pk, article=article.pk,
          question=question.pk, answers=[a.pk for a in answers])
    return article
