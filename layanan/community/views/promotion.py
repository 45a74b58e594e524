"""Staff action on the question page: promote an answer (or the question with its
answers) to a draft official knowledge article, then continue in the knowledge
workflow pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Answer, Question
from ..services import posting
from ..services.promotion import AlreadyPromoted, NothingToPromote, promote_to_article


@require_POST
def promote(request, pk):
    """POST `source`: "question" for the question with its answers, or an answer's id."""
    question = get_object_or_404(Question.objects.prefetch_related("services"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(question.get_absolute_url())
    source = request.POST.get("source", "")
    answer = None
    if source != "question":
        if not source.isdigit():
            messages.error(request, _("Choose an answer, or the question with all its answers."))
            return redirect(question.get_absolute_url() + "#jadikan-pengetahuan")
        answer = get_object_or_404(Answer, pk=int(source), question=question)
        answer.question = question
    try:
        if answer is not None:
            article = promote_to_article(request.user, answer=answer)
        else:
            article = promote_to_article(request.user, question=question)
    except posting.PermissionDenied:
        raise PermissionDenied from None
    except AlreadyPromoted as exc:
        messages.info(request, _("This was already made into an article; here it is."))
        return redirect("knowledge_staff:article", pk=exc.article.pk)
    except NothingToPromote as exc:
        messages.error(request, str(exc))
        return redirect(question.get_absolute_url())
    messages.success(request, _(
        "A draft article was created from the community. Edit it into an official answer, then submit it: "
        "another editor must approve it before it is published."
    ))
    return redirect("knowledge_staff:edit", pk=article.pk)
