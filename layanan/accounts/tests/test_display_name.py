import pytest
from django.core.exceptions import ValidationError

from layanan.accounts.validators import normalize_display_name, validate_display_name


@pytest.mark.parametrize("name", [
    "Siti dari Bogor",
    "Budi_S",
    "Warga 1990",
    "O'Neil",
    "Ibu-ibu PKK RT 05",
    "Ayu Tíng-Tíng",
    "Pak RT",  # three characters is enough
])
def test_pseudonyms_are_accepted(name):
    validate_display_name(name)


@pytest.mark.parametrize("name,code", [
    ("budi@gmail.com", "email"),
    ("budi [at] gmail", "email"),
    ("@budi", "email"),
    ("0812-3456-7890", "number"),
    ("+62 812 3456 789", "number"),
    ("Budi 081234567", "number"),
    ("3171234567890001", "number"),  # a NIK
    ("www.budi", "url"),
    ("budi.com", "url"),
    ("Budi <b>", "characters"),
    ("Budi/Siti", "characters"),
    ("1234", "no_letter"),
    ("__", "too_short"),
    ("a" * 61, "too_long"),
    ("Admin", "reserved"),
    ("Petugas Dukcapil", "reserved"),
    ("Moderator_1", "reserved"),
    ("CS Layanan", "reserved"),
])
def test_names_that_identify_or_mislead_are_refused(name, code):
    with pytest.raises(ValidationError) as info:
        validate_display_name(name)
    assert info.value.code == code


def test_whitespace_is_normalised():
    assert normalize_display_name("  Budi \t  Santoso ") == "Budi Santoso"
