"""Every report exports to Excel (issue 22): started through the API as an export
job, followed and fetched like a documents export, and opened here with
openpyxl. The file has the report's title, its filters, who exported it and
when, and the screen's numbers as numeric cells — compared with the report's own
JSON answer for the same parameters. Scope, rights, bad parameters and the
operation log too. Dates come from the server's office day, never the machine's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import text

from client.api import ApiClient
from common.enums import Language, ReviewLevel, Role
from common.errors import render_message
from common.schemas.report_exports import ReportName
from common.schemas.reports import EfficiencyBy, SummaryBy, UsageRowOut
from server.db.uow import UnitOfWork
from server.services.exports import report_exports, report_layouts
from server.services.exports.report_layouts import CellKind
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import (
    Codes,
    clerk,
    expenditure,
    income,
    set_parameter,
    today,
    voucher,
)
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

ZERO = Decimal("0.00")
MONEY = CellKind.MONEY.value


class Books:
    """An education bureau's approved records and vouchers over two months (one
    voucher approved but not posted), a health bureau's, and the people who
    export them."""

    def __init__(self, server: LiveServer, codes: Codes) -> None:
        self.server = server
        self.day = today(server)
        self.earlier = self.day.replace(day=1) - dt.timedelta(days=3)
        self.start = self.earlier.replace(day=1)
        self.education = log_in(server, clerk(server, "x.edu", unit="001001"))
        self.health = log_in(server, clerk(server, "x.health", unit="001002"))
        checker = reviewer(server, "x.checker", (ReviewLevel.SUPERVISOR, "001"))
        self.checker = log_in(server, checker)
        for n, (api, unit) in enumerate(
            [(self.education, "001001001"), (self.health, "001002")] * 2
        ):
            day = self.earlier if n < 2 else self.day
            for draft in (
                income(
                    codes,
                    day,
                    amount=f"{1000 + n * 11}.10",
                    payer=f"缴款{n}",
                    unit_id=codes.units[unit],
                ),
                expenditure(
                    codes,
                    day,
                    amount=f"{300 + n * 7}.35",
                    payee=f"收款{n}",
                    unit_id=codes.units[unit],
                ),
            ):
                doc = api.documents.create_and_submit(draft)
                self.checker.reviews.approve(doc.id, version=doc.version)
        typed = voucher(codes, self.day, ("500102", "10.00", "0"), ("100201", "0", "10.00"))
        formula = [line.model_copy(update={"summary": "=1+2"}) for line in typed.lines]
        doc = self.education.documents.create_and_submit(
            typed.model_copy(update={"lines": formula})
        )
        self.checker.reviews.approve(doc.id, version=doc.version)
        set_parameter(server, "separate_posting", True)  # approved, not posted: posted_only counts
        try:
            manual = self.education.documents.create_and_submit(
                voucher(codes, self.day, ("500102", "250.55", "0"), ("100201", "0", "250.55"))
            )
            self.checker.reviews.approve(manual.id, version=manual.version)
        finally:
            set_parameter(server, "separate_posting", False)
        self.bank = codes.account("1002")
        self.analyst = log_in(
            server, add_user(server, "x.analyst", [Role.ANALYST], unit_codes=("001001",))
        )
        self.auditor = log_in(server, add_user(server, "x.auditor", [Role.AUDITOR]))


@pytest.fixture(scope="module")
def books(live_server: LiveServer, codes: Codes) -> Books:
    return Books(live_server, codes)


def exported(api: ApiClient, report: ReportName, params: dict[str, Any], folder: Path) -> Worksheet:
    target = folder / f"{report.value}.xlsx"
    rows = api.reports.export_excel(report, params, target, poll_seconds=0.05)
    assert target.is_file() and rows >= 0
    sheet = load_workbook(target).worksheets[0]
    assert isinstance(sheet, Worksheet)
    return sheet


def table(sheet: Worksheet) -> tuple[list[str], list[list[Any]], list[list[Any]]]:
    """The heading lines (column A above the header), the header, the rows under it."""
    lines: list[str] = []
    grid = [list(row) for row in sheet.iter_rows()]
    for n, row in enumerate(grid):
        if sum(cell.value is not None for cell in row) >= 2:
            header = [str(cell.value) for cell in row]
            return lines, [header], [r for r in grid[n + 1 :]]
        lines.append(str(row[0].value))
    raise AssertionError("no header row")


def money(cell: Any) -> Decimal | None:
    """A money cell: a real number in the money format (None when empty)."""
    if cell.value is None:
        return None
    assert cell.data_type == "n" and isinstance(cell.value, int | float), cell
    assert cell.number_format == MONEY, cell.number_format
    return Decimal(str(cell.value)).quantize(Decimal("0.01"))


def count(cell: Any) -> int:
    assert cell.data_type == "n" and isinstance(cell.value, int), cell
    return cell.value


def check_heading(lines: list[str], title: str, filters: list[str], who: str) -> None:
    assert lines[0] == title
    assert lines[1].startswith("条件:")
    for part in filters:
        assert part in lines[1], (part, lines[1])
    assert f"导出人:{who}({who})" in lines[2] and "导出时间:" in lines[2]


@pytest.mark.parametrize("posted_only", [False, True])
def test_the_balance_table_exports_with_the_screens_numbers(
    books: Books, tmp_path: Path, posted_only: bool
) -> None:
    params = {"date_from": books.start, "date_to": books.day, "posted_only": posted_only}
    report = books.education.reports.balances(books.start, books.day, posted_only=posted_only)
    sheet = exported(books.education, ReportName.BALANCES, params, tmp_path)
    lines, [header], rows = table(sheet)
    check_heading(
        lines,
        "科目余额表",
        [
            f"开始日期:{books.start}",
            f"截止日期:{books.day}",
            f"仅已记账:{'是' if posted_only else '否'}",
        ],
        "x.edu",
    )
    assert header == [
        "科目编码",
        "科目名称",
        "方向",
        "期初余额",
        "本期借方",
        "本期贷方",
        "期末余额",
    ]
    assert len(rows) == len(report) + 1  # and the 合计 line
    for row, want in zip(rows, report, strict=False):
        assert (row[0].value, row[1].value) == (want.code, want.name)
        assert [money(c) for c in row[3:7]] == [want.opening, want.debit, want.credit, want.closing]
    top = [r for r in report if r.parent_id is None]
    total = rows[-1]
    assert total[0].value == "合计" and total[0].font.b
    assert money(total[4]) == sum((r.debit for r in top), ZERO) == money(total[5]) > 0
    bank = next(r for r in report if r.code == "100201")
    assert rows[report.index(bank)][1].alignment.indent == 1  # the account tree as on screen


def test_posted_only_is_carried_through(books: Books) -> None:
    """The fixture's unposted voucher: in the balances, not in the posted ones."""
    both = books.education.reports.balances(books.start, books.day)
    posted = books.education.reports.balances(books.start, books.day, posted_only=True)
    assert {r.code: r.debit for r in both} != {r.code: r.debit for r in posted}


def test_the_ledgers_export_with_their_opening_and_totals(books: Books, tmp_path: Path) -> None:
    api = books.education
    general = api.reports.general_ledger(books.bank, books.day.year)
    sheet = exported(
        api, ReportName.GENERAL_LEDGER, {"account_id": books.bank, "year": books.day.year}, tmp_path
    )
    lines, [header], rows = table(sheet)
    check_heading(lines, "总账", ["会计科目:1002 银行存款", f"年度:{books.day.year}"], "x.edu")
    assert header[:3] == ["月份", "借方", "贷方"]
    assert rows[0][0].value == "上年结转" and money(rows[0][4]) == abs(general.opening)
    assert len(rows) == len(general.months) + 1
    for row, month in zip(rows[1:], general.months, strict=True):
        assert row[0].value == f"{month.month}月"
        assert [money(c) for c in (row[1], row[2], row[5], row[6])] == [
            month.debit,
            month.credit,
            month.year_debit,
            month.year_credit,
        ]
        assert money(row[4]) == abs(month.closing)

    detail = api.reports.detail_ledger(books.bank, books.earlier, books.day, posted_only=True)
    params = {
        "account_id": books.bank,
        "date_from": books.earlier,
        "date_to": books.day,
        "posted_only": True,
    }
    lines, [header], rows = table(exported(api, ReportName.DETAIL_LEDGER, params, tmp_path))
    check_heading(lines, "明细账", ["会计科目:1002 银行存款", "仅已记账:是"], "x.edu")
    assert header == ["日期", "凭证号", "摘要", "科目", "借方", "贷方", "方向", "余额"]
    assert rows[0][2].value == "期初余额" and money(rows[0][7]) == abs(detail.opening)
    body, total = rows[1:-1], rows[-1]
    assert len(body) == len(detail.lines) > 0
    for row, line in zip(body, detail.lines, strict=True):
        assert row[0].is_date and row[0].value.date() == line.doc_date
        assert row[1].value == line.number and row[3].value == line.account_code
        assert [money(c) for c in (row[4], row[5], row[7])] == [
            line.debit,
            line.credit,
            abs(line.balance),
        ]
    typed = [row[2] for row in body if row[2].value == "=1+2"]
    assert typed and all(cell.data_type == "s" for cell in typed)  # typed text, not a formula
    assert total[2].value == "本期合计"
    assert (money(total[4]), money(total[5]), money(total[7])) == (
        detail.debit,
        detail.credit,
        abs(detail.closing),
    )


def test_the_summary_and_efficiency_export(books: Books, tmp_path: Path) -> None:
    api = books.education
    summary = api.reports.summary(books.earlier, books.day, SummaryBy.MONTH)
    params = {"date_from": books.earlier, "date_to": books.day, "by": "month"}
    lines, [header], rows = table(exported(api, ReportName.SUMMARY, params, tmp_path))
    check_heading(lines, "收支汇总表", ["分组方式:按月份"], "x.edu")
    assert header == ["月份", "收入", "支出", "笔数"]
    assert len(rows) == len(summary) + 1 and len(summary) == 2
    for row, want in zip(rows, summary, strict=False):
        assert (row[0].value, money(row[1]), money(row[2]), count(row[3])) == (
            want.label,
            want.income,
            want.expenditure,
            want.count,
        )
    assert money(rows[-1][1]) == sum((r.income for r in summary), ZERO)

    efficiency = books.checker.reports.efficiency(books.earlier, books.day, EfficiencyBy.REVIEWER)
    params = {"date_from": books.earlier, "date_to": books.day}
    lines, [header], rows = table(exported(books.checker, ReportName.EFFICIENCY, params, tmp_path))
    check_heading(lines, "审批效率", ["分组方式:按审批人"], "x.checker")
    assert header[0] == "审批人" and len(rows) == len(efficiency) + 1 and efficiency
    for row, want in zip(rows, efficiency, strict=False):
        assert row[0].value == want.label and count(row[1]) == want.decided
        assert (row[2].value, row[3].value, row[4].value) == (
            want.average_hours,
            want.p90_hours,
            want.overdue_ratio,
        )
        assert row[4].number_format == CellKind.RATIO.value


def test_daily_operations_and_usage_export(books: Books, tmp_path: Path) -> None:
    params = {"date_from": books.day, "date_to": books.day}
    daily = books.education.reports.daily_operations(books.day, books.day)
    lines, [header], rows = table(
        exported(books.education, ReportName.DAILY_OPERATIONS, params, tmp_path)
    )
    check_heading(lines, "日常业务量", [f"开始日期:{books.day}"], "x.edu")
    assert header == ["日期", "预算单位", "人员", "录入", "提交", "审批"]
    assert len(rows) == len(daily) + 1 and daily
    for row, want in zip(rows, daily, strict=False):
        assert row[0].value.date() == want.day and row[2].value == want.person
        assert [count(c) for c in row[3:6]] == [want.entered, want.submitted, want.decided]

    usage = books.auditor.reports.usage(books.day, books.day)
    lines, [header], rows = table(exported(books.auditor, ReportName.USAGE, params, tmp_path))
    check_heading(lines, "系统使用情况", [], "x.auditor")
    assert [count(c) for c in rows[0][1:4]] == [
        usage[0].logins,
        usage[0].failed_logins,
        usage[0].active_users,
    ]
    # beyond the unit scope: auditors and administrators only, as its route
    denied = refused(books.education.reports.start_excel, ReportName.USAGE, params)
    assert (denied.status, denied.code) == (403, "auth.forbidden")


def test_another_units_export_has_none_of_this_units_figures(books: Books, tmp_path: Path) -> None:
    """The scope is the caller's: the health bureau's file holds its own months
    only, and its figures are not the education bureau's."""
    params = {"date_from": books.earlier, "date_to": books.day, "by": "unit"}
    _, _, mine = table(exported(books.education, ReportName.SUMMARY, params, tmp_path))
    _, _, theirs = table(exported(books.health, ReportName.SUMMARY, params, tmp_path))
    mine_units = {row[0].value for row in mine[:-1]}
    their_units = {row[0].value for row in theirs[:-1]}
    assert mine_units and their_units and mine_units.isdisjoint(their_units)
    assert all(str(u).startswith("001001") for u in mine_units)
    assert all(str(u).startswith("001002") for u in their_units)


def test_without_an_export_right_nothing_is_queued(books: Books, live_server: LiveServer) -> None:
    poster = log_in(
        live_server, add_user(live_server, "x.poster", [Role.POSTER], unit_codes=("001001",))
    )
    params = {"date_from": books.earlier, "date_to": books.day}
    denied = refused(poster.reports.start_excel, ReportName.BALANCES, params)
    assert (denied.status, denied.code) == (403, "export.not_allowed")


def test_bad_parameters_are_named_with_their_rule(books: Books) -> None:
    transport = books.education.transport

    def post(report: str, body: object) -> Any:
        return refused(transport.request, "POST", f"/exports/reports/{report}", json=body)

    bad_date = post("balances", {"date_from": "2026-13-40", "date_to": str(books.day)})
    assert (bad_date.status, bad_date.code) == (422, "report_export.not_a_date")
    assert bad_date.params["field"] == "date_from"
    assert "date_from(开始日期)须为日期" in bad_date.message
    assert "date_from (start date) must be a date" in render_message(
        bad_date.code, bad_date.params, Language.EN
    )
    missing = post("general_ledger", {"year": books.day.year})
    assert (missing.code, missing.params["field"]) == ("report_export.missing", "account_id")
    year = post("general_ledger", {"account_id": books.bank, "year": 1800})
    assert year.code == "report_export.out_of_range" and "2000 至 2999" in year.message
    extra = post("summary", {"date_from": str(books.day), "date_to": str(books.day), "unit": 1})
    assert extra.code == "report_export.unknown_parameter" and "date_from" in extra.message
    choice = post("summary", {"date_from": str(books.day), "date_to": str(books.day), "by": "x"})
    assert choice.code == "report_export.not_a_choice" and "month" in choice.message
    backwards = post(
        "balances", {"date_from": str(books.day), "date_to": str(books.earlier)}
    )  # the report's own rule, as on screen
    assert (backwards.status, backwards.code, backwards.params["field"]) == (
        422,
        "report.date_range",
        "date_to",
    )
    unknown = post("trial_balance", {})
    assert unknown.status == 404 and "balances" in unknown.message


def test_an_excel_export_is_in_the_operation_log(
    books: Books, live_server: LiveServer, tmp_path: Path
) -> None:
    params = {"date_from": books.start, "date_to": books.day}
    report = books.analyst.reports.balances(books.start, books.day)
    exported(books.analyst, ReportName.BALANCES, params, tmp_path)
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, after->>'report', (after->>'rows')::int, after->>'format',"
                " after->'parameters'->>'date_from'"
                " FROM audit_log WHERE action = 'export.report' ORDER BY id DESC LIMIT 1"
            )
        ).one()
    assert tuple(logged) == ("x.analyst", "balances", len(report), "xlsx", str(books.start))


def test_an_english_client_gets_english_headers_and_filters(
    books: Books, live_server: LiveServer, tmp_path: Path
) -> None:
    api = log_in(
        live_server, add_user(live_server, "x.english", [Role.CLERK], unit_codes=("001001",))
    )
    api.transport.language = Language.EN
    params = {"date_from": books.earlier, "date_to": books.day, "by": "month"}
    summary = api.reports.summary(books.earlier, books.day, SummaryBy.MONTH)
    lines, [header], rows = table(exported(api, ReportName.SUMMARY, params, tmp_path))
    assert lines[0] == "Income and expenditure summary"
    assert lines[1] == (
        f"Filters: start date: {books.earlier}; end date: {books.day}; grouping: by month"
    )
    assert lines[2].startswith("Exported by x.english (x.english) at ")
    assert header == ["Month", "Income", "Expenditure", "Count"]
    assert rows[-1][0].value == "Total"
    assert [money(row[1]) for row in rows[:-1]] == [r.income for r in summary]


def test_past_a_sheets_rows_the_report_goes_on_in_a_new_sheet(tmp_path: Path) -> None:
    """Each sheet has the heading and the header; every row is once somewhere."""
    laid = report_layouts.usage(
        [
            UsageRowOut(day=dt.date(2026, 3, n), logins=n, failed_logins=0, active_users=1)
            for n in range(1, 8)
        ],
        None,
        Language.ZH_CN,
    )
    target = tmp_path / "usage.xlsx"
    report_exports.write_book(
        target,
        laid,
        heading=["系统使用情况", "条件:…", "导出人:…"],
        title="系统使用情况",
        creator="x",
        subject="…",
        language=Language.ZH_CN,
        rows_per_sheet=3,
    )
    book = load_workbook(target)
    assert book.sheetnames == ["系统使用情况", "系统使用情况 (2)", "系统使用情况 (3)"]
    logins = []
    for sheet in book.worksheets:
        lines, [header], rows = table(sheet)
        assert lines[0] == "系统使用情况" and header[0] == "日期" and len(rows) <= 3
        logins += [row[1].value for row in rows]
    assert logins == [1, 2, 3, 4, 5, 6, 7, 28]  # and the 合计 line's
