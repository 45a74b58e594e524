"""Property tests: whatever the text, masking keeps at most 4 digits of a number it found."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from layanan.privacy.detection import (
    Kind,
    find_personal_data,
    is_valid_nik,
    mask_personal_data,
    province_codes,
)

DIGIT = re.compile(r"[0-9]")

# Text that is mostly digits, separators and label words, where mistakes hide.
pieces = st.sampled_from(
    [" ", "  ", ".", "-", "+", "(", ")", "/", ",", ":", "\n", "@", "Rp", "NIK ", "KK ", "NPWP ", "HP ",
     "BCA ", "rek ", "kartu kredit ", "a", "b.c", "id", "08", "62", "0", "00", "000", "1", "3171", "0812"]
    + list("0123456789")
)
tricky_text = st.lists(pieces, max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=200), tricky_text)


def _check_masking(text):
    result = mask_personal_data(text)
    findings = result.findings
    # Findings are ordered, do not overlap and point into the original text.
    for first, second in zip(findings, findings[1:]):
        assert first.end <= second.start
    for finding in findings:
        assert text[finding.start:finding.end] == finding.value
    if not findings:
        assert result.text == text
        return result
    # Rebuild the masked text piece by piece and look at each masked piece.
    position, masked_position = 0, 0
    for finding in findings:
        masked_position += finding.start - position
        if finding.kind == Kind.EMAIL:
            piece_end = result.text.index("@***.", masked_position)
            piece_end += len("@***.") + len(finding.value.rsplit(".", 1)[-1])
        else:
            piece_end = masked_position + len(finding.value)
        piece = result.text[masked_position:piece_end]
        assert len(DIGIT.findall(piece)) <= 4, (finding, piece)
        if finding.kind != Kind.EMAIL:
            assert DIGIT.findall(piece) == DIGIT.findall(finding.value)[-4:]
        masked_position, position = piece_end, finding.end
    assert result.text[masked_position:] == text[position:]
    return result


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_masking_never_leaves_more_than_four_digits_of_a_finding(text):
    _check_masking(text)


@st.composite
def niks(draw):
    province = draw(st.sampled_from(sorted(province_codes())))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    day = draw(st.integers(1, 31)) + draw(st.sampled_from([0, 40]))
    month = draw(st.integers(1, 12))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(1, 9999))
    digits = f"{province}{regency:02d}{district:02d}{day:02d}{month:02d}{year:02d}{serial:04d}"
    layout = draw(st.sampled_from(["", "4444", "226", "66", "2226"]))
    separator = draw(st.sampled_from([" ", ".", "-"]))
    if layout == "4444":
        return separator.join(digits[i:i + 4] for i in range(0, 16, 4))
    if layout == "226":
        return separator.join([digits[:2], digits[2:4], digits[4:6], digits[6:12], digits[12:]])
    if layout == "66":
        return separator.join([digits[:6], digits[6:12], digits[12:]])
    if layout == "2226":
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:12]}.{digits[12:]}"
    return digits


filler = st.sampled_from(
    ["Saya mau tanya", "nomor saya", "terima kasih.", "mohon bantuannya", "Biaya Rp 1.500.000", "PP 76/2020",
     "buka 08.00–15.00", "tanggal 20240101", "ya", ""]
)


@settings(max_examples=300, deadline=None)
@given(filler, niks(), filler)
def test_every_generated_nik_is_found_and_masked_to_its_last_four_digits(before, nik, after):
    assert is_valid_nik(nik)
    text = f"{before} {nik} {after}"
    result = _check_masking(text)
    assert [(f.kind, f.value) for f in result.findings] == [(Kind.NIK, nik)]
    assert nik[-4:] in result.text and nik not in result.text


@st.composite
def mobile_numbers(draw):
    operator = draw(st.sampled_from(["811", "812", "813", "821", "822", "852", "857", "877", "878", "896"]))
    rest = draw(st.text("0123456789", min_size=6, max_size=9))
    prefix = draw(st.sampled_from(["0", "+62", "+62 ", "62"]))
    number = operator + rest
    separator = draw(st.sampled_from(["", " ", "-"]))
    if separator:
        number = separator.join([number[:3], number[3:7], number[7:]]).rstrip(separator)
        if len(number.split(separator)[-1]) < 3:
            number = number.replace(separator, "")
    return prefix + number


@settings(max_examples=300, deadline=None)
@given(filler, mobile_numbers(), filler)
def test_every_generated_mobile_number_is_found(before, phone, after):
    text = f"{before} {phone} {after}"
    result = _check_masking(text)
    assert [(f.kind, f.value) for f in result.findings] == [(Kind.PHONE, phone)]


amounts = st.builds(
    lambda currency, value, cents: f"{currency}{value:,}".replace(",", ".") + cents,
    st.sampled_from(["Rp ", "Rp", "Rp. ", "IDR ", ""]),
    st.integers(1000, 10**18),
    st.sampled_from(["", ",00", ",50"]),
)


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["", "transfer ke BCA ", "rekening ", "NIK ", "HP "]))
def test_amounts_are_never_masked(amount, before):
    text = f"{before}{amount}"
    assert find_personal_data(text) == []
