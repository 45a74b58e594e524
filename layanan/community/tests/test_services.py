"""Community writes through the service functions: masking, official answers, votes, moderation."""

import pytest

from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory
from layanan.community.models import Flag, Notification, Question
from layanan.community.services import moderation
from layanan.community.services.posting import (
    InvalidPost,
    PermissionDenied,
    answer_question,
    ask_question,
    edit_post,
)
from layanan.community.services.voting import accept_answer, cast_vote
from layanan.privacy.models import PersonalDataEvent

from .factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_asking_masks_personal_data_and_keeps_the_original_private():
    asker = UserFactory()
    service = ServiceFactory()
    published = ask_question(
        asker, "KTP hilang, NIK saya 3171011708450001 bagaimana?",
        "Hubungi saya di 0812-3456-7890 ya", services=[service],
    )
    q = published.post
    assert "3171011708450001" not in q.title and "************0001" in q.title
    assert "0812-3456-7890" not in q.body and "7890" in q.body
    assert "3171011708450001" in q.private_title and "0812-3456-7890" in q.private_body
    assert set(published.masked) == {"nik", "telepon"}
    assert q.agency == service.agency  # routed through the linked service
    assert asker in q.followers.all()
    assert PersonalDataEvent.objects.count() == 2


def test_question_title_must_be_meaningful():
    with pytest.raises(InvalidPost):
        ask_question(UserFactory(), "KTP?", "")


def test_anonymous_cannot_ask():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        ask_question(AnonymousUser(), "Bagaimana cara membuat KTP?", "")


def test_official_answer_needs_staff_of_the_routed_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    question = ask_question(UserFactory(), "Berapa lama pembuatan akta kelahiran?", "", agency=agency).post
    with pytest.raises(PermissionDenied):
        answer_question(staff_of(other, role=Role.OFFICER), question, "Jawaban", official=True)
    officer = staff_of(agency, role=Role.OFFICER)
    answer = answer_question(officer, question, "Paling lama 3 hari kerja.", official=True).post
    question.refresh_from_db()
    assert answer.official_agency == agency
    assert question.has_official_answer and question.first_official_answer_at is not None
    assert AuditEntry.objects.filter(action="community.official_answer", agency_id=agency.pk).exists()


def test_new_answer_notifies_followers_but_not_the_answerer():
    question = ask_question(UserFactory(), "Bagaimana cara perpanjang SIM C?", "").post
    follower = UserFactory()
    question.followers.add(follower)
    answerer = UserFactory()
    question.followers.add(answerer)
    answer_question(answerer, question, "Bisa lewat aplikasi SINAR.")
    assert set(Notification.objects.values_list("user", flat=True)) == {question.author_id, follower.pk}


def test_votes_one_per_user_none_on_own_post_and_reputation():
    answer = AnswerFactory()
    voter = UserFactory()
    assert cast_vote(voter, answer, 1) == 1
    answer.author.refresh_from_db()
    assert answer.author.reputation == 10
    assert cast_vote(voter, answer, 1) == 0  # the same vote again withdraws it
    answer.author.refresh_from_db()
    assert answer.author.reputation == 0
    with pytest.raises(PermissionDenied):
        cast_vote(answer.author, answer, 1)
    with pytest.raises(PermissionDenied):
        cast_vote(UserFactory(), answer, -1)  # voting down is a privilege


def test_only_the_asker_accepts_and_acceptance_earns_reputation():
    answer = AnswerFactory()
    with pytest.raises(PermissionDenied):
        accept_answer(UserFactory(), answer)
    question = accept_answer(answer.question.author, answer)
    assert question.accepted_answer == answer
    answer.author.refresh_from_db()
    assert answer.author.reputation == 15
    assert Notification.objects.filter(user=answer.author, kind="accepted").exists()


def test_editing_keeps_history_and_masks_again():
    question = ask_question(UserFactory(), "Bagaimana cara membuat NPWP?", "Awal").post
    edit_post(question.author, question, title=question.title, body="Email saya warga@contoh.id", note="tambah kontak")
    question.refresh_from_db()
    assert "warga@contoh.id" not in question.body
    assert question.revisions.count() == 2
    with pytest.raises(PermissionDenied):
        edit_post(UserFactory(), question, body="Diubah orang lain")


def test_flags_and_moderation_are_audited():
    question = QuestionFactory()
    reporter = UserFactory(reputation=20)
    flag = moderation.flag_post(reporter, question, Flag.Reason.SPAM)
    with pytest.raises(InvalidPost):
        moderation.flag_post(reporter, question, Flag.Reason.SPAM)  # one open flag each
    with pytest.raises(PermissionDenied):
        moderation.flag_post(UserFactory(), question, Flag.Reason.SPAM)  # needs reputation
    moderator = UserFactory(is_moderator=True)
    with pytest.raises(PermissionDenied):
        moderation.hide_post(reporter, question)
    moderation.hide_post(moderator, question, reason="spam")
    question.refresh_from_db()
    flag.refresh_from_db()
    assert question.is_hidden and flag.status == Flag.Status.UPHELD
    assert not Question.objects.visible().filter(pk=question.pk).exists()
    moderation.restore_post(moderator, question)
    moderation.set_locked(moderator, question, True)
    assert list(AuditEntry.objects.filter(actor=moderator).values_list("action", flat=True).order_by("id")) == [
        "moderation.hide", "moderation.restore", "moderation.lock",
    ]


def test_merging_a_duplicate_moves_answers_and_followers():
    original, duplicate = QuestionFactory(), QuestionFactory()
    AnswerFactory(question=duplicate)
    follower = UserFactory()
    duplicate.followers.add(follower)
    moderation.merge_duplicate(UserFactory(is_moderator=True), duplicate, original)
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original and original.answer_count == 1
    assert follower in original.followers.all()
