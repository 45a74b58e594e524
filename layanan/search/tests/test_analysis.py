"""The Indonesian analysis pipeline: pure functions, no database."""

import pytest

from layanan.search import analysis
from layanan.search.analysis import analyze, analyze_query, compile_dictionary, normalize, stem, tokenize

DICTIONARY = compile_dictionary([
    ("abbreviation", "KTP", ["kartu tanda penduduk", "e-KTP", "KTP-el"]),
    ("abbreviation", "SIM", ["surat izin mengemudi"]),
    ("synonym", "akta kelahiran", ["akta lahir"]),
    ("colloquial", "bagaimana", ["gimana"]),
    ("colloquial", "buat", ["bikin"]),
    ("colloquial", "kalau", ["kalo"]),
    ("colloquial", "hilang", ["ilang"]),
    ("colloquial", "berapa", ["brp"]),
    ("colloquial", "tidak", ["gak", "ga", "nggak"]),
])


def test_normalize_folds_case_accents_width_and_dashes():
    assert normalize("  KTP–el  Café\u00a0ＫＫ ") == "ktp-el cafe kk"


@pytest.mark.parametrize("text, expected", [
    ("SPT 1770 SS", ["spt1770ss", "spt", "1770ss", "1770", "ss"]),
    ("PP 76/2020", ["pp", "76/2020"]),
    ("e-KTP", ["ektp", "ktp"]),
    ("e KTP", ["ektp", "ktp"]),
    ("KTP-el", ["ktpel", "ktp", "el"]),
    ("PPh 21", ["pph21", "pph", "21"]),
    ("SIM C", ["simc", "sim"]),
    ("SIM B2 umum", ["simb2", "sim", "b2", "umum"]),
    ("formulir 1721-A1", ["formulir", "1721a1", "1721", "a1"]),
    ("Rp 50.000", ["rp", "50.000"]),
    ("buku-buku", ["buku"]),
    ("bolak-balik", ["bolak", "balik"]),
])
def test_tokenize_keeps_codes_whole_and_adds_their_parts(text, expected):
    assert tokenize(text) == expected


def test_stopwords_drop_function_words_but_keep_words_that_tell_services_apart():
    for word in ["baru", "hilang", "lama", "cara", "biaya", "berapa", "kapan", "buat", "bikin",
                 "perpanjang", "rusak", "ganti", "pindah", "online", "daftar", "syarat"]:
        assert not analysis.is_stopword(word), word
    for word in ["yang", "dan", "di", "adalah", "itu", "apa"]:
        assert analysis.is_stopword(word), word
    assert analyze("KTP baru yang hilang") == ["ktp", "baru", "hilang"]


def test_sastrawi_is_the_stemmer_and_reduces_affixed_words_to_their_root():
    assert analysis.active_stemmer() == "sastrawi"
    assert stem("kependudukan") == "duduk"
    assert stem("penduduk") == "duduk"
    assert stem("perpanjangan") == "panjang"
    assert stem("pembuatan") == "buat"


def test_stem_overrides_fix_known_stemmer_mistakes():
    assert stem("perpajakan") == "pajak"
    assert stem("menikah") == "nikah"


def test_codes_and_short_words_are_never_stemmed():
    assert stem("1770ss") == "1770ss"
    assert stem("ktp") == "ktp"
    assert analyze("PPh 21 dan SPT 1770 S") == ["pph21", "pph", "21", "spt1770s", "spt", "1770s", "1770"]


def test_colloquial_forms_are_normalised_at_query_time():
    groups = analyze_query("gimana cara bikin ktp kalo ilang", DICTIONARY)
    surfaces = [g.surface for g in groups]
    # gimana → bagaimana and kalo → kalau are stopwords once normalised
    assert surfaces == ["cara", "buat", "ktp", "hilang"]
    assert ("buat",) in groups[1].alternatives
    assert ("hilang",) in groups[3].alternatives


def test_abbreviations_and_synonyms_expand_both_ways():
    ktp = analyze_query("ktp", DICTIONARY)[0]
    assert ("kartu", "tanda", "duduk") in ktp.alternatives
    assert ("ektp",) in ktp.alternatives
    long_form = analyze_query("kartu tanda penduduk", DICTIONARY)
    assert len(long_form) == 1 and ("ktp",) in long_form[0].alternatives
    akta = analyze_query("akta lahir", DICTIONARY)[0]
    assert ("akta", "lahir") in akta.alternatives


def test_query_without_dictionary_analyses_like_a_document():
    text = "Persyaratan perpanjangan SIM C di Kepolisian"
    flat = [term for g in analyze_query(text) for alt in g.alternatives for term in alt]
    assert set(flat) == set(analyze(text))


def test_plain_words_are_correctable_but_codes_and_dictionary_terms_are_not():
    groups = {g.surface: g for g in analyze_query("paspr sim 1770 ss", DICTIONARY)}
    assert groups["paspr"].correctable
    assert not groups["sim"].correctable
    assert not groups["1770ss"].correctable


def test_words_the_dictionary_wrote_for_colloquial_forms_are_not_correctable():
    groups = {g.surface: g for g in analyze_query("brp biaya paspr", DICTIONARY)}
    assert groups["berapa"].alternatives == (("berapa",),)
    assert not groups["berapa"].correctable  # the user typed "brp", not a misspelling
    assert groups["paspr"].correctable and groups["biaya"].correctable
    # typed out in full, the same word is the user's own and may be a typo
    assert {g.surface: g for g in analyze_query("berapa biaya", DICTIONARY)}["berapa"].correctable


def test_analyze_with_synonyms_returns_every_alternative():
    terms = analyze("brp biaya ktp", synonyms=DICTIONARY)
    assert "berapa" in terms and "biaya" in terms
    assert {"ktp", "kartu", "tanda", "duduk", "ektp"} <= set(terms)
