"""Diffs between article versions: sections follow the Markdown headings, changed lines show changed words."""

import pytest
from django.utils import translation

from layanan.knowledge.diffs import WordChange, changed_sections, diff_content


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ops(section):
    return [(line.op, line.text) for line in section.lines]


def test_a_reworded_line_is_one_change_with_the_words_marked():
    [title] = changed_sections(("Cara buat KTP?", "Isi."), ("Cara membuat KTP?", "Isi."))
    assert title.label == "Title"
    [line] = title.lines
    assert isinstance(line, WordChange) and line.op == "change"
    assert line.segments == [("equal", "Cara "), ("delete", "buat"), ("insert", "membuat"), ("equal", " KTP?")]


def test_a_rewritten_line_is_shown_removed_and_added():
    [answer] = changed_sections(("T", "Datang ke kantor."), ("T", "Unduh aplikasi lalu daftar daring."))
    assert ops(answer) == [("delete", "Datang ke kantor."), ("insert", "Unduh aplikasi lalu daftar daring.")]


def test_sections_follow_the_headings_and_removed_sections_come_last():
    old = ("T", "Pembuka.\n\n## Syarat\n- KK\n\n## Biaya\nGratis")
    new = ("T", "Pembuka.\n\n## Syarat\n- KK\n- Akta lahir\n\n## Waktu\nSatu hari")
    sections = diff_content(old, new)
    assert [s.label for s in sections] == ["Title", "Answer", "Syarat", "Waktu", "Biaya"]
    by_label = {s.label: s for s in sections}
    assert not by_label["Title"].changed and not by_label["Answer"].changed
    assert ops(by_label["Syarat"]) == [("equal", "## Syarat"), ("equal", "- KK"), ("insert", "- Akta lahir")]
    assert ops(by_label["Waktu"]) == [("insert", "## Waktu"), ("insert", "Satu hari")]
    assert ops(by_label["Biaya"]) == [("delete", "## Biaya"), ("delete", "Gratis")]
    assert [s.label for s in changed_sections(old, new)] == ["Syarat", "Waktu", "Biaya"]


def test_two_sections_with_the_same_heading_are_compared_in_order():
    old = ("T", "## Catatan\nsatu\n\n## Catatan\ndua")
    new = ("T", "## Catatan\nsatu\n\n## Catatan\ndua lagi")
    [changed] = changed_sections(old, new)
    assert changed.label == "Catatan" and changed.lines[-1].text == "dua lagi"


def test_a_first_version_is_all_new_and_blank_lines_do_not_count():
    sections = changed_sections(None, ("Judul?", "Baris satu.\n\n\nBaris dua."))
    assert [ops(s) for s in sections] == [[("insert", "Judul?")], [("insert", "Baris satu."), ("insert", "Baris dua.")]]
    assert changed_sections(("T", "A\n\nB"), ("T", "A\nB\n")) == []
