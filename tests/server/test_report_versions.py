"""报表审核 through client/api: an analyst saves a statement as a version, a
reviewer who did not prepare it signs it off or returns it with a reason; a
signed version keeps its numbers and signer when the books move on, reads
outdated naming the documents that changed, and its Excel file is stamped."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from client.api import ApiClient
from common.enums import ReviewLevel, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.documents import SubmitIn
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from common.schemas.report_exports import ReportName
from common.schemas.report_versions import VersionState
from common.schemas.statements import StatementKind, StatementLineOut
from server.db import roles
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, run_sql, today, unit_of_its_own, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

UNIT = "001083"


class Books:
    """This module's unit with two approved vouchers this month, its analyst,
    two reviewers and a clerk who enters more."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.codes: Codes = unit_of_its_own(server, UNIT, "报表审核测试单位")
        self.unit = self.codes.units[UNIT]
        self.today = today(server)
        self.period = f"{self.today:%Y-%m}"
        self.maker = log_in(server, clerk(server, "rv.clerk", unit=UNIT))
        self.checker = log_in(
            server, reviewer(server, "rv.checker", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
        )
        self.second = log_in(
            server, reviewer(server, "rv.second", (ReviewLevel.SUPERVISOR, UNIT), scope=UNIT)
        )
        self.analyst = log_in(
            server, add_user(server, "rv.analyst", [Role.ANALYST], unit_codes=(UNIT,))
        )
        self.auditor = log_in(server, add_user(server, "rv.auditor", [Role.AUDITOR]))
        for lines in (
            (("500102", "200.00", "0"), ("100201", "0", "200.00")),
            (("100201", "500.00", "0"), ("400101", "0", "500.00")),
        ):
            self.approved(*lines)

    def approved(self, *lines: tuple[str, str, str]) -> int:
        draft = voucher(self.codes, self.today, *lines).model_copy(update={"unit_id": self.unit})
        made = self.maker.documents.create_and_submit(draft)
        self.checker.reviews.approve(made.id, version=made.version)
        return made.id

    def parameters(self) -> dict[str, object]:
        return {"unit": self.unit, "period": self.period}

    def actions(self, version_id: int) -> list[str]:
        rows = self.auditor.audit_log.page(
            AuditLogQuery(target_type="report_version", target_id=str(version_id))
        ).rows
        return sorted(row.action for row in rows)


@pytest.fixture(scope="module")
def books(live_server: LiveServer) -> Books:
    return Books(live_server)


def _cash(lines: list[StatementLineOut]) -> tuple[Decimal, Decimal]:
    """货币资金 now and a year earlier."""
    found = {line.code: (line.amount, line.prior_amount) for line in lines}
    return found["A01"]


def test_a_signed_version_keeps_its_numbers_and_reads_outdated_after_a_new_voucher(
    books: Books, tmp_path: Path
) -> None:
    versions = books.analyst.report_versions
    saved = versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    on_screen = books.analyst.statements.statement(
        StatementKind.BALANCE_SHEET, books.unit, books.period
    )
    assert saved.state is VersionState.PREPARED and not saved.outdated
    assert saved.result.lines == on_screen.lines
    assert _cash(saved.result.lines)[0] == Decimal("300.00")
    assert saved.documents == 2 and len(saved.fingerprint) == 64
    assert saved.prepared_by == "rv.analyst" and saved.unit_code == UNIT
    assert saved.period == books.period
    assert saved.id in [v.id for v in versions.versions(report=ReportName.BALANCE_SHEET)]
    assert saved.id in [v.id for v in books.checker.report_versions.versions()]
    prepared = books.checker.report_versions.versions(state=VersionState.PREPARED)
    assert saved.id in [v.id for v in prepared]

    # the analyst may not sign at all; a reviewer never signs their own version
    assert refused(versions.sign, saved.id).code == "auth.forbidden"
    own = books.checker.report_versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    error = refused(books.checker.report_versions.sign, own.id)
    assert (error.status, error.code) == (403, "report_version.own_version")
    assert "另一位审核人" in error.message

    signed = books.checker.report_versions.sign(saved.id)
    assert signed.state is VersionState.SIGNED
    assert signed.decided_by == "rv.checker" and signed.decided_at is not None
    again = refused(books.second.report_versions.sign, saved.id)
    assert (again.status, again.code) == (409, "report_version.decided")
    assert books.checker.report_versions.versions(state=VersionState.SIGNED)[0].id == saved.id

    # a voucher approved later in the period: the signed numbers stay, it reads outdated
    later = books.approved(("100201", "40.00", "0"), ("4609", "0", "40.00"))
    now = books.analyst.statements.statement(StatementKind.BALANCE_SHEET, books.unit, books.period)
    assert _cash(now.lines)[0] == Decimal("340.00")
    frozen = versions.version(saved.id)
    assert frozen.result == saved.result and _cash(frozen.result.lines)[0] == Decimal("300.00")
    assert frozen.state is VersionState.SIGNED and frozen.decided_by == "rv.checker"
    assert frozen.fingerprint == saved.fingerprint
    assert frozen.outdated
    assert [d.id for d in frozen.changed_documents] == [later]
    assert (
        frozen.changed_documents[0].number and frozen.changed_documents[0].doc_date == books.today
    )
    listed = next(v for v in versions.versions() if v.id == saved.id)
    assert listed.outdated and [d.id for d in listed.changed_documents] == [later]

    # the reviewer's own earlier version cannot be signed by the other reviewer now
    stale = refused(books.second.report_versions.sign, own.id)
    assert (stale.status, stale.code) == (409, "report_version.outdated")
    fresh = versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    assert not fresh.outdated and fresh.documents == 3 and fresh.fingerprint != saved.fingerprint

    # the signed version's Excel file: its saved numbers, stamped, and outdated
    target = tmp_path / "signed.xlsx"
    rows = versions.export_excel(saved.id, target, poll_seconds=0.05)
    assert rows == len(saved.result.lines)
    sheet = load_workbook(target).worksheets[0]
    cells = [list(row) for row in sheet.iter_rows()]
    heading = [str(row[0].value) for row in cells[:10]]
    assert heading[0] == "资产负债表"
    assert any(line.startswith("已审核 by rv.checker at ") for line in heading), heading
    assert any(line.startswith("已过期") and "变动的单据" in line for line in heading), heading
    header_at = next(n for n, row in enumerate(cells) if row[0].value == "项目")
    body = {str(row[0].value).strip(): row for row in cells[header_at + 1 :] if row[0].value}
    assert body["货币资金"][2].value == 300

    assert books.actions(saved.id) == [
        "export.report",
        "report_version.prepared",
        "report_version.signed",
    ]


def test_returning_needs_a_reason_and_is_logged(books: Books) -> None:
    saved = books.analyst.report_versions.prepare(
        ReportName.INCOME_EXPENSE, {**books.parameters(), "posted_only": True}
    )
    assert saved.result.kind is StatementKind.INCOME_EXPENSE and saved.result.posted_only
    error = refused(books.checker.report_versions.return_version, saved.id, "  ")
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "report_version.reason_required",
        "reason",
    )
    assert books.analyst.report_versions.version(saved.id).state is VersionState.PREPARED
    returned = books.checker.report_versions.return_version(saved.id, "收入口径有误")
    assert (returned.state, returned.reason) == (VersionState.RETURNED, "收入口径有误")
    late = refused(books.second.report_versions.sign, saved.id)
    assert late.code == "report_version.decided"
    assert books.actions(saved.id) == ["report_version.prepared", "report_version.returned"]
    rows = books.auditor.audit_log.page(
        AuditLogQuery(target_type="report_version", target_id=str(saved.id))
    ).rows
    assert next(r for r in rows if r.action.endswith("returned")).after == {
        "report": "income_expense",
        "fingerprint": saved.fingerprint,
        "reason": "收入口径有误",
    }


def test_only_statements_are_versioned_and_units_out_of_scope_are_refused(
    books: Books, live_server: LiveServer
) -> None:
    api = books.analyst.report_versions
    error = refused(api.prepare, ReportName.BALANCES, {"date_from": "2026-01-01"})
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "report_version.not_versioned",
        "report",
    )
    outside = refused(
        api.prepare,
        ReportName.BALANCE_SHEET,
        {"unit": books.codes.units["001001"], "period": books.period},
    )
    assert (outside.status, outside.code) == (403, "statement.unit_out_of_scope")
    # a retried request (the same key) answers the version it saved, not a second one
    first = api.prepare(ReportName.BALANCE_SHEET, books.parameters(), idempotency_key="rv-once-1")
    again = api.prepare(ReportName.BALANCE_SHEET, books.parameters(), idempotency_key="rv-once-1")
    assert again.id == first.id
    assert api.prepare(ReportName.BALANCE_SHEET, books.parameters()).id > first.id
    bad = refused(api.prepare, ReportName.BALANCE_SHEET, {"unit": books.unit, "period": "2026-13"})
    assert bad.status == 422


def test_a_clerk_of_another_unit_sees_nothing_of_it(books: Books, live_server: LiveServer) -> None:
    saved = books.analyst.report_versions.prepare(ReportName.BUDGET_EXECUTION, books.parameters())
    other: ApiClient = log_in(live_server, clerk(live_server, "rv.other", unit="001001"))
    assert saved.id not in [v.id for v in other.report_versions.versions()]
    error = refused(other.report_versions.version, saved.id)
    assert (error.status, error.code) == (404, "report_version.not_found")
    assert refused(other.report_versions.start_excel, saved.id).status == 404
    # the unit's own clerk sees it
    assert books.maker.report_versions.version(saved.id).id == saved.id


def test_a_version_and_its_decision_cannot_be_changed_even_by_sql_as_the_server(
    books: Books, live_server: LiveServer
) -> None:
    saved = books.analyst.report_versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    mine = books.analyst.report_versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    books.second.report_versions.sign(saved.id)
    connection = psycopg2.connect(roles.libpq(live_server.app_url))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in (
                f"UPDATE report_versions SET result = '{{}}' WHERE id = {saved.id}",
                f"DELETE FROM report_versions WHERE id = {saved.id}",
                "UPDATE report_version_decisions SET decision = 'returned', reason = 'x'"
                f" WHERE version_id = {saved.id}",
                f"DELETE FROM report_version_decisions WHERE version_id = {saved.id}",
                "TRUNCATE report_version_decisions",
            ):
                with pytest.raises(psycopg2.Error) as caught:
                    cursor.execute(statement)
                assert "permission denied" in str(caught.value), statement
            # nor may the preparer's own decision go in around the server
            with pytest.raises(psycopg2.Error) as own:
                cursor.execute(
                    "INSERT INTO report_version_decisions (version_id, decision, decided_by,"
                    f" decided_at) SELECT id, 'signed', prepared_by, now() FROM report_versions"
                    f" WHERE id = {mine.id}"
                )
            assert "decided by its own preparer" in str(own.value)
            # a second decision is refused by the table itself
            with pytest.raises(psycopg2.Error) as twice:
                cursor.execute(
                    "INSERT INTO report_version_decisions (version_id, decision, decided_by,"
                    f" decided_at) VALUES ({saved.id}, 'signed', 1, now())"
                )
            assert "pk_report_version_decisions" in str(twice.value)
    finally:
        connection.close()
    assert books.analyst.report_versions.version(saved.id).state is VersionState.SIGNED
    # the tables' own triggers refuse it even to the owner of the database
    for statement in (
        f"UPDATE report_versions SET fingerprint = 'forged' WHERE id = {saved.id}",
        f"DELETE FROM report_version_decisions WHERE version_id = {saved.id}",
    ):
        with pytest.raises(Exception, match="append-only"), live_server.engine.begin() as conn:
            conn.execute(text(statement))
    assert books.analyst.report_versions.version(saved.id).fingerprint == saved.fingerprint


def test_a_reopened_month_or_new_opening_balances_make_a_version_outdated(
    books: Books, live_server: LiveServer
) -> None:
    """Besides the documents: a month closed when the version was computed and
    open now, and opening balances saved since."""
    year, month = books.today.year, books.today.month
    closing = "UPDATE fiscal_periods SET is_closed = :closed, closed_at = :at"
    closing += " WHERE year = :year AND month = :month"
    run_sql(live_server, closing, closed=True, at=live_server.clock.now(), year=year, month=month)
    try:
        saved = books.analyst.report_versions.prepare(ReportName.INCOME_EXPENSE, books.parameters())
        assert not saved.outdated
    finally:
        run_sql(live_server, closing, closed=False, at=None, year=year, month=month)
    reopened = books.analyst.report_versions.version(saved.id)
    assert reopened.outdated and reopened.reopened_months == [books.period]
    assert reopened.changed_documents == [] and not reopened.openings_changed

    before = books.analyst.report_versions.prepare(ReportName.BALANCE_SHEET, books.parameters())
    admin = log_in(live_server, add_user(live_server, "rv.admin", [Role.ADMIN]))
    admin.openings.save(
        books.unit,
        OpeningBalancesIn(
            start_month=books.today.replace(day=1),
            version=0,
            rows=[
                OpeningRowIn(account_code="100201", debit=Decimal("10.00")),
                OpeningRowIn(account_code="3001", credit=Decimal("10.00")),
            ],
        ),
    )
    changed = books.analyst.report_versions.version(before.id)
    assert changed.outdated and changed.openings_changed and changed.reopened_months == []


def test_a_signed_version_goes_outdated_when_a_voucher_of_its_period_is_reversed(
    books: Books,
) -> None:
    original = books.approved(("500102", "75.00", "0"), ("100201", "0", "75.00"))
    saved = books.analyst.report_versions.prepare(ReportName.INCOME_EXPENSE, books.parameters())
    books.checker.report_versions.sign(saved.id)
    assert not books.analyst.report_versions.version(saved.id).outdated

    red = books.maker.documents.reverse(original)  # 红字冲销, dated in the same period
    sent = books.maker.documents.submit(red.id, SubmitIn(version=red.version))
    books.checker.reviews.approve(sent.id, version=sent.version)
    frozen = books.analyst.report_versions.version(saved.id)
    assert frozen.state is VersionState.SIGNED and frozen.result == saved.result
    assert frozen.outdated and red.id in [d.id for d in frozen.changed_documents]
