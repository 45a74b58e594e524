"""Comments under questions and answers: posting through the question page, the rules and the limits."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from layanan.audit.models import AuditEntry
from layanan.community.models import Comment, Question
from layanan.community.services import moderation
from layanan.community.services.comments import add_comment, hide_comment
from layanan.community.services.posting import PermissionDenied, answer_question, ask_question
from layanan.community.views.common import rate_limit_message

from .factories import AnswerFactory
from .text import masked, said

pytestmark = pytest.mark.django_db

NIK = "3171011708450001"


@pytest.fixture
def question(world):
    return ask_question(world.asker, "Bagaimana cara mengganti KTP yang hilang?", "Saya di Jakarta.").post


@pytest.fixture
def answer(world, question):
    return answer_question(world.citizen, question, "Datang ke kantor Disdukcapil.").post


def comment_url(kind, post):
    return reverse("community:comment", args=[kind, post.pk])


def test_a_comment_on_the_question_is_shown_under_it_with_author_and_date(client, world, question):
    client.force_login(world.citizen)

    response = client.post(comment_url("pertanyaan", question), {"body": "Di kecamatan mana Anda tinggal?"},
                           follow=True)

    html = response.content.decode()
    comment = Comment.objects.get()
    assert comment.question == question and comment.answer is None and comment.author == world.citizen
    assert response.redirect_chain[-1][0] == f"{question.get_absolute_url()}#komentar-pertanyaan-{question.pk}"
    assert said("Your comment is published.") in html
    section = html[html.index(f'id="komentar-pertanyaan-{question.pk}"'):]
    assert "Di kecamatan mana Anda tinggal?" in section
    assert world.citizen.get_absolute_url() in section and world.citizen.public_name in section
    assert "<time datetime=" in section


def test_a_comment_on_an_answer_is_shown_under_that_answer(client, world, question, answer):
    client.force_login(world.asker)

    response = client.post(comment_url("jawaban", answer), {"body": "Apakah perlu surat kehilangan polisi?"})

    assert response.status_code == 302
    assert Comment.objects.get().answer == answer
    html = client.get(question.get_absolute_url()).content.decode()
    answer_block = html[html.index(f'id="jawaban-{answer.pk}"'):]
    question_comments = html[html.index(f'id="komentar-pertanyaan-{question.pk}"'):html.index(f'id="jawaban-{answer.pk}"')]
    assert "Apakah perlu surat kehilangan polisi?" in answer_block
    assert "Apakah perlu surat kehilangan polisi?" not in question_comments


def test_signed_in_users_see_a_labelled_comment_form_and_anonymous_users_do_not(client, world, question):
    html = client.get(question.get_absolute_url()).content.decode()
    assert comment_url("pertanyaan", question) not in html

    client.force_login(world.citizen)
    html = client.get(question.get_absolute_url()).content.decode()
    assert comment_url("pertanyaan", question) in html
    assert f'<label for="id_komentar_pertanyaan_{question.pk}_body">{said("Add a comment")}' in html


def test_anonymous_users_are_sent_to_log_in(client, question):
    response = client.post(comment_url("pertanyaan", question), {"body": "Komentar tanpa masuk."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Comment.objects.count() == 0


def test_a_nik_in_a_comment_is_masked_and_the_author_is_told(client, world, question):
    client.force_login(world.citizen)

    response = client.post(comment_url("pertanyaan", question), {"body": f"NIK saya {NIK}, tolong dicek."},
                           follow=True)

    comment = Comment.objects.get()
    assert NIK not in comment.body and NIK in comment.private_body
    html = response.content.decode()
    assert NIK not in html
    assert masked(nik=1) in html


def test_a_comment_moves_the_question_up_in_recent_activity(world, question):
    before = Question.objects.get(pk=question.pk).last_activity_at
    add_comment(world.citizen, question, "Sudah coba ke kantor kecamatan?")
    assert Question.objects.get(pk=question.pk).last_activity_at > before


def test_a_locked_question_and_its_answers_refuse_comments_except_from_moderators(client, world, question, answer):
    moderation.set_locked(world.moderator, question, True)
    client.force_login(world.citizen)

    assert client.post(comment_url("pertanyaan", question), {"body": "Masih bisa komentar?"}).status_code == 403
    assert client.post(comment_url("jawaban", answer), {"body": "Masih bisa komentar?"}).status_code == 403
    assert comment_url("pertanyaan", question) not in client.get(question.get_absolute_url()).content.decode()
    assert Comment.objects.count() == 0

    add_comment(world.moderator, question, "Pertanyaan ini dikunci karena sudah terjawab.")
    assert Comment.objects.count() == 1


def test_a_hidden_post_refuses_comments(client, world, question, answer):
    moderation.hide_post(world.moderator, answer)
    client.force_login(world.citizen)

    response = client.post(comment_url("jawaban", answer), {"body": "Komentar di jawaban tersembunyi."})

    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        add_comment(world.citizen, answer, "Komentar di jawaban tersembunyi.")
    moderation.hide_post(world.moderator, question)
    assert client.post(comment_url("pertanyaan", question), {"body": "Komentar lagi."}).status_code == 404
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("body, message", [
    ("x", lambda: said("Write your comment in at least %(limit_value)d characters.", limit_value=2)),
    ("a" * 601, lambda: said("A comment may have at most %(limit_value)d characters (it has %(show_value)d).",
                             limit_value=600, show_value=601)),
])
def test_too_short_or_too_long_comments_are_refused_with_a_message(client, world, question, body, message):
    client.force_login(world.citizen)

    response = client.post(comment_url("pertanyaan", question), {"body": body})

    assert response.status_code == 200
    assert message() in response.content.decode()
    assert Comment.objects.count() == 0


def test_the_service_refuses_comments_that_are_too_short_or_too_long(world, question):
    from layanan.community.services.posting import InvalidPost

    with pytest.raises(InvalidPost, match="comment-too-short"):
        add_comment(world.citizen, question, " a ")
    with pytest.raises(InvalidPost, match="comment-too-long"):
        add_comment(world.citizen, question, "b" * 601)


def test_commenting_too_fast_gets_429_and_keeps_the_text(client, world, question, settings):
    settings.LAYANAN_RATE_LIMITS = {**settings.LAYANAN_RATE_LIMITS, "post": {"user": "1/h", "ip": "100/h"}}
    client.force_login(world.citizen)
    assert client.post(comment_url("pertanyaan", question), {"body": "Komentar pertama."}).status_code == 302

    response = client.post(comment_url("pertanyaan", question), {"body": "Komentar kedua yang cepat."})

    html = response.content.decode()
    assert response.status_code == 429
    assert escape(rate_limit_message("post", int(response["Retry-After"]))) in html
    assert "Komentar kedua yang cepat." in html
    assert Comment.objects.count() == 1


def test_hidden_comments_are_shown_only_to_moderators_and_hiding_is_audited(client, world, question):
    comment = add_comment(world.citizen, question, "Jual pulsa murah hubungi saya").post
    with pytest.raises(PermissionDenied):
        hide_comment(world.citizen, comment)

    hide_comment(world.moderator, comment, reason="spam")

    assert AuditEntry.objects.filter(action="moderation.hide_comment", target_id=str(comment.pk)).exists()
    assert "Jual pulsa murah" not in client.get(question.get_absolute_url()).content.decode()
    client.force_login(world.moderator)
    assert "Jual pulsa murah" in client.get(question.get_absolute_url()).content.decode()


def test_question_page_query_count_does_not_grow_with_comments(client, world, question, answer,
                                                               django_assert_max_num_queries):
    add_comment(world.citizen, question, "Komentar pertama di pertanyaan.")
    add_comment(world.asker, answer, "Komentar pertama di jawaban.")
    client.force_login(world.citizen)
    with django_assert_max_num_queries(30) as few:
        assert client.get(question.get_absolute_url()).status_code == 200
    for n in range(5):
        more = AnswerFactory(question=question, body=f"Jawaban tambahan {n}")
        for m in range(3):
            add_comment(world.officer, more, f"Komentar {m} di jawaban tambahan {n}.")
            add_comment(world.asker, question, f"Komentar {m} lagi di pertanyaan ({n}).")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(question.get_absolute_url())
    assert "Komentar 2 di jawaban tambahan 4." in response.content.decode()


def test_a_moderator_hides_and_restores_a_comment_from_the_question_page(client, world, question):
    comment = add_comment(world.citizen, question, "Komentar yang tidak pantas").post
    url = reverse("community:moderate-comment", args=[comment.pk])
    client.force_login(world.citizen)
    assert client.post(url, {"action": "hide"}).status_code == 403

    client.force_login(world.moderator)
    assert url in client.get(question.get_absolute_url()).content.decode()
    response = client.post(url, {"action": "hide"})
    comment.refresh_from_db()
    assert response.status_code == 302 and comment.is_hidden
    client.post(url, {"action": "restore"})
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert list(AuditEntry.objects.filter(target_id=str(comment.pk)).values_list("action", flat=True)
                .order_by("id")) == ["moderation.hide_comment", "moderation.restore_comment"]
