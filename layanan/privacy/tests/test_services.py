"""The shield service: masks, logs an event without personal data, tells the author."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from layanan.privacy.detection import find_personal_data
from layanan.privacy.models import PersonalDataEvent
from layanan.privacy.services import masked_items, masked_message, record_event, shield

pytestmark = pytest.mark.django_db

POST = (
    "NIK saya 3171011708450001 dan HP 0812-3456-7890, "
    "email budi.santoso@gmail.com, rekening BCA 1234567890."
)
RAW_VALUES = ["3171011708450001", "0812-3456-7890", "081234567890", "budi.santoso", "gmail", "1234567890"]


@pytest.fixture
def author():
    return get_user_model().objects.create_user(username="warga1", password="kata-sandi-rahasia-123")


def test_shield_masks_the_text_and_logs_one_event(author):
    result = shield(POST, actor=author, target=author, field="body")

    assert result.text == (
        "NIK saya ************0001 dan HP ****-****-7890, "
        "email b***@***.com, rekening BCA ******7890."
    )
    event = PersonalDataEvent.objects.get()
    assert event.kinds == ["email", "nik", "rekening", "telepon"]
    assert event.counts == {"email": 1, "nik": 1, "rekening": 1, "telepon": 1}
    assert event.total == 4
    assert event.actor_id == author.pk
    assert (event.target_type, event.target_id, event.field) == (
        author._meta.label_lower, str(author.pk), "body",
    )


def test_the_event_log_holds_no_raw_values(author):
    shield(POST, actor=author, target=("community.question", "42"), field="body")

    event = PersonalDataEvent.objects.get()
    stored = json.dumps(
        {
            f.name: str(getattr(event, f.attname))
            for f in PersonalDataEvent._meta.concrete_fields
            if f.name != "created_at"
        }
    )
    for value in RAW_VALUES + ["7890", "0001"]:
        assert value not in stored
    assert find_personal_data(stored) == []
    assert (event.target_type, event.target_id) == ("community.question", "42")


def test_text_without_personal_data_is_unchanged_and_not_logged(author):
    text = "Berapa biaya KTP? Rp 0 menurut UU 24/2013, kantor buka 08.00–15.00."
    result = shield(text, actor=author)
    assert result.text == text
    assert result.findings == []
    assert not PersonalDataEvent.objects.exists()


def test_anonymous_actor_and_unsaved_target_are_logged_without_ids(author):
    unsaved = get_user_model()(username="belum-disimpan")
    shield("HP 081234567890", actor=None, target=unsaved)
    event = PersonalDataEvent.objects.get()
    assert event.actor_id is None
    assert event.target_id == ""


def test_events_are_append_only(author):
    event = record_event(find_personal_data("HP 081234567890"), actor=author)
    event.total = 0
    with pytest.raises(ValueError):
        event.save()


def test_shield_accepts_empty_text():
    assert shield("").text == ""
    assert shield(None).text == ""
    assert not PersonalDataEvent.objects.exists()


def test_message_lists_what_was_masked_in_english():
    findings = find_personal_data("NIK 3171011708450001, HP 081234567890 dan 0813-1111-2222")
    with translation.override("en"):
        assert masked_items(findings) == "1 NIK and 2 phone numbers"
        assert masked_message(findings) == (
            "We masked 1 NIK and 2 phone numbers in your text to protect personal data. "
            "Only you and authorised staff can see the original."
        )


def test_message_lists_three_kinds_with_commas():
    findings = find_personal_data("KK 3171012005100003, budi@contoh.id, NPWP 01.312.166.0-091.000")
    with translation.override("en"):
        assert masked_items(findings) == (
            "1 family card (KK) number, 1 tax number (NPWP) and 1 email address"
        )


def test_message_is_empty_when_nothing_was_masked():
    assert masked_message([]) == ""

