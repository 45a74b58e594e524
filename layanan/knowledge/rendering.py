"""Article text: Markdown in, sanitised HTML out.

Markdown is rendered first and the result is cleaned with nh3 against an
allow-list, so raw HTML typed into an answer (or arriving in an imported FAQ)
can never add scripts, event handlers, styles or `javascript:` links. The
rendered HTML is stored on the article when it is saved; pages never render
Markdown on read.
"""

import html
import threading

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr",
    "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "blockquote", "abbr",
    # The page's <h1> is the question, so answers start at <h2>.
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "a",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
LINK_REL = "noopener noreferrer nofollow"

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]

# Building a Markdown converter costs more than converting a typical answer,
# so each thread keeps one and resets it between documents (converters are
# not thread-safe).
_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown.Markdown(
            extensions=MARKDOWN_EXTENSIONS, output_format="html"
        )
    return converter.reset()


def sanitize_html(fragment: str) -> str:
    """Keep only allow-listed tags, attributes and link schemes."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def render_markdown(text: str) -> str:
    """Markdown source → safe HTML fragment."""
    if not text:
        return ""
    return sanitize_html(_converter().convert(text))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (for search documents and summaries)."""
    # Block ends become spaces so "…akhir.</p><p>Awal…" does not glue words.
    spaced = fragment.replace("</p>", "</p> ").replace("</li>", "</li> ").replace("<br>", " ")
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return " ".join(text.split())
