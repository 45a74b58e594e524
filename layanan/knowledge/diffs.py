"""What changed between two versions of an article, for reviewers and the public history.

The answer is Markdown, so the diff follows its structure: the title is one
section, the answer is split at its headings ("## Syarat") into sections
named after them, and each section is diffed line by line with the same
line diff as service revisions (catalog.services.revisions.diff_lines).
Answers are often one long paragraph per line, so a changed line is shown
once with the changed words marked (`WordChange`) rather than as a whole
paragraph removed and added again.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from layanan.catalog.services.revisions import DiffLine, SectionDiff, diff_lines

HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# Below this similarity a changed line is shown as removed and added, not word by word.
WORD_DIFF_MIN_RATIO = 0.4


@dataclass
class WordChange(DiffLine):
    """A line changed in place: `segments` are (op, text) with op equal, insert or delete."""

    segments: list[tuple[str, str]] = field(default_factory=list)


def _body_sections(markdown: str) -> list[tuple[str, list[str]]]:
    """The answer as (label, non-blank lines) per heading; text before the first heading is "Answer"."""
    sections = [(_("Answer"), [])]
    for raw in (markdown or "").splitlines():
        line = raw.rstrip()
        match = HEADING.match(line)
        if match:
            sections.append((match["text"], [line]))
        elif line.strip():
            sections[-1][1].append(line)
    return [(label, lines) for label, lines in sections if lines or label == _("Answer")]


def _sections(content: tuple[str, str] | None) -> list[tuple[tuple[str, int], str, list[str]]]:
    """(key, label, lines); the key tells apart two sections with the same heading."""
    if content is None:
        return []
    title, body = content
    seen: dict[str, int] = {}
    result = []
    for label, lines in [(_("Title"), [title])] + _body_sections(body):
        seen[label] = seen.get(label, 0) + 1
        result.append(((label, seen[label]), label, lines))
    return result


def _word_segments(old: str, new: str) -> list[tuple[str, str]] | None:
    old_tokens, new_tokens = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    if matcher.ratio() < WORD_DIFF_MIN_RATIO:
        return None
    segments = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(("equal", "".join(new_tokens[j1:j2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new_tokens[j1:j2])))
    return segments


def _pair_changes(lines: list[DiffLine]) -> list[DiffLine]:
    """Turn runs of removed lines followed by as many added lines into word-level changes."""
    result, i = [], 0
    while i < len(lines):
        if lines[i].op != "delete":
            result.append(lines[i])
            i += 1
            continue
        deletes = []
        while i < len(lines) and lines[i].op == "delete":
            deletes.append(lines[i])
            i += 1
        inserts = []
        while i < len(lines) and lines[i].op == "insert":
            inserts.append(lines[i])
            i += 1
        if len(deletes) == len(inserts):
            pairs = [(new_line, _word_segments(old_line.text, new_line.text))
                     for old_line, new_line in zip(deletes, inserts)]
            if all(segments is not None for _line, segments in pairs):
                result += [WordChange("change", new_line.text, segments) for new_line, segments in pairs]
                continue
        result += deletes + inserts
    return result


def diff_content(old: tuple[str, str] | None, new: tuple[str, str]) -> list[SectionDiff]:
    """Section diff from `old` (title, Markdown) to `new`; None means everything is new.

    Sections keep the new version's order; sections that only the old version
    had come last, all removed.
    """
    old_sections = {key: lines for key, _label, lines in _sections(old)}
    result = []
    new_keys = set()
    for key, label, lines in _sections(new):
        new_keys.add(key)
        result.append(SectionDiff(label, _pair_changes(diff_lines(old_sections.get(key, []), lines))))
    for key, label, lines in _sections(old):
        if key not in new_keys:
            result.append(SectionDiff(label, [DiffLine("delete", line) for line in lines]))
    return result


def changed_sections(old: tuple[str, str] | None, new: tuple[str, str]) -> list[SectionDiff]:
    return [section for section in diff_content(old, new) if section.changed]
