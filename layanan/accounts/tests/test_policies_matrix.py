"""The permission matrix: every role × every action × own/other agency (or own/other post).

Read a row as "who may do this". Columns are the kinds of user:

  anon       not logged in
  inactive   a deactivated account that was agency admin at OWN, moderator and trusted
  citizen    an ordinary account, no reputation
  rep50      a citizen with 50 reputation points
  rep1000    a citizen with 1000 reputation points
  petugas    officer at OWN agency
  pengelola  knowledge manager at OWN agency
  adm_inst   agency administrator at OWN agency
  moderator  community moderator (User.is_moderator), no agency
  site_adm   site administrator (is_superuser), no agency

"own" means the object belongs to the OWN agency (or, for posts, was written
by the user); "other" means another agency (or someone else's post). Y = allowed.
docs/accounts.md shows the same table.
"""

from types import SimpleNamespace

import pytest

from layanan.accounts import policies
from layanan.accounts.models import Role
from layanan.catalog.tests.factories import AgencyFactory, ServiceFactory

from .factories import MembershipFactory, UserFactory

MATRIX = """
action                           | anon | inactive | citizen | rep50 | rep1000 | petugas | pengelola | adm_inst | moderator | site_adm
# catalog (staff area)
edit_service           own       |  .   |    .     |    .    |   .   |    .    |    .    |     Y     |    Y     |     .     |    Y
edit_service           other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
create_service         own       |  .   |    .     |    .    |   .   |    .    |    .    |     Y     |    Y     |     .     |    Y
create_service         other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
verify_service         own       |  .   |    .     |    .    |   .   |    .    |    .    |     Y     |    Y     |     .     |    Y
verify_service         other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
edit_agency            own       |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    Y     |     .     |    Y
edit_agency            other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
see_unverified_notes   own       |  .   |    .     |    .    |   .   |    .    |    Y    |     Y     |    Y     |     .     |    Y
see_unverified_notes   other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
is_agency_staff        -         |  .   |    .     |    .    |   .   |    .    |    Y    |     Y     |    Y     |     .     |    Y
# agency work
view_agency_queue      own       |  .   |    .     |    .    |   .   |    .    |    Y    |     Y     |    Y     |     .     |    Y
view_agency_queue      other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
answer_officially      own       |  .   |    .     |    .    |   .   |    .    |    Y    |     Y     |    Y     |     .     |    .
answer_officially      other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    .
manage_memberships     own       |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    Y     |     .     |    Y
manage_memberships     other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    Y
# community
post_question          -         |  .   |    .     |    Y    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
answer                 open      |  .   |    .     |    Y    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
answer                 locked    |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     Y     |    Y
vote_up                own       |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    .
vote_up                other     |  .   |    .     |    Y    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
vote_down              other     |  .   |    .     |    .    |   Y   |    Y    |    .    |     .     |    .     |     Y     |    Y
accept_answer          own       |  .   |    .     |    Y    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
accept_answer          other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     .     |    .
flag                   -         |  .   |    .     |    .    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
moderate               -         |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     Y     |    Y
edit_post              own       |  .   |    .     |    Y    |   Y   |    Y    |    Y    |     Y     |    Y     |     Y     |    Y
edit_post              other     |  .   |    .     |    .    |   .   |    Y    |    .    |     .     |    .     |     Y     |    Y
edit_post              locked    |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     Y     |    Y
edit_official_answer   own       |  .   |    .     |    .    |   .   |    .    |    .    |     Y     |    Y     |     Y     |    Y
edit_official_answer   other     |  .   |    .     |    .    |   .   |    .    |    .    |     .     |    .     |     Y     |    Y
"""


def _parse(matrix):
    lines = [line for line in matrix.strip().splitlines() if not line.startswith("#")]
    roles = [c.strip() for c in lines[0].split("|")[1:]]
    cases = []
    for line in lines[1:]:
        head, *cells = [c.strip() for c in line.split("|")]
        action, scope = head.split()
        assert len(cells) == len(roles), line
        for role, cell in zip(roles, cells):
            assert cell in {"Y", "."}, line
            cases.append(pytest.param(action, scope, role, cell == "Y", id=f"{action}-{scope}-{role}"))
    return roles, cases


ROLES, CASES = _parse(MATRIX)


def make_user(role, own_agency):
    """A user of the given kind; staff roles are held at `own_agency`."""
    if role == "anon":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    reputation = {"rep50": 50, "rep1000": 1000, "inactive": 10_000}.get(role, 0)
    user = UserFactory(
        is_active=role != "inactive",
        is_moderator=role in {"moderator", "inactive"},
        is_superuser=role == "site_adm",
        is_staff=role in {"petugas", "pengelola", "adm_inst", "site_adm", "inactive"},
    )
    agency_role = {
        "petugas": Role.OFFICER, "pengelola": Role.KNOWLEDGE_MANAGER,
        "adm_inst": Role.AGENCY_ADMIN, "inactive": Role.AGENCY_ADMIN,
    }.get(role)
    if agency_role:
        MembershipFactory(user=user, agency=own_agency, role=agency_role)
    # The community app provides reputation; policies only read the attribute.
    user.reputation = reputation
    return user


def post(author, *, locked=False, official_agency=None):
    return SimpleNamespace(
        author_id=author.pk if author is not None else None,
        is_locked=locked,
        is_official=official_agency is not None,
        agency_id=official_agency.pk if official_agency else None,
    )


def check(action, scope, user, own, other, stranger):
    agency = {"own": own, "other": other}.get(scope)
    mine = post(user) if user.is_authenticated else post(stranger)
    theirs = post(stranger)
    if action in {"edit_service", "verify_service", "see_unverified_notes"}:
        service = ServiceFactory(agency=agency)
        return getattr(policies, f"can_{action}")(user, service)
    if action == "create_service":
        return policies.can_create_service(user, agency)
    if action == "edit_agency":
        return policies.can_edit_agency(user, agency)
    if action == "is_agency_staff":
        return policies.is_agency_staff(user)
    if action == "view_agency_queue":
        return policies.can_view_agency_queue(user, agency.pk)
    if action == "answer_officially":
        return policies.can_answer_officially(user, agency.pk)
    if action == "manage_memberships":
        return policies.can_manage_memberships(user, agency.pk)
    if action == "post_question":
        return policies.can_post_question(user)
    if action == "answer":
        return policies.can_answer(user, post(stranger, locked=scope == "locked"))
    if action == "vote_up":
        return policies.can_vote(user, mine if scope == "own" else theirs, 1)
    if action == "vote_down":
        return policies.can_vote(user, theirs, -1)
    if action == "accept_answer":
        return policies.can_accept_answer(user, mine if scope == "own" else theirs)
    if action == "flag":
        return policies.can_flag(user)
    if action == "moderate":
        return policies.can_moderate(user)
    if action == "edit_post":
        if scope == "locked":
            # The user's own post, locked by a moderator.
            return policies.can_edit_post(user, post(user if user.is_authenticated else stranger, locked=True))
        return policies.can_edit_post(user, mine if scope == "own" else theirs)
    if action == "edit_official_answer":
        # An official answer written by a colleague (or another agency's officer).
        return policies.can_edit_post(user, post(stranger, official_agency=agency))
    raise AssertionError(f"unknown action {action}")


@pytest.mark.django_db
@pytest.mark.parametrize("action,scope,role,allowed", CASES)
def test_permission_matrix(action, scope, role, allowed):
    own, other = AgencyFactory(), AgencyFactory()
    stranger = UserFactory()
    user = make_user(role, own)
    assert check(action, scope, user, own, other, stranger) is allowed


def test_matrix_covers_every_role():
    assert ROLES == ["anon", "inactive", "citizen", "rep50", "rep1000", "petugas", "pengelola",
                     "adm_inst", "moderator", "site_adm"]


@pytest.mark.django_db
def test_vote_down_threshold_is_the_constant():
    user = UserFactory()
    theirs = post(UserFactory())
    user.reputation = policies.REPUTATION_TO_VOTE_DOWN - 1
    assert not policies.can_vote(user, theirs, -1)
    user.reputation = policies.REPUTATION_TO_VOTE_DOWN
    assert policies.can_vote(user, theirs, -1)


@pytest.mark.django_db
def test_flag_and_edit_thresholds_are_the_constants():
    user = UserFactory()
    theirs = post(UserFactory())
    user.reputation = policies.REPUTATION_TO_FLAG - 1
    assert not policies.can_flag(user)
    user.reputation = policies.REPUTATION_TO_FLAG
    assert policies.can_flag(user)
    user.reputation = policies.REPUTATION_TO_EDIT_OTHERS - 1
    assert not policies.can_edit_post(user, theirs)
    user.reputation = policies.REPUTATION_TO_EDIT_OTHERS
    assert policies.can_edit_post(user, theirs)


@pytest.mark.django_db
def test_question_without_agency_has_no_official_answerers():
    staff = make_user("adm_inst", AgencyFactory())
    assert not policies.can_answer_officially(staff, None)


@pytest.mark.django_db
def test_role_names():
    own = AgencyFactory()
    assert policies.role_names(make_user("citizen", own)) == ["citizen"]
    assert policies.role_names(make_user("petugas", own)) == ["agency_staff"]
    assert policies.role_names(make_user("moderator", own)) == ["moderator"]
    assert policies.role_names(make_user("site_adm", own)) == ["site_admin"]
    assert policies.role_names(make_user("anon", own)) == []
