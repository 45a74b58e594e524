"""What the shield detects and masks, and what it leaves alone (no database)."""

import re

import pytest

from layanan.privacy.detection import (
    Finding,
    Kind,
    find_personal_data,
    is_valid_nik,
    mask_digits,
    mask_email,
    mask_personal_data,
    province_codes,
)


def kinds(text):
    return [f.kind for f in find_personal_data(text)]


def only(text):
    """The single finding in `text`."""
    findings = find_personal_data(text)
    assert len(findings) == 1, findings
    return findings[0]


# --- NIK ------------------------------------------------------------------------

VALID_NIKS = [
    "3171011708450001",  # python-stdnum's example: Jakarta Selatan, 17-08-1945
    "3171015708450001",  # the same date for a woman (day + 40)
    "3171 0117 0845 0001",
    "3171-0117-0845-0001",
    "31.71.01.170845.0001",
    "31 71 01 170845 0001",
    "317101-170845-0001",
    "317101 170845 0001",
    "1101014101000001",  # Aceh, day 41 (1 January, woman)
    "3273017112990123",  # day 71 (31 December, woman)
    "6501013112800001",  # Kalimantan Utara: newer than python-stdnum's table
]


@pytest.mark.parametrize("nik", VALID_NIKS)
def test_valid_nik_is_found_with_or_without_separators(nik):
    finding = only(f"Nomor saya {nik} terima kasih")
    assert finding.kind == Kind.NIK
    assert finding.value == nik


@pytest.mark.parametrize(
    "number, reason",
    [
        ("9971011708450001", "province 99 does not exist"),
        ("0071011708450001", "province 00 does not exist"),
        ("3100011708450001", "regency 00"),
        ("3171001708450001", "district 00"),
        ("3171011713450001", "month 13"),
        ("3171011700450001", "month 00"),
        ("3171013208450001", "day 32"),
        ("3171010008450001", "day 00"),
        ("3171017208450001", "day 72"),
        ("3171014008450001", "day 40"),
        ("3171011708450000", "serial 0000"),
        ("317101170845000", "15 digits"),
        ("31710117084500011", "17 digits"),
        ("33171011708450001", "a valid NIK inside a 17-digit run"),
    ],
)
def test_invalid_nik_is_not_found_without_a_label(number, reason):
    assert not is_valid_nik(number), reason
    assert find_personal_data(f"Nomor {number} tercatat") == [], reason


def test_nik_validity_uses_the_province_table_and_the_newer_provinces():
    codes = province_codes()
    assert {"11", "31", "36", "51", "64", "65", "91", "94", "96"} <= codes
    assert not {"00", "10", "20", "37", "99"} & codes


@pytest.mark.parametrize(
    "text",
    ["NIK: 3171011713450001", "No. KTP 9971011708450001", "nomor induk kependudukan 317101170845000"],
)
def test_a_labelled_number_that_breaks_the_nik_rules_is_still_masked_as_identity_number(text):
    assert kinds(text) == [Kind.IDENTITY_NUMBER]


def test_nik_glued_to_its_label_is_found():
    assert kinds("NIK3171011708450001") == [Kind.NIK]


def test_nik_after_a_spaced_date_is_found_on_its_own():
    finding = only("lahir 17 08 1945 3171011708450001")
    assert finding.value == "3171011708450001"


# --- KK ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "KK 3171012005100003",
        "No. KK: 3171012005100003",
        "no kk saya 3171 0120 0510 0003",
        "Nomor Kartu Keluarga 3171012005100003",
        "nomor kk 3171011708450001",  # looks like a NIK, but the label says KK
    ],
)
def test_kk_number_is_found_after_a_kk_label(text):
    assert kinds(text) == [Kind.KK]


def test_kk_number_without_label_is_masked_as_nik_when_it_fits_the_nik_rules():
    # A KK number has the same region prefix and an issue date: indistinguishable.
    assert kinds("nomor 3171012005100003") == [Kind.NIK]


def test_kk_label_with_an_unknown_region_still_masks_as_identity_number():
    assert kinds("KK 9971012005100003") == [Kind.IDENTITY_NUMBER]


def test_lowercase_kk_as_short_for_kakak_is_not_a_label():
    assert kinds("makasih kk, nomor tiket 9971012005100003") == []


# --- NPWP ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "01.312.166.0-091.000",
        "NPWP 01.312.166.0-091.000",
        "npwp saya 013121660091000",
        "NPWP: 01 312 166 0 091 000",
        "Nomor Pokok Wajib Pajak 01.312.1660-091000",
    ],
)
def test_old_15_digit_npwp_is_found_by_shape_or_label(text):
    assert kinds(text) == [Kind.NPWP]


def test_unpunctuated_15_digits_without_npwp_label_are_left_alone():
    assert kinds("kode billing 013121660091000") == []


@pytest.mark.parametrize("number", ["0013121660091000", "3171011708450001", "9971011713450000"])
def test_16_digit_npwp_after_its_label_is_npwp(number):
    # Since 2024 the NPWP is the NIK, or 0 followed by the old 15 digits.
    assert kinds(f"NPWP {number}") == [Kind.NPWP]


# --- Phone numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "+62 812-3456-7890",
        "+6281234567890",
        "62 812 3456 7890",
        "6281234567890",
        "0812 3456 7890",
        "0812-3456-7890",
        "0812.3456.7890",
        "081234567890",
        "0812-345-6789",
        "08123456789",
        "0811 123 456",
        "0857-1234-56789",
        "(021) 555-1234",
        "(0274) 512345",
        "021-555-1234",
        "021 2934 5678",
        "0274 512345",
        "+62 21 5551234",
        "+62 (21) 555 1234",
    ],
)
def test_phone_number_is_found(phone):
    finding = only(f"hubungi saya di {phone} ya")
    assert finding.kind == Kind.PHONE
    assert finding.value == phone


def test_bare_landline_without_area_code_apart_needs_a_phone_label():
    assert kinds("kode 0215551234") == []
    assert kinds("telp 0215551234") == [Kind.PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "0800 1 835 566",  # toll-free, not a mobile number
        "081234567",  # 9 digits: too short for a mobile number
        "08123456789012",  # 14 digits: too long
        "+1 650 253 0000",  # foreign numbers are out of scope
        "hubungi 1500-123 atau 14045",  # call-centre short numbers
        "0812 34 56 78 90",  # pairs are not how numbers are grouped
    ],
)
def test_not_a_phone_number(text):
    assert kinds(text) == []


# --- Email ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email, masked",
    [
        ("budi.santoso@gmail.com", "b***@***.com"),
        ("siti_rahma+layanan@mail.example.co.id", "s***@***.id"),
        ("08123@contoh.id", "****@***.id"),
    ],
)
def test_email_is_found_and_masked_to_first_letter_and_top_level_domain(email, masked):
    text = f"kirim ke {email}, terima kasih"
    finding = only(text)
    assert (finding.kind, finding.value) == (Kind.EMAIL, email)
    assert mask_personal_data(text).text == f"kirim ke {masked}, terima kasih"


def test_digits_inside_an_email_are_not_found_twice():
    assert kinds("email 081234567890@contoh.id") == [Kind.EMAIL]


# --- Bank accounts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("rekening BCA 1234567890 a.n. Budi", "1234567890"),
        ("no rek 1234567890", "1234567890"),
        ("Norek: 1234 5678 90", "1234 5678 90"),
        ("transfer ke BRI 0123-01-012345-50-1", "0123-01-012345-50-1"),
        ("Bank Mandiri 123-00-1234567-8", "123-00-1234567-8"),
        ("rekening Mandiri 1230001234567 a.n. Siti", "1230001234567"),
        ("BNI 0123456789", "0123456789"),
        ("BSI: 7123456789", "7123456789"),
        ("CIMB Niaga 800123456700", "800123456700"),
        ("Danamon 003512345678", "003512345678"),
        ("Permata 4123456789", "4123456789"),
        ("BTN 0001234567890123", "0001234567890123"),
        ("transfer ke 1234567890 (BCA)", "1234567890"),
        ("Virtual account BCA 8077 0812 3456 7890", "8077 0812 3456 7890"),
        ("rekening: 1234567890 / 0987654321", "1234567890"),
    ],
)
def test_bank_account_near_a_bank_name_is_found(text, value):
    findings = find_personal_data(text)
    assert findings[0].kind == Kind.BANK_ACCOUNT
    assert findings[0].value == value


@pytest.mark.parametrize(
    "text",
    [
        "tiket 1234567890 a.n. Budi",
        "nomor 1230001234567",
        "0123-01-012345-50-1",
        "transfer ke 1234567890 kemarin",
        "secara mandiri 1234567890",  # "mandiri" is also an ordinary word
    ],
)
def test_the_same_digits_without_a_bank_name_are_left_alone(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Bank BRI buka 08.00-15.00",
        "Bank BRI buka 08.00-12.00 13.00-15.00",
        "Bank BCA buka 08:00-15:00",
        "Transfer ke BCA tanggal 20240101",
        "rekening BCA tanggal 2024-01-01",
        "transfer BCA sebesar 15000000",
        "BCA Rp 1.500.000",
        "transfer ke BCA Rp15000000",
    ],
)
def test_times_dates_and_amounts_near_a_bank_name_are_not_accounts(text):
    assert kinds(text) == []


# --- Payment cards -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["4111 1111 1111 1111", "5500-0000-0000-0004", "4111111111111111", "3782 822463 10005"]
)
def test_luhn_valid_card_number_is_masked_as_card(text):
    assert kinds(text) == [Kind.CARD]


@pytest.mark.parametrize("text", ["4111 1111 1111 1112", "9811 1111 1111 1113", "4111 11 1111111111"])
def test_card_like_number_that_fails_luhn_or_layout_is_left_alone(text):
    assert kinds(text) == []


def test_card_label_wins_over_the_nik_rules():
    # 3528… is a JCB range that also looks like an East Java NIK.
    number = "3528011708450006"
    assert is_valid_nik(number)
    assert kinds(f"kartu kredit {number}") == [Kind.CARD]
    assert kinds(f"nomor {number}") == [Kind.NIK]


# --- Things that are not personal data --------------------------------------------------------

NOT_PERSONAL = [
    "Rp 1.000.000.000.000.000",
    "Rp1.500.000",
    "Rp. 1.500.000,00",
    "IDR 2500000000000000",
    "biaya 1.000.000",
    "1,000,000,000,000,000",
    "sebesar 1.500.000 rupiah",
    "USD 4111111111111111",
    "$4111111111111111",
    "anggaran 1500000000000000 juta",
    "denda 2500000000000000 rupiah",
    "PP 76/2020",
    "UU 25/2009",
    "UU Nomor 25 Tahun 2009",
    "Permenpan RB 14/2017",
    "Permenpan RB No. 15 Tahun 2014",
    "Pasal 21",
    "Pasal 21 ayat (1) huruf a",
    "20240101",
    "2024-01-01",
    "17-08-1945",
    "1770 SS",
    "tahun 2024",
    "2020 2021 2022 2023",
    "buka 08.00–15.00",
    "buka 08.00-15.00 WIB",
    "Senin–Jumat 08.00-12.00 13.00-15.00",
    "pukul 08:00 - 15:00",
    "Invoice INV/2024/000123 total Rp 2.345.000",
    "Invoice INV-2024-000123",
    "Keputusan Nomor 188.45/123/2020",
    "ISBN 978-602-1234-56-7",
    "NIP 19850101 201001 1 001",
    "hubungi 14045 atau 1500-123",
    "SLA 3 hari kerja, 14 hari kalender",
    "versi 1.2.3",
    "IP 192.168.100.200",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_amounts_dates_and_regulation_numbers_are_left_untouched(text):
    result = mask_personal_data(text)
    assert result.findings == []
    assert result.text == text


def test_a_year_in_a_regulation_number_does_not_join_the_phone_number_after_it():
    # Found by the property tests: "2020 0822 0103 0509" passes Luhn.
    assert [(f.kind, f.value) for f in find_personal_data("PP 76/2020 0822 0103 0509")] == [
        (Kind.PHONE, "0822 0103 0509")
    ]


def test_numbers_separated_by_a_slash_are_still_found_when_long():
    assert kinds("NIK 3171011708450001/3171015708450001") == [Kind.NIK, Kind.NIK]
    assert kinds("tanggal 17/08/1945") == []


# --- Masking ----------------------------------------------------------------------------------


def test_masking_keeps_only_the_last_four_digits_and_the_layout():
    assert mask_digits("3171011708450001") == "************0001"
    assert mask_digits("+62 812-3456-7890") == "+** ***-****-7890"
    assert mask_digits("31.71.01.170845.0001") == "**.**.**.******.0001"


def test_mask_email_hides_a_leading_digit():
    assert mask_email("1budi@contoh.id") == "****@***.id"


def test_mask_personal_data_masks_everything_in_a_realistic_post():
    text = (
        "Saya mau urus KTP hilang. NIK 3171011708450001, KK 3171012005100003, "
        "HP/WA 0812-3456-7890, email budi.santoso@gmail.com. Biaya Rp 0 sesuai PP 76/2020? "
        "Sudah transfer Rp1.500.000 ke rekening BRI 0123-01-012345-50-1 tanggal 20240101, "
        "kantor buka 08.00–15.00."
    )
    result = mask_personal_data(text)
    assert [f.kind for f in result.findings] == [
        Kind.NIK, Kind.KK, Kind.PHONE, Kind.EMAIL, Kind.BANK_ACCOUNT,
    ]
    assert result.text == (
        "Saya mau urus KTP hilang. NIK ************0001, KK ************0003, "
        "HP/WA ****-****-7890, email b***@***.com. Biaya Rp 0 sesuai PP 76/2020? "
        "Sudah transfer Rp1.500.000 ke rekening BRI ****-**-*****5-50-1 tanggal 20240101, "
        "kantor buka 08.00–15.00."
    )
    assert result.counts() == {"nik": 1, "kk": 1, "telepon": 1, "email": 1, "rekening": 1}


def test_findings_point_into_the_original_text():
    text = "NIK 3171011708450001 dan HP +62 812-3456-7890"
    for finding in find_personal_data(text):
        assert text[finding.start:finding.end] == finding.value
    assert find_personal_data(text)[1] == Finding("telepon", 28, 45, "+62 812-3456-7890")


def test_text_without_personal_data_is_returned_unchanged():
    text = "Bagaimana cara mengurus akta kelahiran? Biayanya Rp 0 menurut UU 24/2013."
    result = mask_personal_data(text)
    assert result.text is text
    assert not result.changed


def test_kinds_can_be_limited_without_detecting_parts_as_something_else():
    text = "email budi@contoh.id, NIK 3171011708450001"
    assert [f.kind for f in find_personal_data(text, kinds=["nik"])] == ["nik"]
    assert mask_personal_data(text, kinds=["email"]).text == "email b***@***.id, NIK 3171011708450001"


def test_masked_text_has_no_personal_data_left():
    text = "NIK 3171011708450001, HP 081234567890, rek BCA 1234567890, budi@contoh.id"
    masked = mask_personal_data(text).text
    assert find_personal_data(masked) == []
    assert all(len(run) <= 4 for run in re.findall(r"[0-9]+", masked))
