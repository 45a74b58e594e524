"""The review workflow: revisions, four eyes, scheduling, archiving, and the audit trail."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from layanan.accounts.tests.factories import UserFactory
from layanan.audit.models import AuditEntry
from layanan.knowledge.models import Article, ArticleRevision
from layanan.knowledge.services import workflow
from layanan.knowledge.services.workflow import FourEyesRequired, InvalidContent, InvalidTransition, PermissionDenied
from layanan.search.models import SearchDocument

from .factories import ArticleFactory, published_article

pytestmark = pytest.mark.django_db

R = ArticleRevision.Status


def draft(team, **content):
    content.setdefault("title", "Apa syarat membuat KTP?")
    content.setdefault("body_markdown", "Kartu Keluarga dan akta kelahiran.")
    return workflow.create_draft_article(team.author, team.agency, **content)


def submitted(team, **content):
    article = draft(team, **content)
    workflow.submit_for_review(team.author, article.open_revision)
    return article, article.revisions.get()


def actions(article):
    return list(AuditEntry.objects.for_target(article).order_by("id").values_list("action", flat=True))


def test_a_new_article_is_a_private_draft_with_its_first_revision(team, client):
    article = draft(team, change_note="Versi awal")
    assert article.status == Article.Status.DRAFT and article.owner == team.author
    revision = article.revisions.get()
    assert (revision.number, revision.status, revision.author, revision.change_note) == (1, R.DRAFT, team.author,
                                                                                        "Versi awal")
    assert revision.significance == ArticleRevision.Significance.MAJOR
    assert revision.contributor_ids == [team.author.pk]
    assert client.get(article.get_absolute_url()).status_code == 404


def test_approval_by_a_second_editor_publishes_the_revision(team, client):
    article, revision = submitted(team)
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    workflow.approve_and_publish(team.reviewer, revision)

    article.refresh_from_db()
    revision.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.live_revision == revision
    assert revision.status == R.APPROVED and revision.reviewer == team.reviewer
    assert revision.published_at is not None and revision.publish_at is None
    # The reviewer checked the content: that counts as verification.
    assert article.verified_by == team.reviewer and article.review_due_at is not None
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_author_cannot_approve_or_reject_their_own_revision(team):
    article, revision = submitted(team)
    with pytest.raises(FourEyesRequired):
        workflow.approve_and_publish(team.author, revision)
    with pytest.raises(FourEyesRequired):
        workflow.reject(team.author, revision, "Saya sendiri")
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW


def test_whoever_edited_the_draft_cannot_review_it_either(team):
    article = draft(team)
    revision = workflow.save_draft(team.reviewer, article, title=article.title, body_markdown="Diperbaiki.",
                                   change_note="Perbaikan")
    assert revision.contributor_ids == [team.author.pk, team.reviewer.pk]
    workflow.submit_for_review(team.author, revision)
    for writer in (team.author, team.reviewer):
        with pytest.raises(FourEyesRequired):
            workflow.approve_and_publish(writer, revision)
    workflow.approve_and_publish(team.admin, revision)
    assert Article.objects.get(pk=article.pk).is_published


def test_a_site_admin_is_refused_their_own_revision_too(team):
    root = UserFactory(is_staff=True, is_superuser=True)
    article = workflow.create_draft_article(root, team.agency, title="Judul?", body_markdown="Isi.")
    revision = article.open_revision
    workflow.submit_for_review(root, revision)
    with pytest.raises(FourEyesRequired):
        workflow.approve_and_publish(root, revision)
    workflow.approve_and_publish(team.reviewer, revision)


@pytest.mark.parametrize("who", ["outsider", "officer", "citizen"])
def test_only_editors_of_the_owning_agency_review(team, who):
    _article, revision = submitted(team)
    user = getattr(team, who)
    with pytest.raises(PermissionDenied):
        workflow.approve_and_publish(user, revision)
    with pytest.raises(PermissionDenied):
        workflow.reject(user, revision, "Bukan urusan saya")
    assert ArticleRevision.objects.get(pk=revision.pk).status == R.IN_REVIEW


@pytest.mark.parametrize("who", ["outsider", "officer", "citizen"])
def test_only_editors_of_the_owning_agency_write_and_archive(team, who):
    user = getattr(team, who)
    with pytest.raises(PermissionDenied):
        workflow.create_draft_article(user, team.agency, title="Judul?", body_markdown="Isi.")
    article = published_article(team.author, team.reviewer, team.agency)
    with pytest.raises(PermissionDenied):
        workflow.save_draft(user, article, title="Judul?", body_markdown="Diubah.")
    with pytest.raises(PermissionDenied):
        workflow.archive(user, article)
    with pytest.raises(PermissionDenied):
        workflow.verify_article(article, user)


def test_the_public_keeps_the_live_version_while_a_change_is_reviewed(team, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = published_article(team.author, team.reviewer, team.agency, body_markdown="Versi lama.")
        revision = workflow.save_draft(team.author, article, title=article.title, body_markdown="Versi baru.",
                                       change_note="Diperbarui")
        workflow.submit_for_review(team.author, revision)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.body_markdown == "Versi lama."
    page = client.get(article.get_absolute_url()).text
    assert "Versi lama." in page and "Versi baru." not in page
    assert "Versi baru." not in SearchDocument.objects.get(doc_type="article", object_id=article.pk).body

    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve_and_publish(team.reviewer, revision)
    assert "Versi baru." in client.get(article.get_absolute_url()).text
    assert "Versi baru." in SearchDocument.objects.get(doc_type="article", object_id=article.pk).body


def test_rejection_needs_a_comment_and_sends_a_new_article_back_to_draft(team):
    article, revision = submitted(team)
    with pytest.raises(InvalidContent):
        workflow.reject(team.reviewer, revision, "   ")
    workflow.reject(team.reviewer, revision, "Sebutkan juga biayanya.")
    revision.refresh_from_db()
    assert revision.status == R.REJECTED and revision.review_comment == "Sebutkan juga biayanya."
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    # The author continues from the rejected text, in a new revision.
    assert workflow.edit_base(Article.objects.get(pk=article.pk)) == revision
    again = workflow.save_draft(team.author, article, title=revision.title, body_markdown="Gratis.",
                                change_note="Biaya ditambahkan")
    assert again.number == 2 and again.status == R.DRAFT


def test_rejecting_a_change_leaves_the_published_article_public(team):
    article = published_article(team.author, team.reviewer, team.agency)
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown="Salah.")
    workflow.submit_for_review(team.author, revision)
    workflow.reject(team.reviewer, revision, "Tidak benar.")
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.live_revision.number == 1


def test_withdrawing_from_review_makes_the_revision_editable_again(team):
    article, revision = submitted(team)
    with pytest.raises(InvalidTransition):
        workflow.save_draft(team.author, article, title="Judul?", body_markdown="Ubah saat ditinjau.")
    workflow.withdraw(team.author, revision)
    assert revision.status == R.DRAFT and Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    updated = workflow.save_draft(team.author, article, title="Judul?", body_markdown="Sudah diperbaiki.")
    assert updated.pk == revision.pk and updated.body_markdown == "Sudah diperbaiki."


def test_archiving_hides_the_article_and_a_new_revision_brings_it_back_as_a_draft(team, client):
    article = published_article(team.author, team.reviewer, team.agency)
    workflow.archive(team.reviewer, article)
    assert article.status == Article.Status.ARCHIVED
    assert client.get(article.get_absolute_url()).status_code == 404
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown="Berlaku lagi.")
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    workflow.submit_for_review(team.author, revision)
    workflow.approve_and_publish(team.reviewer, revision)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 200


def _approved(team):
    article, revision = submitted(team)
    workflow.approve_and_publish(team.reviewer, revision)
    return article, revision


def _rejected(team):
    article, revision = submitted(team)
    workflow.reject(team.reviewer, revision, "Tidak")
    return article, revision


ILLEGAL = {
    "approve a draft": (lambda t: draft(t).open_revision, lambda t, r: workflow.approve_and_publish(t.reviewer, r)),
    "reject a draft": (lambda t: draft(t).open_revision, lambda t, r: workflow.reject(t.reviewer, r, "x")),
    "withdraw a draft": (lambda t: draft(t).open_revision, lambda t, r: workflow.withdraw(t.author, r)),
    "submit twice": (lambda t: submitted(t)[1], lambda t, r: workflow.submit_for_review(t.author, r)),
    "approve twice": (lambda t: _approved(t)[1], lambda t, r: workflow.approve_and_publish(t.admin, r)),
    "reject an approved revision": (lambda t: _approved(t)[1], lambda t, r: workflow.reject(t.admin, r, "x")),
    "approve a rejected revision": (lambda t: _rejected(t)[1],
                                    lambda t, r: workflow.approve_and_publish(t.admin, r)),
    "submit a rejected revision": (lambda t: _rejected(t)[1], lambda t, r: workflow.submit_for_review(t.author, r)),
    "archive a draft": (lambda t: draft(t).open_revision, lambda t, r: workflow.archive(t.reviewer, r.article)),
    "archive twice": (lambda t: _approved(t)[1],
                      lambda t, r: [workflow.archive(t.reviewer, r.article), workflow.archive(t.reviewer, r.article)]),
}


@pytest.mark.parametrize("name", ILLEGAL)
def test_illegal_transitions_are_refused(team, name):
    setup, step = ILLEGAL[name]
    revision = setup(team)
    with pytest.raises(InvalidTransition):
        step(team, revision)


def test_submitting_a_revision_identical_to_the_published_one_is_refused(team):
    article = published_article(team.author, team.reviewer, team.agency)
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown=article.body_markdown)
    with pytest.raises(InvalidTransition):
        workflow.submit_for_review(team.author, revision)


def test_empty_title_or_answer_is_refused(team):
    with pytest.raises(InvalidContent):
        workflow.create_draft_article(team.author, team.agency, title="  ", body_markdown="Isi.")
    article = draft(team)
    with pytest.raises(InvalidContent):
        workflow.save_draft(team.author, article, title="Judul?", body_markdown="\n  \n")


def test_an_article_has_at_most_one_open_revision(team):
    article = draft(team)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRevision.objects.create(article=article, number=2, change_note="x", title="t", body_markdown="b")


def test_a_scheduled_revision_is_published_by_the_command_once_its_time_has_come(team, client):
    article, revision = submitted(team)
    when = timezone.now() + timedelta(days=2)
    workflow.approve_and_publish(team.reviewer, revision, publish_at=when)
    revision.refresh_from_db()
    assert revision.is_scheduled and revision.publish_at == when
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    assert client.get(article.get_absolute_url()).status_code == 404

    out = StringIO()
    with translation.override("en"):
        call_command("publish_scheduled_articles", stdout=out)
    assert "0 scheduled revisions published" in out.getvalue()
    assert workflow.publish_scheduled_articles(now=when - timedelta(minutes=1)) == []

    ArticleRevision.objects.filter(pk=revision.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    out = StringIO()
    with translation.override("en"):
        call_command("publish_scheduled_articles", stdout=out)
    assert "1 scheduled revision published" in out.getvalue()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.live_revision_id == revision.pk
    assert client.get(article.get_absolute_url()).status_code == 200
    publish = AuditEntry.objects.for_target(article).get(action="article.publish")
    assert publish.actor is None and publish.data["scheduled"] is True and publish.data["reviewer"] == team.reviewer.pk
    # Running again publishes nothing twice.
    assert workflow.publish_scheduled_articles() == []


def test_a_publish_date_in_the_past_publishes_at_once(team):
    article, revision = submitted(team)
    workflow.approve_and_publish(team.reviewer, revision, publish_at=timezone.now() - timedelta(hours=1))
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_an_older_scheduled_revision_never_overwrites_a_newer_live_one(team):
    article = published_article(team.author, team.reviewer, team.agency, body_markdown="Versi 1.")
    second = workflow.save_draft(team.author, article, title=article.title, body_markdown="Versi 2.")
    workflow.submit_for_review(team.author, second)
    workflow.approve_and_publish(team.reviewer, second, publish_at=timezone.now() + timedelta(days=7))
    third = workflow.save_draft(team.author, article, title=article.title, body_markdown="Versi 3.")
    workflow.submit_for_review(team.author, third)
    workflow.approve_and_publish(team.reviewer, third)

    second.refresh_from_db()
    assert second.publish_at is None and second.published_at is None  # cancelled, superseded
    assert workflow.publish_scheduled_articles(now=timezone.now() + timedelta(days=8)) == []
    assert Article.objects.get(pk=article.pk).body_markdown == "Versi 3."
    assert "article.schedule_cancel" in actions(article)


def test_archiving_cancels_a_scheduled_revision(team):
    article = published_article(team.author, team.reviewer, team.agency)
    revision = workflow.save_draft(team.author, article, title=article.title, body_markdown="Nanti.")
    workflow.submit_for_review(team.author, revision)
    workflow.approve_and_publish(team.reviewer, revision, publish_at=timezone.now() + timedelta(days=1))
    workflow.archive(team.admin, article)
    assert workflow.publish_scheduled_articles(now=timezone.now() + timedelta(days=2)) == []
    assert Article.objects.get(pk=article.pk).status == Article.Status.ARCHIVED


def test_every_step_is_audited_with_the_agency(team):
    article, revision = submitted(team)
    workflow.withdraw(team.author, revision)
    workflow.save_draft(team.author, article, title="Apa syarat membuat KTP?", body_markdown="KK.")
    workflow.submit_for_review(team.author, revision)
    workflow.reject(team.reviewer, revision, "Kurang lengkap")
    second = workflow.save_draft(team.author, article, title="Apa syarat membuat KTP?", body_markdown="KK, akta.")
    workflow.submit_for_review(team.author, second)
    workflow.approve_and_publish(team.reviewer, second)
    workflow.verify_article(article, team.admin)
    workflow.archive(team.admin, article)
    assert actions(article) == [
        "article.create", "article.submit", "article.withdraw", "article.draft_save", "article.submit",
        "article.reject", "article.draft_start", "article.submit", "article.approve", "article.publish",
        "article.verify", "article.archive",
    ]
    entries = AuditEntry.objects.for_target(article)
    assert set(entries.values_list("agency_id", flat=True)) == {team.agency.pk}
    reject = entries.get(action="article.reject")
    assert reject.actor == team.reviewer and reject.data["comment"] == "Kurang lengkap"
    assert reject.data["revision"] == 1 and reject.data["author"] == team.author.pk


def test_verifying_records_who_and_when_without_touching_content(team):
    article = published_article(team.author, team.reviewer, team.agency)
    before = (article.title, article.body_markdown, article.live_revision_id, article.revisions.count())
    when = timezone.now() + timedelta(days=30)
    workflow.verify_article(article, team.admin, when=when)
    article.refresh_from_db()
    assert article.verified_by == team.admin and article.verified_at == when
    assert article.review_due_at == when + timedelta(days=team.agency.review_interval_days)
    assert (article.title, article.body_markdown, article.live_revision_id, article.revisions.count()) == before


def test_articles_published_before_the_workflow_are_diffed_against_their_current_text(team):
    legacy = ArticleFactory(agency=team.agency, body_markdown="Teks lama.")
    assert workflow.published_content(legacy) == (legacy.title, "Teks lama.")
    revision = workflow.save_draft(team.author, legacy, title=legacy.title, body_markdown="Teks baru.")
    assert revision.number == 1
    workflow.submit_for_review(team.author, revision)
    workflow.approve_and_publish(team.reviewer, revision)
    assert workflow.published_content(Article.objects.get(pk=legacy.pk)) == (legacy.title, "Teks baru.")


def test_the_review_policy_reads_the_revision_in_review_when_none_is_given(team):
    from layanan.accounts import policies

    article, _revision = submitted(team)
    article = Article.objects.get(pk=article.pk)
    assert not policies.can_review_article(team.author, article)
    assert policies.can_review_article(team.reviewer, article)
    assert policies.can_review_article(team.admin, article)
    assert not policies.can_review_article(team.outsider, article)
    assert not policies.can_review_article(team.officer, article)
