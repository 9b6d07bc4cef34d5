"""Budget quotas (预算指标) through client/api against the live server: an
administrator sets and lists quotas (logged); adjustments (追加 / 调减) are
documents reviewed like the others that count once approved, never produce a
voucher and are never posted; an expenditure over what is left is refused at
submission and at final approval with the numbers; two submissions racing for
the last yuan cannot both win; a 调减 never takes the quota below what is used
and in review; the report keeps to the caller's unit scope."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, Language, QuotaDirection, ReviewLevel, Role
from common.errors import render_message
from common.schemas.documents import DocumentOut, QuotaAdjustmentIn
from common.schemas.quotas import QuotaImportIn, QuotaImportRowIn, QuotaIn, QuotaOut
from server.db.models import AuditRecord, Document, LedgerSignOff
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import (
    Codes,
    expenditure,
    run_sql,
    set_parameter,
    today,
    unit_of_its_own,
)
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

FUNCTIONAL, ECONOMIC = "2050203", "30201"  # 初中教育 / 办公费
_PAYEES = itertools.count()


@dataclass
class Office:
    """One unit of a test's own, with a clerk, a reviewer and an administrator."""

    codes: Codes
    unit: str
    clerk: ApiClient
    checker: ApiClient
    admin: ApiClient
    day: dt.date

    @property
    def year(self) -> int:
        return self.day.year

    @property
    def unit_id(self) -> int:
        return self.codes.units[self.unit]

    def key(self, amount: str) -> QuotaIn:
        return QuotaIn(
            year=self.year,
            unit_id=self.unit_id,
            functional_item_id=self.codes.item("functional", FUNCTIONAL),
            economic_item_id=self.codes.item("economic", ECONOMIC),
            amount=Decimal(amount),
        )

    def spend(self, amount: str, api: ApiClient | None = None) -> DocumentOut:
        """An expenditure saved and submitted at once (a new payee each time: no 判重)."""
        draft = expenditure(
            self.codes,
            self.day,
            amount=amount,
            unit_id=self.unit_id,
            payee=f"供应商{next(_PAYEES)}",
        )
        return (api or self.clerk).documents.create_and_submit(draft)

    def adjust(self, direction: QuotaDirection, amount: str) -> DocumentOut:
        return self.clerk.quotas.submit_adjustment(
            QuotaAdjustmentIn(
                doc_date=self.day,
                unit_id=self.unit_id,
                functional_item_id=self.codes.item("functional", FUNCTIONAL),
                economic_item_id=self.codes.item("economic", ECONOMIC),
                direction=direction,
                amount=Decimal(amount),
                summary="年中追加" if direction is QuotaDirection.INCREASE else "年中调减",
            )
        )

    def approve(self, doc: DocumentOut) -> DocumentOut:
        return self.checker.reviews.approve(doc.id, version=doc.version)

    def row(self, api: ApiClient | None = None) -> QuotaOut:
        (found,) = (api or self.admin).quotas.list_quotas(self.year, unit_id=self.unit_id)
        return found


_UNITS = itertools.count(1)


@pytest.fixture
def office(live_server: LiveServer) -> Office:
    number = next(_UNITS)
    unit = f"00107{number}"
    codes = unit_of_its_own(live_server, unit, f"指标测试单位{number}")
    tag = f"quota{number}"
    made = Office(
        codes=codes,
        unit=unit,
        clerk=log_in(
            live_server, add_user(live_server, f"{tag}.clerk", [Role.CLERK], unit_codes=(unit,))
        ),
        checker=log_in(
            live_server,
            reviewer(live_server, f"{tag}.checker", (ReviewLevel.LEADER, unit), scope=unit),
        ),
        admin=log_in(live_server, add_user(live_server, f"{tag}.admin", [Role.ADMIN])),
        day=today(live_server),
    )
    return made


@pytest.fixture
def checks_off(live_server: LiveServer) -> Iterator[None]:
    yield
    set_parameter(live_server, "quota_check", True)
    set_parameter(live_server, "quota_required", False)


def test_an_administrator_sets_and_lists_quotas_and_each_change_is_logged(
    live_server: LiveServer, office: Office
) -> None:
    made = office.admin.quotas.set_quota(office.key("5000.00"))
    assert (made.initial, made.quota, made.used, made.in_review, made.left) == (
        Decimal("5000.00"),
        Decimal("5000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("5000.00"),
    )
    assert (made.functional_code, made.economic_code) == (FUNCTIONAL, ECONOMIC)
    again = office.admin.quotas.set_quota(office.key("6000.00"))
    assert again.id == made.id and office.row().quota == Decimal("6000.00")
    assert office.admin.quotas.list_quotas(office.year + 1, unit_id=office.unit_id) == []
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = list(
            session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == "quota.set", AuditRecord.target_id == str(made.id))
                .order_by(AuditRecord.id)
            )
        )
    assert [(r.before, r.after["amount"] if r.after else None) for r in logged] == [
        (None, "5000.00"),
        ({"amount": "5000.00"}, "6000.00"),
    ]
    # a clerk is no administrator; a negative amount is not a quota
    assert refused(office.clerk.quotas.set_quota, office.key("1.00")).status == 403
    bad = refused(
        office.admin.quotas.set_quota, office.key("0").model_copy(update={"amount": Decimal("-1")})
    )
    assert bad.status == 422


def test_an_adjustment_is_reviewed_then_counted_and_never_posted(
    live_server: LiveServer, office: Office
) -> None:
    office.admin.quotas.set_quota(office.key("1000.00"))
    more = office.adjust(QuotaDirection.INCREASE, "500.00")
    assert (
        more.status is DocumentStatus.SUBMITTED and more.number and more.number.startswith("指标-")
    )
    assert office.row().quota == Decimal("1000.00")  # not before it is approved
    done = office.approve(more)
    assert done.status is DocumentStatus.APPROVED
    assert done.voucher_id is None and done.posting is None and done.cashier_sign_off is None
    row = office.row()
    assert (row.initial, row.increased, row.quota, row.left) == (
        Decimal("1000.00"),
        Decimal("500.00"),
        Decimal("1500.00"),
        Decimal("1500.00"),
    )
    less = office.approve(office.adjust(QuotaDirection.DECREASE, "200.00"))
    assert less.status is DocumentStatus.APPROVED
    assert office.row().quota == Decimal("1300.00") and office.row().decreased == Decimal("200.00")
    with UnitOfWork(live_server.engine).transaction() as session:
        vouchers = session.scalar(
            select(func.count()).where(Document.source_id.in_([more.id, less.id]))
        )
        signed = session.scalar(
            select(func.count()).where(LedgerSignOff.document_id.in_([more.id, less.id]))
        )
    assert (vouchers, signed) == (0, 0)
    assert refused(office.clerk.documents.reverse, more.id).code == "quota.not_reversible"


def test_an_expenditure_over_what_is_left_is_refused_at_submission_with_the_numbers(
    live_server: LiveServer, office: Office
) -> None:
    office.admin.quotas.set_quota(office.key("1000.00"))
    office.approve(office.spend("300.00"))
    office.spend("500.00")  # in review
    error = refused(office.spend, "200.01")
    assert (error.status, error.code) == (409, "quota.exceeded")
    for number in ("1,000.00", "300.00", "500.00", "200.00", "200.01"):
        assert number in error.message
    english = render_message(error.code, error.params, Language.EN)
    assert "quota of" in english and "used 300.00" in english and "left 200.00" in english
    assert "in review 500.00" in english
    exact = office.spend("200.00")  # the last yuan is still there
    assert exact.status is DocumentStatus.SUBMITTED
    row = office.row()
    assert (row.used, row.in_review, row.left) == (
        Decimal("300.00"),
        Decimal("700.00"),
        Decimal("0.00"),
    )


def test_an_expenditure_over_what_is_left_is_refused_at_final_approval(
    live_server: LiveServer, office: Office, checks_off: None
) -> None:
    office.admin.quotas.set_quota(office.key("1000.00"))
    first = office.spend("600.00")
    set_parameter(live_server, "quota_check", False)
    second = office.spend("600.00")  # the check was off when it came in
    set_parameter(live_server, "quota_check", True)
    error = refused(office.approve, second)
    assert (error.status, error.code) == (409, "quota.exceeded")
    assert (error.params["quota"], error.params["used"]) == ("1,000.00", "0.00")
    assert (error.params["in_review"], error.params["left"]) == ("600.00", "400.00")
    assert office.clerk.documents.get(second.id).status is DocumentStatus.SUBMITTED
    # the first is held back by the second while both are in review
    assert refused(office.approve, first).params["left"] == "400.00"
    office.checker.reviews.reject(
        second.id, version=second.version, reason="超出剩余指标,请核减金额"
    )
    assert office.approve(first).status is DocumentStatus.POSTED
    assert office.row().used == Decimal("600.00")


def test_without_a_quota_an_expenditure_passes_unless_a_quota_is_required(
    live_server: LiveServer, office: Office, checks_off: None
) -> None:
    assert office.spend("100.00").status is DocumentStatus.SUBMITTED
    set_parameter(live_server, "quota_required", True)
    error = refused(office.spend, "100.00")
    assert (error.status, error.code) == (409, "quota.missing")


def test_two_parallel_submissions_for_the_last_yuan_cannot_both_succeed(
    live_server: LiveServer, office: Office
) -> None:
    """Both submissions are held just before the quota check (on the duplicate
    check's advisory lock per unit and amount, held here) and let go at once, so
    they reach the check together for certain: only the quota's lock keeps the
    second from summing before the first has committed."""
    office.admin.quotas.set_quota(office.key("1000.00"))
    second_clerk = log_in(
        live_server,
        add_user(live_server, f"{office.unit}.race", [Role.CLERK], unit_codes=(office.unit,)),
    )
    amounts = ("600.00", "600.01")
    outcomes: list[object] = []
    run_sql(  # the month's period row exists, so neither waits on the other inserting it
        live_server,
        "INSERT INTO fiscal_periods (year, month) VALUES (:y, :m) ON CONFLICT DO NOTHING",
        y=office.day.year,
        m=office.day.month,
    )

    def race(api: ApiClient, amount: str) -> None:
        try:
            outcomes.append(office.spend(amount, api))
        except ApiError as error:
            outcomes.append(error)

    threads = [
        threading.Thread(target=race, args=(api, amount))
        for api, amount in zip((office.clerk, second_clerk), amounts, strict=True)
    ]
    with UnitOfWork(live_server.engine).transaction() as holding:
        for amount in amounts:
            holding.execute(
                text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
                {"key": f"duplicate-check:expenditure:{office.unit_id}:{amount}"},
            )
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _waiting_on_advisory_locks(live_server) < 2:
            time.sleep(0.05)
        assert _waiting_on_advisory_locks(live_server) == 2
    for thread in threads:
        thread.join(timeout=60)
    made = [o for o in outcomes if isinstance(o, DocumentOut)]
    errors = [o for o in outcomes if isinstance(o, ApiError)]
    assert len(made) == 1 and len(errors) == 1, outcomes
    assert errors[0].code == "quota.exceeded"
    assert errors[0].params["in_review"] == f"{made[0].amount:,.2f}"
    assert office.row().in_review == made[0].amount


def _waiting_on_advisory_locks(server: LiveServer) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return int(
            session.scalar(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                    " WHERE l.locktype = 'advisory' AND NOT l.granted"
                    " AND d.datname = current_database()"
                )
            )
            or 0
        )


def test_a_decrease_may_not_take_the_quota_below_what_is_used_and_in_review(
    live_server: LiveServer, office: Office
) -> None:
    office.admin.quotas.set_quota(office.key("1000.00"))
    office.approve(office.spend("700.00"))
    office.spend("200.00")
    error = refused(office.adjust, QuotaDirection.DECREASE, "100.01")
    assert (error.status, error.code) == (409, "quota.below_used")
    assert (error.params["used"], error.params["in_review"], error.params["left"]) == (
        "700.00",
        "200.00",
        "100.00",
    )
    cut = office.adjust(QuotaDirection.DECREASE, "100.00")
    assert office.approve(cut).status is DocumentStatus.APPROVED
    assert office.row().left == Decimal("0.00")
    # nor may the administrator set the initial quota below it
    low = refused(office.admin.quotas.set_quota, office.key("999.99"))
    assert (low.code, low.params["minimum"]) == ("quota.initial_below_used", "1,000.00")


def test_an_adjustment_needs_a_quota_to_adjust(live_server: LiveServer, office: Office) -> None:
    error = refused(office.adjust, QuotaDirection.INCREASE, "10.00")
    assert (error.status, error.code) == (409, "quota.not_set")


def test_the_report_keeps_to_the_callers_unit_scope(
    live_server: LiveServer, office: Office
) -> None:
    office.admin.quotas.set_quota(office.key("800.00"))
    office.approve(office.spend("250.00"))
    mine = log_in(
        live_server,
        add_user(live_server, f"{office.unit}.analyst", [Role.ANALYST], unit_codes=(office.unit,)),
    )
    elsewhere = log_in(
        live_server,
        add_user(live_server, f"{office.unit}.other", [Role.ANALYST], unit_codes=("001002",)),
    )
    child = f"{office.unit}01"  # a school under the unit: in the analyst's scope too
    codes = unit_of_its_own(live_server, child, "指标测试下级单位", parent=office.unit)
    office.admin.quotas.set_quota(
        office.key("90.00").model_copy(update={"unit_id": codes.units[child]})
    )
    row, below = mine.quotas.report(office.year)
    assert (row.unit_code, row.quota, row.used, row.left) == (
        office.unit,
        Decimal("800.00"),
        Decimal("250.00"),
        Decimal("550.00"),
    )
    assert (below.unit_code, below.quota) == (child, Decimal("90.00"))
    assert mine.quotas.report(office.year, unit_id=office.unit_id, subtree=False) == [row]
    assert mine.quotas.report(office.year, unit_id=office.unit_id) == [row, below]
    assert mine.quotas.report(office.year, unit_id=codes.units[child]) == [below]
    assert [r.unit_id for r in elsewhere.quotas.report(office.year)].count(office.unit_id) == 0
    error = refused(elsewhere.quotas.report, office.year, unit_id=office.unit_id)
    assert error.status == 403


def test_an_import_is_accepted_whole_or_refused_naming_row_field_and_rule(
    live_server: LiveServer, office: Office
) -> None:
    good = QuotaImportRowIn(
        row=2,
        unit_code=office.unit,
        functional_code=FUNCTIONAL,
        economic_code=ECONOMIC,
        amount="1,200.50",
    )
    bad = [
        good,
        QuotaImportRowIn(
            row=3, unit_code="999999", functional_code=FUNCTIONAL, economic_code="302", amount="x"
        ),
        good.model_copy(update={"row": 4}),
    ]
    error = refused(office.admin.quotas.import_quotas, QuotaImportIn(year=office.year, rows=bad))
    assert (error.status, error.code) == (422, "quota.import_rejected")
    found = {(p["row"], p["column"], p["code"]) for p in error.params["problems"]}
    assert found == {
        (3, "unit_code", "quota.import_unknown"),
        (3, "economic_code", "quota.import_unknown"),  # 302 is not a leaf
        (3, "amount", "quota.import_amount"),
        (4, "unit_code", "quota.import_duplicate"),
    }
    assert office.admin.quotas.list_quotas(office.year, unit_id=office.unit_id) == []
    done = office.admin.quotas.import_quotas(QuotaImportIn(year=office.year, rows=[good]))
    assert (done.rows, done.changed) == (1, 1)
    assert office.row().initial == Decimal("1200.50")
    with UnitOfWork(live_server.engine).transaction() as session:
        imported = session.scalar(
            select(func.count()).where(AuditRecord.action == "quota.imported")
        )
    assert imported and imported >= 1


def test_closing_the_month_leaves_an_approved_adjustment_approved_and_never_posted(
    live_server: LiveServer, office: Office
) -> None:
    """Period close posts what is approved; an adjustment has nothing to post and
    does not hold the month open."""
    earlier = office.day.replace(day=1) - dt.timedelta(days=1)  # last month's last day
    past = Office(
        office.codes, office.unit, office.clerk, office.checker, office.admin, day=earlier
    )
    past.admin.quotas.set_quota(past.key("1000.00"))
    more = past.approve(past.adjust(QuotaDirection.INCREASE, "100.00"))
    spent = past.approve(past.spend("400.00"))
    assert (more.status, spent.status) == (DocumentStatus.APPROVED, DocumentStatus.POSTED)
    closed = past.admin.admin.close_period(earlier.year, earlier.month)
    assert closed.is_closed and closed.problems == []
    after = past.clerk.documents.get(more.id)
    assert after.status is DocumentStatus.APPROVED and after.posting is None
    assert past.row().quota == Decimal("1100.00") and past.row().used == Decimal("400.00")


def test_a_decrease_is_checked_again_at_its_final_approval(
    live_server: LiveServer, office: Office
) -> None:
    """What an adjustment in review would take off is not held for it: an
    expenditure submitted meanwhile may use it, and the 调减 is then refused."""
    office.admin.quotas.set_quota(office.key("1000.00"))
    cut = office.adjust(QuotaDirection.DECREASE, "300.00")
    office.spend("800.00")
    error = refused(office.approve, cut)
    assert (error.status, error.code) == (409, "quota.below_used")
    assert (error.params["in_review"], error.params["left"]) == ("800.00", "200.00")
    assert office.row().quota == Decimal("1000.00")
