"""schema.org QAPage markup for a question page.

The agency's official answer is the `acceptedAnswer`, its author the
GovernmentOrganization; without one, the answer the asker accepted is. Every
other visible answer is a `suggestedAnswer`. Only masked text is used.
"""

from layanan.knowledge.rendering import html_to_text


def _person(user, request) -> dict:
    if user is None:
        return {"@type": "Person", "name": "—"}
    return {
        "@type": "Person",
        "name": str(user.public_name),
        "url": request.build_absolute_uri(user.get_absolute_url()),
    }


def _answer(answer, request) -> dict:
    if answer.official_agency_id:
        author = {
            "@type": "GovernmentOrganization",
            "name": answer.official_agency.name,
            "url": request.build_absolute_uri(answer.official_agency.get_absolute_url()),
        }
    else:
        author = _person(answer.author, request)
    return {
        "@type": "Answer",
        "text": html_to_text(answer.body_html),
        "url": request.build_absolute_uri(answer.get_absolute_url()),
        "upvoteCount": answer.score,
        "datePublished": answer.created_at.isoformat(),
        "author": author,
    }


def question_json_ld(question, answers, request) -> dict | None:
    """The QAPage for `question` and its publicly visible `answers`; None without any answer
    (a QAPage needs at least one)."""
    if not answers:
        return None
    official = next((a for a in answers if a.official_agency_id), None)
    accepted = official or next((a for a in answers if a.pk == question.accepted_answer_id), None)
    entity = {
        "@type": "Question",
        "name": question.title,
        "text": html_to_text(question.body_html) or question.title,
        "answerCount": len(answers),
        "upvoteCount": question.score,
        "datePublished": question.created_at.isoformat(),
        "author": _person(question.author, request),
    }
    if accepted is not None:
        entity["acceptedAnswer"] = _answer(accepted, request)
    suggested = [_answer(a, request) for a in answers if a is not accepted]
    if suggested:
        entity["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}
