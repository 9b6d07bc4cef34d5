"""角色权限: GET /admin/roles is the table the server enforces. For every row of
the matrix it sends, a user holding only one role is let through a representative
endpoint exactly when the matrix gives that role a ✓; separation of duties holds
for a user with two roles; the holders per role count enabled accounts only."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest

from client.api import ApiClient, ApiError
from common.enums import ReviewLevel, Role
from common.permissions import PERMISSIONS, Permission
from common.schemas.reviews import AbsenceIn
from common.schemas.search import DocumentQuery
from common.schemas.statements import LayoutIn, LayoutLineIn, StatementKind
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, expenditure, income, submitted, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

Probe = Callable[[ApiClient], object]
_NUMBERS = itertools.count()


@pytest.fixture(scope="module")
def people(live_server: LiveServer, codes: Codes) -> dict[Role, ApiClient]:
    """One user per role, each with the whole office in scope (so only the role decides)."""
    made: dict[Role, ApiClient] = {
        role: log_in(
            live_server, add_user(live_server, f"matrix.{role.value}", [role], unit_codes=("001",))
        )
        for role in Role
        if role is not Role.REVIEWER
    }
    made[Role.REVIEWER] = log_in(
        live_server, reviewer(live_server, "matrix.reviewer", (ReviewLevel.SUPERVISOR, "001"))
    )
    return made


def probes(live_server: LiveServer, codes: Codes) -> dict[Permission, Probe]:
    """A representative call for each permission (a new permission needs one here)."""
    number = next(_NUMBERS)
    maker = log_in(live_server, clerk(live_server, f"matrix.maker{number}"))
    day = today(live_server)
    stand_in = reviewer(live_server, f"matrix.standin{number}", (ReviewLevel.MANAGER, "001"))

    def approve(api: ApiClient) -> object:
        doc = submitted(maker, expenditure(codes, day, amount="800.00", payee=f"乙{id(api)}"))
        return api.reviews.approve(doc.id, version=doc.version)

    def take_leave(api: ApiClient) -> object:
        later = day + dt.timedelta(days=60)
        return api.reviews.file_absence(
            AbsenceIn(delegate_id=stand_in.id, starts_on=later, ends_on=later, reason="年假")
        )

    return {
        Permission.ENTER_DOCUMENTS: lambda api: api.documents.create(income(codes, day)),
        Permission.DECIDE_REVIEWS: approve,
        Permission.TAKE_LEAVE: take_leave,
        Permission.QUERY_EXPORT: lambda api: api.search.documents(DocumentQuery()),
        Permission.REPORTS: lambda api: api.reports.summary(day.replace(day=1), day),
        Permission.MONITOR: lambda api: api.admin.alerts(days=1),
        Permission.ADMINISTER: lambda api: api.admin.approval_rules(),
        # past the role check, a voucher that is not there is simply not found
        Permission.POST_VOUCHERS: lambda api: api.posting.post(2**40, version=1),
        Permission.CASHIER_SIGN: lambda api: api.posting.cashier_sign(2**40, version=1),
        # past the role check, a line that takes nothing is refused (nothing changes)
        Permission.STATEMENT_LAYOUT: lambda api: api.statements.change_layout(
            StatementKind.INCOME_EXPENSE,
            LayoutIn(lines=[LayoutLineIn(code="X1", label="无", side="debit")]),
        ),
        # past the role check, a version that is not there is simply not found
        Permission.REPORT_SIGN: lambda api: api.report_versions.sign(2**40),
    }


def let_through(probe: Probe, api: ApiClient) -> bool:
    """False when the server refuses the caller (403); any other answer means the
    role check passed (a 422 about the request itself comes after it)."""
    try:
        probe(api)
    except ApiError as error:
        return error.status != 403
    return True


def test_every_cell_of_the_matrix_is_what_the_server_enforces(
    live_server: LiveServer, codes: Codes, people: dict[Role, ApiClient]
) -> None:
    matrix = people[Role.AUDITOR].admin.roles()
    assert [row.permission for row in matrix.permissions] == list(Permission)
    assert [holders.role for holders in matrix.roles] == list(Role)
    calls = probes(live_server, codes)
    seen = {}
    for row in matrix.permissions:
        for role in Role:
            seen[row.permission, role] = let_through(calls[row.permission], people[role])
    expected = {
        (row.permission, role): role in row.roles for row in matrix.permissions for role in Role
    }
    assert seen == expected
    # the table itself, as DOMAIN.md puts it
    assert PERMISSIONS[Permission.ENTER_DOCUMENTS].roles == (Role.CLERK,)
    assert PERMISSIONS[Permission.ADMINISTER].roles == (Role.ADMIN,)
    assert not seen[Permission.DECIDE_REVIEWS, Role.ADMIN]
    assert not seen[Permission.ENTER_DOCUMENTS, Role.AUDITOR]


def test_separation_of_duties_wins_over_a_second_role(
    live_server: LiveServer, codes: Codes, people: dict[Role, ApiClient]
) -> None:
    matrix = people[Role.ADMIN].admin.roles()
    decide = next(r for r in matrix.permissions if r.permission is Permission.DECIDE_REVIEWS)
    enter = next(r for r in matrix.permissions if r.permission is Permission.ENTER_DOCUMENTS)
    # administrators and auditors never enter or approve business data (DOMAIN.md)
    assert (decide.roles, decide.never_with) == ([Role.REVIEWER], [Role.ADMIN, Role.AUDITOR])
    assert (enter.roles, enter.never_with) == ([Role.CLERK], [Role.ADMIN, Role.AUDITOR])
    for second in (Role.ADMIN, Role.AUDITOR):
        also = add_user(
            live_server,
            f"matrix.clerk_{second.value}",
            [Role.CLERK, second],
            unit_codes=("001001",),
        )
        entering = refused(
            probes(live_server, codes)[Permission.ENTER_DOCUMENTS], log_in(live_server, also)
        )
        assert (entering.status, entering.code) == (403, "auth.forbidden")
    both = reviewer(
        live_server,
        "matrix.admin_reviewer",
        (ReviewLevel.SUPERVISOR, "001"),
        roles=(Role.REVIEWER, Role.ADMIN),
    )
    api = log_in(live_server, both)
    probe = probes(live_server, codes)[Permission.DECIDE_REVIEWS]
    error = refused(probe, api)
    assert (error.status, error.code) == (403, "review.admin_cannot_act")
    # and the reviewer pool does not offer such a user as a delegate or a stand-in
    only_reviewer = people[Role.REVIEWER]
    leave = AbsenceIn(
        delegate_id=both.id,
        starts_on=today(live_server) + dt.timedelta(days=90),
        ends_on=today(live_server) + dt.timedelta(days=91),
    )
    unfit = refused(only_reviewer.reviews.file_absence, leave)
    assert (unfit.code, unfit.params["field"]) == ("absence.delegate_unfit", "delegate_id")


def test_holders_count_enabled_accounts_and_others_are_refused(
    live_server: LiveServer, people: dict[Role, ApiClient]
) -> None:
    # logged in now: disabling needs a code fresher than the module's first login
    admin = log_in(live_server, add_user(live_server, "matrix.admin.now", [Role.ADMIN]))

    def holders() -> dict[Role, int]:
        return {row.role: row.active_users for row in admin.admin.roles().roles}

    before = holders()
    assert all(count >= 1 for count in before.values()), before
    extra = add_user(live_server, "matrix.analyst2", [Role.ANALYST, Role.AUDITOR])
    grown = holders()
    assert grown == {
        **before,
        Role.ANALYST: before[Role.ANALYST] + 1,
        Role.AUDITOR: before[Role.AUDITOR] + 1,
    }
    admin.admin.disable(extra.id)
    assert holders() == before
    for role in (Role.CLERK, Role.REVIEWER, Role.ANALYST):
        assert refused(people[role].admin.roles).status == 403
