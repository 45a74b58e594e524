"""Staff pages of the knowledge workflow, under /kelola/pengetahuan/.

Server-rendered and usable without JavaScript. Thin views: they look up,
check the policy, call a service in services/workflow.py and redirect with
a message. Other agencies' articles answer 404, as if they did not exist.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from layanan.accounts import policies
from layanan.catalog.models import Agency

from .diffs import changed_sections
from .forms import ApproveForm, NewArticleForm, RejectForm, RevisionForm
from .models import Article, ArticleRevision
from .services import workflow

R = ArticleRevision.Status

# ?status= values (Indonesian, like other query parameters) → label and filter.
STATES = {
    "draf": (gettext_lazy("Drafts"),
             Q(status=Article.Status.DRAFT) | Q(revisions__status=R.DRAFT)),
    "ditinjau": (gettext_lazy("In review"), Q(revisions__status=R.IN_REVIEW)),
    "terjadwal": (gettext_lazy("Scheduled"),
                  Q(revisions__status=R.APPROVED, revisions__published_at__isnull=True,
                    revisions__publish_at__isnull=False)),
    "terbit": (gettext_lazy("Published"), Q(status=Article.Status.PUBLISHED)),
    "diarsipkan": (gettext_lazy("Archived"), Q(status=Article.Status.ARCHIVED)),
}


def staff_required(view):
    """Signed in, and an editor of at least one agency (knowledge manager, agency admin, site admin)."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_manage_knowledge(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)
    return wrapper


def _editable_articles(user):
    allowed = policies.editable_agency_ids(user)
    articles = Article.objects.select_related("agency")
    return articles if allowed is None else articles.filter(agency__in=allowed)


def _editable_agencies(user):
    allowed = policies.editable_agency_ids(user)
    agencies = Agency.objects.order_by("name")
    return agencies if allowed is None else agencies.filter(pk__in=allowed)


def _article_or_404(request, pk) -> Article:
    article = get_object_or_404(
        Article.objects.select_related("agency", "live_revision", "owner", "verified_by"), pk=pk,
    )
    if not policies.can_edit_article(request.user, article):
        raise Http404
    return article


def _revision_or_404(request, pk) -> ArticleRevision:
    revision = get_object_or_404(
        ArticleRevision.objects.select_related("article", "article__agency", "article__live_revision",
                                               "author", "reviewer"), pk=pk,
    )
    if not policies.can_edit_article(request.user, revision.article):
        raise Http404
    return revision


def _pending(revisions):
    """Prefetch of the revisions that make an article need attention."""
    return Prefetch(
        "revisions",
        queryset=revisions.filter(
            Q(status__in=ArticleRevision.OPEN_STATUSES)
            | Q(status=R.APPROVED, published_at__isnull=True, publish_at__isnull=False)
        ).select_related("author").order_by("-number"),
        to_attr="pending_revisions",
    )


@staff_required
def article_list(request):
    articles = _editable_articles(request.user)
    agencies = _editable_agencies(request.user)
    agency = None
    if request.GET.get("instansi"):
        agency = get_object_or_404(agencies, slug=request.GET["instansi"])
        articles = articles.filter(agency=agency)
    query = request.GET.get("q", "").strip()
    if query:
        articles = articles.filter(Q(title__icontains=query) | Q(revisions__title__icontains=query))
    counts = {key: articles.filter(condition).distinct().count() for key, (_label, condition) in STATES.items()}
    state = request.GET.get("status", "")
    if state in STATES:
        articles = articles.filter(STATES[state][1])
    else:
        state = ""
    articles = (
        articles.distinct()
        .prefetch_related(_pending(ArticleRevision.objects.all()))
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(articles, 25).get_page(request.GET.get("halaman"))
    in_review = ArticleRevision.objects.in_review().for_agencies(policies.editable_agency_ids(request.user))
    return render(request, "knowledge/staff/article_list.html", {
        "page": page,
        "state": state,
        "states": [(key, label, counts[key]) for key, (label, _condition) in STATES.items()],
        "agency": agency,
        "agencies": agencies if agencies.count() > 1 else None,
        "query": query,
        "review_count": in_review.count(),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    agencies = _editable_agencies(request.user)
    form = NewArticleForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = workflow.create_draft_article(
                request.user, data["agency"], kind=data["kind"], title=data["title"],
                body_markdown=data["body_markdown"], change_note=data["change_note"],
                significance=data["significance"],
            )
        except workflow.InvalidContent as exc:
            form.add_error(None, str(exc))
        else:
            if request.POST.get("action") == "submit":
                workflow.submit_for_review(request.user, article.open_revision)
                messages.success(request, _("Submitted for review. Another editor of the agency must approve it."))
            else:
                messages.success(request, _("The draft is saved. Submit it for review when it is ready."))
            return redirect("knowledge_staff:article", pk=article.pk)
    return render(request, "knowledge/staff/article_form.html", {"form": form, "article": None})


@staff_required
def article_detail(request, pk):
    article = _article_or_404(request, pk)
    revisions = list(article.revisions.select_related("author", "reviewer").order_by("-number"))
    open_revision = next((r for r in revisions if r.is_open), None)
    return render(request, "knowledge/staff/article_detail.html", {
        "article": article,
        "revisions": revisions,
        "open_revision": open_revision,
        "scheduled": [r for r in revisions if r.is_scheduled],
        "freshness": article.freshness(),
        "can_publish": policies.can_publish_article(request.user, article),
        "can_review": open_revision is not None and policies.can_review_article(request.user, article, open_revision),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk):
    article = _article_or_404(request, pk)
    if article.revision_in_review is not None:
        messages.info(request, _("These changes are in review. Withdraw them from review before editing."))
        return redirect("knowledge_staff:article", pk=article.pk)
    base = workflow.edit_base(article)
    continuing = isinstance(base, ArticleRevision) and base.is_open
    initial = {"title": base.title, "body_markdown": base.body_markdown}
    if continuing:
        initial.update(change_note=base.change_note, significance=base.significance)
    form = RevisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            revision = workflow.save_draft(
                request.user, article, title=data["title"], body_markdown=data["body_markdown"],
                change_note=data["change_note"], significance=data["significance"],
            )
            if request.POST.get("action") == "submit":
                workflow.submit_for_review(request.user, revision)
                messages.success(request, _("Submitted for review. Another editor of the agency must approve it."))
            else:
                messages.success(request, _("The draft is saved. Citizens still see the published version."))
            return redirect("knowledge_staff:article", pk=article.pk)
        except (workflow.InvalidContent, workflow.InvalidTransition) as exc:
            form.add_error(None, str(exc))
    rejected = base if isinstance(base, ArticleRevision) and base.status == R.REJECTED else None
    return render(request, "knowledge/staff/article_form.html", {
        "form": form, "article": article, "continuing": continuing, "rejected": rejected,
    })


def _step(request, pk, step, success):
    """Run a workflow step on the article's open revision (or the article) and go back to its page."""
    article = _article_or_404(request, pk)
    try:
        step(article)
    except (workflow.InvalidContent, workflow.InvalidTransition) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return redirect("knowledge_staff:article", pk=article.pk)


def _open(article):
    if article.open_revision is None:
        raise workflow.InvalidTransition(_("This article has no changes waiting."))
    return article.open_revision


@staff_required
@require_POST
def article_submit(request, pk):
    return _step(request, pk, lambda a: workflow.submit_for_review(request.user, _open(a)),
                 _("Submitted for review. Another editor of the agency must approve it."))


@staff_required
@require_POST
def article_withdraw(request, pk):
    return _step(request, pk, lambda a: workflow.withdraw(request.user, _open(a)),
                 _("Withdrawn from review. The changes are a draft again."))


@staff_required
@require_POST
def article_archive(request, pk):
    return _step(request, pk, lambda a: workflow.archive(request.user, a),
                 _("The article is archived: it is no longer public or searchable."))


@staff_required
@require_POST
def article_verify(request, pk):
    return _step(request, pk, lambda a: workflow.verify_article(a, request.user),
                 _("Recorded that you verified this article today. Its next review date moved on."))


@staff_required
def review_queue(request):
    revisions = (
        ArticleRevision.objects.in_review()
        .for_agencies(policies.editable_agency_ids(request.user))
        .select_related("article", "article__agency", "author")
        .order_by("submitted_at", "pk")
    )
    page = Paginator(revisions, 25).get_page(request.GET.get("halaman"))
    for revision in page.object_list:
        revision.mine = revision.written_by(request.user)
    return render(request, "knowledge/staff/review_queue.html", {"page": page})


def _revision_context(request, revision, *, approve_form=None, reject_form=None):
    article = revision.article
    compare_to = None
    number = request.GET.get("dari", "")
    if number.isdigit():
        compare_to = get_object_or_404(ArticleRevision, article=article, number=int(number))
    if compare_to is not None:
        base = (compare_to.title, compare_to.body_markdown)
    elif revision.is_live or (revision.status == R.APPROVED and revision.published_at):
        previous = article.revisions.published().filter(number__lt=revision.number).order_by("-number").first()
        base = (previous.title, previous.body_markdown) if previous else None
    else:
        base = workflow.published_content(article)
    can_review = revision.status == R.IN_REVIEW and policies.can_review_article(request.user, article, revision)
    return {
        "article": article,
        "revision": revision,
        "compare_to": compare_to,
        "has_base": base is not None,
        "sections": changed_sections(base, (revision.title, revision.body_markdown)),
        "other_revisions": article.revisions.exclude(pk=revision.pk).only("number", "status", "created_at"),
        "can_review": can_review,
        "written_by_me": revision.written_by(request.user),
        "approve_form": approve_form or (ApproveForm() if can_review else None),
        "reject_form": reject_form or (RejectForm() if can_review else None),
        "now": timezone.now(),
    }


@staff_required
def revision_detail(request, pk):
    revision = _revision_or_404(request, pk)
    return render(request, "knowledge/staff/revision_detail.html", _revision_context(request, revision))


@staff_required
@require_POST
def revision_approve(request, pk):
    revision = _revision_or_404(request, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return render(request, "knowledge/staff/revision_detail.html",
                      _revision_context(request, revision, approve_form=form), status=400)
    try:
        workflow.approve_and_publish(request.user, revision, publish_at=form.cleaned_data["publish_at"])
    except workflow.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect("knowledge_staff:revision", pk=revision.pk)
    if revision.is_scheduled:
        messages.success(request, _("Approved. It will be published on %(date)s.") % {
            "date": date_format(timezone.localtime(revision.publish_at), "DATETIME_FORMAT")})
    else:
        messages.success(request, _("Approved and published. Citizens see the new version now."))
    return redirect("knowledge_staff:article", pk=revision.article_id)


@staff_required
@require_POST
def revision_reject(request, pk):
    revision = _revision_or_404(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return render(request, "knowledge/staff/revision_detail.html",
                      _revision_context(request, revision, reject_form=form), status=400)
    try:
        workflow.reject(request.user, revision, form.cleaned_data["comment"])
    except (workflow.InvalidContent, workflow.InvalidTransition) as exc:
        messages.error(request, str(exc))
        return redirect("knowledge_staff:revision", pk=revision.pk)
    messages.success(request, _("Sent back to the author with your comment."))
    return redirect("knowledge_staff:review-queue")

