"""Answers are Markdown rendered to HTML that cannot carry scripts."""

import pytest

from layanan.knowledge.rendering import html_to_text, render_markdown

from .factories import ArticleFactory


def test_markdown_becomes_html():
    html = render_markdown("Syarat:\n\n- KTP\n- **KK** asli\n\n## Biaya\n\nGratis.")
    assert "<li>KTP</li>" in html
    assert "<strong>KK</strong>" in html
    assert "<h2>Biaya</h2>" in html


def test_script_tags_and_their_content_are_removed():
    html = render_markdown("Halo <script>alert('x')</script> warga")
    assert "<script" not in html
    assert "alert" not in html
    assert "Halo" in html and "warga" in html


def test_event_handlers_and_styles_are_stripped_but_links_kept():
    html = render_markdown(
        'Lihat <a href="https://imigrasi.go.id/faq" onclick="steal()" style="color:red">laman resmi</a> '
        "atau [Dukcapil](https://dukcapil.kemendagri.go.id)."
    )
    assert "onclick" not in html and "steal" not in html and "style=" not in html
    assert 'href="https://imigrasi.go.id/faq"' in html
    assert 'href="https://dukcapil.kemendagri.go.id"' in html
    assert "laman resmi" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_javascript_links_lose_their_target():
    html = render_markdown("[klik](javascript:alert(1)) dan <a href='javascript:alert(2)'>ini</a>")
    assert "javascript:" not in html
    assert "klik" in html and "ini" in html


def test_iframes_images_and_forms_are_not_allowed():
    html = render_markdown('<iframe src="https://x.example"></iframe><img src=x onerror=alert(1)><form><input></form>')
    for tag in ("<iframe", "<img", "<form", "<input", "onerror"):
        assert tag not in html


def test_mailto_and_tel_links_are_kept():
    html = render_markdown("[surel](mailto:humas@imigrasi.go.id) atau [telepon](tel:+62215250)")
    assert 'href="mailto:humas@imigrasi.go.id"' in html
    assert 'href="tel:+62215250"' in html


def test_plain_text_keeps_words_apart_and_unescapes():
    assert html_to_text("<p>Satu &amp; dua.</p><p>Tiga</p><ul><li>a</li><li>b</li></ul>") == "Satu & dua. Tiga a b"


@pytest.mark.django_db
def test_saving_an_article_stores_sanitised_html():
    article = ArticleFactory(body_markdown='Bawa KTP. <a href="/x" onmouseover="x()">detail</a><script>x()</script>')
    article.refresh_from_db()
    assert "<script" not in article.body_html
    assert "onmouseover" not in article.body_html
    assert 'href="/x"' in article.body_html
    assert article.plain_text() == "Bawa KTP. detail"


@pytest.mark.django_db
def test_updating_only_the_answer_re_renders_it():
    article = ArticleFactory(body_markdown="lama")
    article.body_markdown = "**baru**"
    article.save(update_fields=["body_markdown"])
    article.refresh_from_db()
    assert article.body_html == "<p><strong>baru</strong></p>"
