"""Every permission decision in one place: one function per decision.

Views, the admin, the API and management commands ask these functions; none
of them re-implements a rule. Each takes the user and the object the action is
about, so the check is always object-level (which agency owns this?).
"""

from .models import Role

EDITOR_ROLES = {Role.KNOWLEDGE_MANAGER, Role.AGENCY_ADMIN}
STAFF_ROLES = {Role.OFFICER, Role.KNOWLEDGE_MANAGER, Role.AGENCY_ADMIN}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_agency_staff(user) -> bool:
    """Works for at least one agency (or runs the site)."""
    return _active(user) and (user.is_superuser or bool(user.agency_ids()))


def editable_agency_ids(user) -> set[int] | None:
    """Agencies whose catalog entries the user may edit; None means all of them."""
    if not _active(user):
        return set()
    if user.is_superuser:
        return None
    return user.agency_ids(EDITOR_ROLES)


def can_edit_agency_content(user, agency_id) -> bool:
    allowed = editable_agency_ids(user)
    return allowed is None or agency_id in allowed


def can_edit_service(user, service) -> bool:
    return _active(user) and can_edit_agency_content(user, service.agency_id)


def can_create_service(user, agency) -> bool:
    return _active(user) and can_edit_agency_content(user, agency.pk)


def can_verify_service(user, service) -> bool:
    return can_edit_service(user, service)


def can_edit_agency(user, agency) -> bool:
    """Agency profile (contacts, review interval): agency admins and site admins."""
    if not _active(user):
        return False
    return user.is_superuser or agency.pk in user.agency_ids({Role.AGENCY_ADMIN})


def can_see_unverified_notes(user, service) -> bool:
    """Staff notes on unverified facts are for the owning agency and site admins."""
    return _active(user) and (
        user.is_superuser or service.agency_id in user.agency_ids(STAFF_ROLES)
    )


def can_edit_article(user, article) -> bool:
    """Knowledge articles follow the service rule: editors of the owning agency."""
    return _active(user) and can_edit_agency_content(user, article.agency_id)


def can_create_article(user, agency) -> bool:
    return _active(user) and can_edit_agency_content(user, agency.pk)


def can_publish_article(user, article) -> bool:
    """Approve a revision for publication (now or scheduled) and archive an
    article: editors of the owning agency, and site admins. Approving also
    needs can_review_article: nobody publishes their own writing."""
    return can_edit_article(user, article)


def can_review_article(user, article, revision=None) -> bool:
    """Approve or reject a revision: someone who may publish the article and
    did not write the revision under review (four eyes). Site admins too are
    refused their own revisions.

    `revision` defaults to the article's revision in review (duck typing:
    `article.revision_in_review`); a revision's writers are its
    `.written_by(user)`.
    """
    if not can_publish_article(user, article):
        return False
    if revision is None:
        revision = getattr(article, "revision_in_review", None)
    return revision is None or not revision.written_by(user)


def can_manage_knowledge(user) -> bool:
    """Reach the knowledge workflow pages: editors of at least one agency."""
    return editable_agency_ids(user) != set()


# --- Community (questions and answers) ----------------------------------------
#
# These take the community app's objects by duck typing, so accounts never
# imports community. What they read:
#   post      .author_id; optional .is_locked (default False);
#             optional .is_official and .agency_id (an answer given for an agency)
#   question  .author_id, .agency_id (may be None); optional .is_locked, .is_hidden
#   user      optional .reputation (default 0), set by the community app
#
# Reputation privileges (the numbers are points, earned from votes and accepted
# answers). Moderators and site admins hold every privilege whatever their
# points; agency staff may always flag, so they can report personal data.
REPUTATION_TO_FLAG = 15
REPUTATION_TO_VOTE_DOWN = 50
REPUTATION_TO_EDIT_OTHERS = 1000


def _reputation(user) -> int:
    return getattr(user, "reputation", 0) or 0


def _is_own(user, obj) -> bool:
    return obj.author_id is not None and obj.author_id == user.pk


def can_moderate(user) -> bool:
    """Hide, restore, lock and merge posts; handle flags."""
    return _active(user) and (user.is_moderator or user.is_superuser)


def can_post_question(user) -> bool:
    return _active(user)


def can_answer(user, question) -> bool:
    if not _active(user):
        return False
    if getattr(question, "is_hidden", False) or getattr(question, "is_locked", False):
        return can_moderate(user)
    return True


def can_comment(user, post) -> bool:
    """Comment on a question or an answer: any active user, but on a hidden post,
    or on a locked question and its answers, only moderators. For an answer,
    reads post.question (its .is_hidden and .is_locked)."""
    if not _active(user):
        return False
    question = getattr(post, "question", None) or post
    closed = (getattr(post, "is_hidden", False) or getattr(question, "is_hidden", False)
              or getattr(question, "is_locked", False))
    return can_moderate(user) if closed else True


def can_answer_officially(user, agency_id) -> bool:
    """Answer with the agency's badge: only people who work for that agency, in any role.

    A site admin is not the agency's voice, so needs a membership like anyone else.
    """
    return _active(user) and agency_id is not None and agency_id in user.agency_ids(STAFF_ROLES)


def can_vote(user, post, value: int = 1) -> bool:
    """Vote on someone else's post; voting down is a reputation privilege."""
    if not _active(user) or _is_own(user, post):
        return False
    if value < 0:
        return can_moderate(user) or _reputation(user) >= REPUTATION_TO_VOTE_DOWN
    return True


def can_accept_answer(user, question) -> bool:
    """Only the asker marks the answer that solved their question."""
    return _active(user) and _is_own(user, question)


def can_flag(user) -> bool:
    return _active(user) and (
        can_moderate(user) or is_agency_staff(user) or _reputation(user) >= REPUTATION_TO_FLAG
    )


def can_edit_post(user, post) -> bool:
    """The author, a moderator, or a user with enough reputation.

    An official answer speaks for its agency: besides its author and moderators,
    only that agency's knowledge managers and admins may edit it, never other
    users by reputation. A locked post is editable by moderators only.
    """
    if not _active(user):
        return False
    if can_moderate(user):
        return True
    if getattr(post, "is_locked", False):
        return False
    if _is_own(user, post):
        return True
    if getattr(post, "is_official", False):
        agency_id = getattr(post, "agency_id", None)
        return agency_id is not None and agency_id in user.agency_ids(EDITOR_ROLES)
    return _reputation(user) >= REPUTATION_TO_EDIT_OTHERS


def can_see_private_text(user, post) -> bool:
    """The original, unmasked text of a post: its author, and staff (any role) of
    the agency the question is routed to. Moderators and site admins see only
    the masked text, like the public: they do not need the personal data.

    Reads post.author_id and the question's agency: post.question.agency_id for
    an answer, post.agency_id for a question.
    """
    if not _active(user):
        return False
    if _is_own(user, post):
        return True
    question = getattr(post, "question", None)
    agency_id = question.agency_id if question is not None else getattr(post, "agency_id", None)
    return agency_id is not None and agency_id in user.agency_ids(STAFF_ROLES)


def can_follow_question(user, question) -> bool:
    """Follow a question to be told about new answers."""
    return _active(user) and (not getattr(question, "is_hidden", False) or can_moderate(user))


def responsible_agency_ids(question) -> list[int]:
    """The agencies responsible for a question, most specific first: the agency
    it is routed to, then the agencies of the services it is about. Reads
    question.agency_id and question.services.all()."""
    ids = [question.agency_id] if question.agency_id else []
    for service in question.services.all():
        if service.agency_id not in ids:
            ids.append(service.agency_id)
    return ids


def promotion_agency_id(user, question):
    """The agency an answer to `question` would become official knowledge of
    when `user` promotes it: the first responsible agency the user edits for
    (any responsible agency for a site admin), or None."""
    if not _active(user) or getattr(question, "is_hidden", False):
        return None
    for agency_id in responsible_agency_ids(question):
        if can_edit_agency_content(user, agency_id):
            return agency_id
    return None


def can_promote_question(user, question) -> bool:
    """Turn a question with its answers into a draft knowledge article: knowledge
    managers and agency administrators of a responsible agency, and site admins."""
    return promotion_agency_id(user, question) is not None


def can_promote_answer(user, answer) -> bool:
    """Turn one visible answer into a draft knowledge article (see can_promote_question)."""
    return not getattr(answer, "is_hidden", False) and can_promote_question(user, answer.question)


def can_view_agency_queue(user, agency_id) -> bool:
    """The agency's queue of unanswered questions: its staff, and site admins."""
    return _active(user) and (user.is_superuser or agency_id in user.agency_ids(STAFF_ROLES))


def can_manage_memberships(user, agency_id) -> bool:
    """Give, change and remove roles at an agency: its admins, and site admins."""
    return _active(user) and (
        user.is_superuser or agency_id in user.agency_ids({Role.AGENCY_ADMIN})
    )


def manageable_membership_agency_ids(user) -> set[int] | None:
    """Agencies whose memberships the user may manage; None means all of them."""
    if not _active(user):
        return set()
    if user.is_superuser:
        return None
    return user.agency_ids({Role.AGENCY_ADMIN})


def role_names(user) -> list[str]:
    """Stable names of the roles a user holds, for the API and the profile:
    "citizen" for an active user without any other role."""
    if not _active(user):
        return []
    names = []
    if user.is_superuser:
        names.append("site_admin")
    if user.is_moderator:
        names.append("moderator")
    if user.agency_ids():
        names.append("agency_staff")
    return names or ["citizen"]


def can_edit_search_dictionary(user) -> bool:
    """The search dictionary (abbreviations, synonyms, colloquial forms) is
    site-wide: knowledge managers of any agency, and site admins."""
    return _active(user) and (
        user.is_superuser or bool(user.agency_ids({Role.KNOWLEDGE_MANAGER}))
    )


def can_view_search_log(user) -> bool:
    """The search log (queries without personal data, clicked results,
    zero-result queries) is site-wide: knowledge managers of any agency, and
    site admins."""
    return can_edit_search_dictionary(user)


# --- Freshness (feedback, inaccuracy reports, suggested edits) -----------------
#
# Duck-typed like the community rules, so accounts never imports freshness:
#   ticket  .agency_id (the agency owning the page it is about) and .author_id
#           (the reporter or proposer; None for an anonymous report)

def can_view_freshness_dashboard(user, agency_id) -> bool:
    """An agency's freshness dashboard (what is due, reports, suggestions): its
    staff in any role, and site admins."""
    return _active(user) and (user.is_superuser or agency_id in user.agency_ids(STAFF_ROLES))


def can_handle_freshness_tickets(user, agency_id) -> bool:
    """Resolve or dismiss inaccuracy reports and accept or decline suggested edits:
    the people who may change the agency's content (its knowledge managers and
    admins), and site admins. Officers see the tickets but do not decide them."""
    return _active(user) and can_edit_agency_content(user, agency_id)


def can_suggest_edit(user) -> bool:
    """Any signed-in citizen may propose a correction to a service or an article."""
    return _active(user)


def can_see_freshness_ticket(user, ticket) -> bool:
    """A report or suggestion, with its unmasked text: its author, staff (any
    role) of the agency owning the page, and site admins."""
    if not _active(user):
        return False
    if ticket.author_id is not None and ticket.author_id == user.pk:
        return True
    return ticket.agency_id in user.agency_ids(STAFF_ROLES) or user.is_superuser
