"""The question page's link to official knowledge promoted from it, and the staff
form that promotes. Two tags, so the page template only includes them."""

from django import template

from layanan.accounts import policies
from layanan.knowledge.models import Article
from layanan.knowledge.services.articles import published_articles_from_question

register = template.Library()


@register.inclusion_tag("community/partials/official_knowledge.html")
def official_knowledge_badge(question):
    """"Made official knowledge", linking to the published articles promoted from this question."""
    return {"articles": list(published_articles_from_question(question.pk).only("slug", "title"))}


@register.inclusion_tag("community/partials/promote_form.html", takes_context=True)
def promote_form(context, question, answers):
    """For knowledge managers of the responsible agency: make an answer, or the
    question with its answers, a draft official article."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policies.can_promote_question(user, question):
        return {"show": False}
    visible = [a for a in answers if not a.is_hidden]
    promoted = list(
        Article.objects.filter(source_question_id=question.pk).exclude(status=Article.Status.ARCHIVED)
        .only("pk", "title", "status", "source_answer_id")
    )
    taken = {article.source_answer_id for article in promoted}
    return {
        "show": bool(visible) or bool(promoted),
        "has_answers": bool(visible),
        "question": question,
        "answers": [a for a in visible if a.pk not in taken],
        "question_promoted": None in taken,
        "drafts": [a for a in promoted if a.status != Article.Status.PUBLISHED],
        "request": request,
    }
