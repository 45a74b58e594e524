"""Staff pages: the agency queue (ages, targets, overdue), the moderation queue and its actions,
and notifications with the unread count in the header."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from layanan.accounts import policies
from layanan.accounts.models import Role
from layanan.accounts.tests.factories import UserFactory, staff_of
from layanan.audit.models import AuditEntry
from layanan.catalog.tests.factories import ServiceFactory
from layanan.community import workdays
from layanan.community.models import Flag, Notification, Question
from layanan.community.services import moderation
from layanan.community.services.posting import answer_question, ask_question

from .text import said, said_n


def target_sentence(days: int) -> str:
    return said_n(
        "Target: an official answer within %(counter)s working day (Monday to Friday; public holidays "
        "are not counted out). Oldest first.",
        "Target: an official answer within %(counter)s working days (Monday to Friday; public holidays "
        "are not counted out). Oldest first.",
        days,
    )

pytestmark = pytest.mark.django_db


def ask(user, title, *, days_ago=0, **kwargs):
    question = ask_question(user, title, "", **kwargs).post
    if days_ago:
        Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
        question.refresh_from_db()
    return question


# --- agency queue ---------------------------------------------------------------------------

def test_queue_lists_routed_questions_without_an_official_answer_oldest_first(client, world):
    via_service = ask(world.citizen, "Pertanyaan lewat layanan KTP elektronik", days_ago=2,
                      services=[world.service])
    direct = ask(world.citizen, "Pertanyaan langsung ke dinas kependudukan", days_ago=10, agency=world.agency)
    answered = ask(world.citizen, "Pertanyaan yang sudah dijawab resmi", agency=world.agency)
    answer_question(world.officer, answered, "Sudah dijawab.", official=True)
    community_only = ask(world.citizen, "Pertanyaan yang baru dijawab warga", agency=world.agency)
    answer_question(world.asker, community_only, "Jawaban warga.")
    elsewhere = ask(world.citizen, "Pertanyaan untuk kantor imigrasi", agency=world.other_agency)
    locked = ask(world.citizen, "Pertanyaan yang dikunci moderator", agency=world.agency)
    moderation.set_locked(world.moderator, locked, True)
    hidden = ask(world.citizen, "Pertanyaan yang disembunyikan moderator", agency=world.agency)
    moderation.hide_post(world.moderator, hidden)

    client.force_login(world.officer)
    response = client.get(reverse("community:queue", args=[world.agency.slug]))

    assert response.status_code == 200
    assert [item.question for item in response.context["items"]] == [direct, via_service, community_only]
    html = response.content.decode()
    for absent in (answered, elsewhere, locked, hidden):
        assert absent.title not in html


def test_queue_shows_age_due_date_and_overdue_badge(client, world):
    old = ask(world.citizen, "Pertanyaan lama yang belum dijawab resmi", days_ago=14, agency=world.agency)
    new = ask(world.citizen, "Pertanyaan baru yang belum dijawab resmi", agency=world.agency)
    client.force_login(world.officer)

    response = client.get(reverse("community:queue", args=[world.agency.slug]))

    items = {item.question.pk: item for item in response.context["items"]}
    today = workdays.local_date(timezone.now())
    old_asked = workdays.local_date(old.created_at)
    assert items[old.pk].overdue and not items[new.pk].overdue
    assert items[old.pk].due == workdays.add_working_days(old_asked, 3)
    assert items[old.pk].working_days_waiting == workdays.working_days_between(old_asked, today) >= 9
    assert items[new.pk].working_days_waiting == 0
    assert response.context["overdue_count"] == 1
    html = response.content.decode()
    assert html.count("badge-overdue") == 1
    assert target_sentence(3) in html


def test_queue_uses_the_agencys_own_target(client, world):
    world.agency.answer_target_working_days = 30
    world.agency.save()
    ask(world.citizen, "Pertanyaan lama dengan target panjang", days_ago=14, agency=world.agency)
    client.force_login(world.officer)
    response = client.get(reverse("community:queue", args=[world.agency.slug]))
    assert response.context["overdue_count"] == 0
    assert target_sentence(30) in response.content.decode()


def test_queue_is_for_the_agencys_staff_and_site_admins(client, world):
    url = reverse("community:queue", args=[world.agency.slug])
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    for user, status in [
        (world.citizen, 403),
        (world.moderator, 403),
        (staff_of(world.other_agency, role=Role.AGENCY_ADMIN), 403),
        (staff_of(world.agency, role=Role.KNOWLEDGE_MANAGER), 200),
        (UserFactory(is_superuser=True), 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_queue_index_goes_straight_to_the_only_queue(client, world):
    client.force_login(world.officer)
    response = client.get(reverse("community:queue-index"))
    assert response["Location"] == reverse("community:queue", args=[world.agency.slug])
    client.force_login(world.citizen)
    assert client.get(reverse("community:queue-index")).status_code == 403


def test_question_list_links_staff_to_their_queue(client, world):
    client.force_login(world.officer)
    html = client.get(reverse("community:list")).content.decode()
    assert reverse("community:queue", args=[world.agency.slug]) in html


def test_queue_query_count_does_not_grow_with_questions(client, world, django_assert_max_num_queries):
    other_service = ServiceFactory(agency=world.agency)
    for n in range(3):
        ask(world.citizen, f"Pertanyaan antrean nomor {n} untuk dinas",
            services=[world.service, other_service])
    client.force_login(world.officer)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("community:queue", args=[world.agency.slug]))
    for n in range(10):
        ask(world.citizen, f"Pertanyaan antrean tambahan {n} untuk dinas", agency=world.agency)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("community:queue", args=[world.agency.slug]))


# --- moderation --------------------------------------------------------------------------------

@pytest.fixture
def flagged(world):
    question = ask(world.asker, "Pertanyaan yang dilaporkan beberapa orang")
    original = ask(world.citizen, "Pertanyaan asli yang ditanyakan lebih dulu")
    answer = answer_question(world.citizen, question, "Jawaban berisi iklan pinjol").post
    reporters = [UserFactory(reputation=20) for _ in range(3)]
    moderation.flag_post(reporters[0], question, Flag.Reason.DUPLICATE, duplicate_of=original)
    moderation.flag_post(reporters[1], question, Flag.Reason.OFF_TOPIC, note="bukan soal layanan")
    moderation.flag_post(reporters[2], answer, Flag.Reason.SPAM)
    return {"question": question, "original": original, "answer": answer}


def test_moderation_queue_groups_open_flags_by_post(client, world, flagged):
    client.force_login(world.moderator)
    response = client.get(reverse("community:moderation"))
    groups = response.context["groups"]
    assert [(g.kind, g.post.pk, len(g.flags)) for g in groups] == [
        ("pertanyaan", flagged["question"].pk, 2), ("jawaban", flagged["answer"].pk, 1),
    ]
    assert groups[0].duplicate_target == flagged["original"]
    html = response.content.decode()
    assert "bukan soal layanan" in html
    assert f'name="into" value="{flagged["original"].pk}"' in html


def test_moderation_pages_are_for_moderators_only(client, world, flagged):
    assert client.get(reverse("community:moderation"))["Location"].startswith(reverse("accounts:login"))
    client.force_login(world.officer)
    assert client.get(reverse("community:moderation")).status_code == 403
    url = reverse("community:moderate", args=["pertanyaan", flagged["question"].pk])
    assert client.post(url, {"action": "hide"}).status_code == 403
    flagged["question"].refresh_from_db()
    assert not flagged["question"].is_hidden


def test_hide_and_restore_from_the_queue_are_audited(client, world, flagged):
    client.force_login(world.moderator)
    answer = flagged["answer"]
    url = reverse("community:moderate", args=["jawaban", answer.pk])
    response = client.post(url, {"action": "hide"})
    assert response["Location"] == reverse("community:moderation")
    answer.refresh_from_db()
    assert answer.is_hidden
    assert Flag.objects.get(answer=answer).status == Flag.Status.UPHELD
    client.post(url, {"action": "restore"})
    answer.refresh_from_db()
    assert not answer.is_hidden
    assert list(AuditEntry.objects.filter(actor=world.moderator).values_list("action", flat=True)
                .order_by("id")) == ["moderation.hide", "moderation.restore"]


def test_lock_unlock_and_dismiss(client, world, flagged):
    client.force_login(world.moderator)
    question = flagged["question"]
    url = reverse("community:moderate", args=["pertanyaan", question.pk])
    client.post(url, {"action": "lock", "next": question.get_absolute_url()})
    question.refresh_from_db()
    assert question.is_locked
    client.post(url, {"action": "unlock"})
    client.post(url, {"action": "dismiss"})
    question.refresh_from_db()
    assert not question.is_locked
    assert set(Flag.objects.filter(question=question).values_list("status", flat=True)) == {"dismissed"}
    assert len(client.get(reverse("community:moderation")).context["groups"]) == 1


def test_merging_a_duplicate_from_the_queue(client, world, flagged):
    client.force_login(world.moderator)
    question, original = flagged["question"], flagged["original"]
    url = reverse("community:moderate", args=["pertanyaan", question.pk])
    bad = client.post(url, {"action": "merge", "into": "99999"}, follow=True)
    assert said("There is no question with that number or address.") in bad.content.decode()

    client.post(url, {"action": "merge", "into": original.get_absolute_url()})

    question.refresh_from_db()
    original.refresh_from_db()
    assert question.duplicate_of == original and original.answer_count == 1
    assert AuditEntry.objects.filter(action="moderation.merge", actor=world.moderator).exists()
    assert client.get(question.get_absolute_url())["Location"] == original.get_absolute_url()


def test_moderation_actions_refuse_unsafe_next_addresses(client, world, flagged):
    client.force_login(world.moderator)
    url = reverse("community:moderate", args=["pertanyaan", flagged["question"].pk])
    response = client.post(url, {"action": "lock", "next": "https://evil.example/"})
    assert response["Location"] == reverse("community:moderation")


def test_moderators_get_action_buttons_on_the_question_page(client, world, flagged):
    client.force_login(world.moderator)
    html = client.get(flagged["question"].get_absolute_url()).content.decode()
    assert reverse("community:moderate", args=["pertanyaan", flagged["question"].pk]) in html
    assert reverse("community:moderate", args=["jawaban", flagged["answer"].pk]) in html
    client.force_login(world.citizen)
    assert "community:moderate" not in client.get(flagged["question"].get_absolute_url()).content.decode()
    assert "/moderasi/" not in client.get(flagged["question"].get_absolute_url()).content.decode()


# --- notifications ------------------------------------------------------------------------------

def test_new_answers_show_as_unread_in_the_header_until_read(client, world):
    question = ask(world.asker, "Pertanyaan yang diikuti penanya sendiri")
    answer_question(world.citizen, question, "Jawaban pertama.")
    answer_question(world.officer, question, "Jawaban kedua.")
    client.force_login(world.asker)

    home = client.get(reverse("community:list")).content.decode()
    assert 'class="badge nav-count">2<' in home

    page = client.get(reverse("community:notifications"))
    assert len(page.context["page"].object_list) == 2
    client.post(reverse("community:notifications-read"))
    assert not Notification.objects.filter(user=world.asker, read_at__isnull=True).exists()
    assert "nav-count" not in client.get(reverse("community:list")).content.decode()


def test_one_notification_can_be_marked_read_and_opening_the_question_reads_its_notices(client, world):
    first = ask(world.asker, "Pertanyaan pertama yang diikuti penanya")
    second = ask(world.asker, "Pertanyaan kedua yang diikuti penanya")
    answer_question(world.citizen, first, "Jawaban untuk yang pertama.")
    answer_question(world.citizen, second, "Jawaban untuk yang kedua.")
    client.force_login(world.asker)
    notice = Notification.objects.get(question=first)
    client.post(reverse("community:notifications-read"), {"id": notice.pk})
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Notification.objects.get(question=second).read_at is None
    client.get(second.get_absolute_url())
    assert Notification.objects.get(question=second).read_at is not None


def test_notifications_need_login_and_are_private(client, world):
    assert client.get(reverse("community:notifications"))["Location"].startswith(reverse("accounts:login"))
    question = ask(world.asker, "Pertanyaan dengan notifikasi untuk penanya")
    answer_question(world.citizen, question, "Jawaban.")
    client.force_login(world.officer)
    assert len(client.get(reverse("community:notifications")).context["page"].object_list) == 0
    client.post(reverse("community:notifications-read"), {"id": Notification.objects.get().pk})
    assert Notification.objects.get().read_at is None


def test_the_unread_count_costs_no_query_for_anonymous_visitors(client, world, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("community:ask"))


# --- the two community policies written for these pages ---------------------------------------

def test_private_text_policy_matrix(world):
    question = ask(world.asker, "NIK saya 3171011708450001 ditolak, kenapa?", agency=world.agency)
    answer = answer_question(world.citizen, question, "Telepon saya 0812-3456-7890").post
    cases = [
        (world.asker, question, True), (world.asker, answer, False),
        (world.citizen, question, False), (world.citizen, answer, True),
        (world.officer, question, True), (world.officer, answer, True),
        (staff_of(world.other_agency, role=Role.OFFICER), question, False),
        (world.moderator, question, False),
        (UserFactory(is_superuser=True), question, False),
        (UserFactory(is_active=False), question, False),
    ]
    for user, post, expected in cases:
        assert policies.can_see_private_text(user, post) is expected, (user, post)
    from django.contrib.auth.models import AnonymousUser

    assert not policies.can_see_private_text(AnonymousUser(), question)


def test_follow_policy(world):
    question = ask(world.asker, "Pertanyaan untuk diikuti siapa saja")
    assert policies.can_follow_question(world.citizen, question)
    moderation.hide_post(world.moderator, question)
    assert not policies.can_follow_question(world.citizen, question)
    assert policies.can_follow_question(world.moderator, question)
