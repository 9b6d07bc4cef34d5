"""The reports screen against a real server: an analyst runs the income and
expenditure summary, approval efficiency and the balance table, reads the table
(to the cent, against totals computed here from the documents made), looks at
the chart, exports a PDF and opens the print preview; a backwards period marks
the end date with the server's message."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QLineSeries,
    QPieSeries,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QSpinBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from client.api import ApiClient
from client.widgets.code_picker import CodePicker
from client.widgets.pdf_text import pdf_text
from client.workbench.main_window import WorkbenchWindow
from client.workbench.reports.report_registry import ReportCatalog
from client.workbench.reports.report_spec import Fetched
from client.workbench.reports.report_table_model import INDENT
from client.workbench.reports.reports_page import ReportsPage
from common.enums import DocumentKind, DocumentStatus, ReviewLevel, Role
from common.money import format_money
from common.schemas.documents import DraftIn
from common.schemas.reports import DetailLedgerOut, DetailLineOut
from common.schemas.search import DocumentQuery
from server.db.uow import UnitOfWork
from tests.client.test_shell import make_context
from tests.support.accounts import Account, add_user, log_in
from tests.support.documents import Codes, clerk, expenditure, income, office, run_sql, today
from tests.support.documents import voucher as voucher_draft
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import (
    WAIT_MS,
    log_in_through_dialog,
    open_window,
    require_chinese_font,
    type_into,
)
from tests.support.reviews import reviewer

ZERO = Decimal("0.00")
OFFICE = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Made:
    earlier: bool  # in the previous month, else this month
    kind: DocumentKind
    unit: str
    item: str
    amount: Decimal
    hours: int  # from the step's start to the decision
    late: bool = False


PLAN = (
    Made(True, DocumentKind.INCOME, "001001001", "1030412", Decimal("1200.10"), 1),
    Made(True, DocumentKind.EXPENDITURE, "001001001", "2050203", Decimal("345.67"), 2),
    Made(False, DocumentKind.INCOME, "001001001", "1030412", Decimal("2000.01"), 3),
    Made(False, DocumentKind.INCOME, "001001", "1030203", Decimal("880.45"), 4),
    Made(False, DocumentKind.EXPENDITURE, "001001", "2050202", Decimal("1500.00"), 5),
    Made(False, DocumentKind.EXPENDITURE, "001001001", "2050203", Decimal("99.99"), 6, late=True),
)
MANUAL = Decimal("250.55")  # a voucher: debit 500102, credit 100201

_DECIDED = """
UPDATE approval_steps
   SET acted_at = :at, started_at = :at - make_interval(hours => :hours),
       deadline_at = :at + CASE WHEN :late THEN interval '-1 hour' ELSE interval '1 day' END
 WHERE document_id = :id AND acted_at IS NOT NULL
"""


class Books:
    """Approved records over two months in two units, decided at known times."""

    def __init__(self, server: LiveServer, codes: Codes) -> None:
        self.day = today(server)
        self.earlier = self.day.replace(day=1) - dt.timedelta(days=3)
        maker = log_in(server, clerk(server, "rep.clerk", unit="001001"))
        self.checker_account = reviewer(server, "rep.checker", (ReviewLevel.SUPERVISOR, "001"))
        self.checker = log_in(server, self.checker_account)
        self.analyst = add_user(server, "rep.analyst", [Role.ANALYST], unit_codes=("001",))
        for made in PLAN:
            day = self.earlier if made.earlier else self.day
            unit_id = codes.units[made.unit]
            amount = str(made.amount)
            draft: DraftIn
            if made.kind is DocumentKind.INCOME:
                item = codes.item("income", made.item)
                draft = income(codes, day, amount=amount, unit_id=unit_id, income_item_id=item)
            else:
                item = codes.item("functional", made.item)
                draft = expenditure(
                    codes, day, amount=amount, unit_id=unit_id, functional_item_id=item
                )
            doc = maker.documents.create_and_submit(draft)
            self.checker.reviews.approve(doc.id, version=doc.version)
            run_sql(
                server,
                _DECIDED,
                at=dt.datetime.combine(day, dt.time(10), tzinfo=OFFICE),
                hours=made.hours,
                late=made.late,
                id=doc.id,
            )
        manual = maker.documents.create_and_submit(
            voucher_draft(codes, self.day, ("500102", str(MANUAL), "0"), ("100201", "0", "250.55"))
        )
        self.checker.reviews.approve(manual.id, version=manual.version)
        run_sql(server, "DELETE FROM approval_steps WHERE document_id = :id", id=manual.id)

    def month(self, made: Made) -> str:
        return (self.earlier if made.earlier else self.day).strftime("%Y-%m")


@pytest.fixture(scope="module")
def books(live_server: LiveServer) -> Books:
    return Books(live_server, office(live_server))


def open_reports(qtbot: QtBot, server: LiveServer, user: Account) -> ReportsPage:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, server, user)
    window.show_page("reports")
    return window.reports


def run(qtbot: QtBot, page: ReportsPage, report: str, **params: object) -> None:
    """Choose the report, set its parameters as a user would, press 运行, wait."""
    page.choose(report)
    for field, value in params.items():
        editor = page.panel.editors[field]
        if isinstance(editor, QDateEdit):
            assert isinstance(value, dt.date)
            editor.setDate(QDate(value.year, value.month, value.day))
        elif isinstance(editor, QSpinBox):
            assert isinstance(value, int)
            editor.setValue(value)
        elif isinstance(editor, CodePicker):  # type the code and Enter, as a clerk does
            assert isinstance(value, str)
            editor.clear()
            type_into(qtbot, editor, value)
            assert editor.current_id is not None and editor.text().startswith(value)
        else:
            assert isinstance(editor, QComboBox)
            editor.setCurrentIndex(editor.findData(value))
    generation = page.generation
    page.run_button.click()
    qtbot.waitUntil(lambda: page.generation > generation and not page.busy, timeout=WAIT_MS)


def table(page: ReportsPage) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def bars(page: ReportsPage) -> tuple[list[str], dict[str, list[float]]]:
    [chart] = page.chart.charts()
    assert chart.localizeNumbers()  # thousands separators on the axis and the bars
    [series] = chart.series()
    assert isinstance(series, QBarSeries)
    [axis] = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QBarCategoryAxis)
    values = {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}
    return axis.categories(), values


def test_the_summary_by_month_and_item_its_chart_the_pdf_and_the_preview(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    books: Books,
    tmp_path: Path,
) -> None:
    page = open_reports(qtbot, live_server, books.analyst)
    run(qtbot, page, "summary", date_from=books.earlier, date_to=books.day, by="month")
    months: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"income": ZERO, "expenditure": ZERO}
    )
    counts: dict[str, int] = defaultdict(int)
    for made in PLAN:
        months[books.month(made)][made.kind.value] += made.amount
        counts[books.month(made)] += 1
    order = sorted(months)
    assert table(page) == [
        *(
            [
                month,
                format_money(months[month]["income"]),
                format_money(months[month]["expenditure"]),
                str(counts[month]),
            ]
            for month in order
        ),
        ["合计", "4,080.56", "1,945.66", "6"],  # 1200.10 + 2000.01 + 880.45; 345.67 + 1500 + 99.99
    ]
    right = page.model.data(page.model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert right & Qt.AlignmentFlag.AlignRight
    assert page.chart.isVisible()
    categories, values = bars(page)
    assert categories == order
    assert values == {
        "收入": [float(months[m]["income"]) for m in order],
        "支出": [float(months[m]["expenditure"]) for m in order],
    }

    run(qtbot, page, "summary", by="item")
    by_item: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for made in PLAN:
        by_item[made.item] += made.amount
    rows = table(page)
    assert {row[0].split()[0]: row[1] if row[1] != "0.00" else row[2] for row in rows[:-1]} == {
        code: format_money(amount) for code, amount in by_item.items()
    }
    pies = page.chart.charts()
    assert [chart.title() for chart in pies] == ["收入构成", "支出构成"]
    kinds = (DocumentKind.INCOME, DocumentKind.EXPENDITURE)
    for chart, legend, kind in zip(pies, page.chart.legends, kinds, strict=True):
        [pie] = chart.series()
        assert isinstance(pie, QPieSeries)
        codes = sorted(made.item for made in PLAN if made.kind is kind)
        assert [s.value() for s in pie.slices()] == pytest.approx(
            [float(by_item[code]) for code in sorted(set(codes))]
        )
        for code, piece in zip(sorted(set(codes)), pie.slices(), strict=True):
            assert piece.label() == f"{piece.percentage():.1%}"  # the share on the slice
            assert code in legend.text() and piece.label() in legend.text()  # named beside it

    require_chinese_font()
    target = tmp_path / "收支汇总表.pdf"
    page.export_pdf(target)
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS)
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 10_000
    text = pdf_text(target)
    for expected in ("收支汇总表", "按收支科目", "制表人", "rep.analyst", "4,080.56", "1,945.66"):
        assert expected in text, expected

    page.print_preview()
    dialog = page.preview_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "收支汇总表"
    dialog.close()


@dataclass(frozen=True)
class Posted:
    """A voucher line of the books, as the API shows the voucher."""

    day: dt.date
    number: str | None
    codes: tuple[str, ...]  # its account and the accounts above it
    summary: str
    debit: Decimal
    credit: Decimal


def posted_lines(api: ApiClient) -> list[Posted]:
    """Every line of the approved and posted vouchers in the user's scope."""
    accounts = {a.id: a for a in api.documents.reference().accounts}
    query = DocumentQuery(
        kind=DocumentKind.VOUCHER, statuses=[DocumentStatus.APPROVED, DocumentStatus.POSTED]
    )
    found = []
    for row in api.search.documents(query, limit=500).rows:
        doc = api.documents.get(row.id)
        for line in doc.lines:
            codes, account_id = [], line.account_id
            while account_id is not None:
                codes.append(accounts[account_id].code)
                account_id = accounts[account_id].parent_id
            summary = line.summary or doc.summary
            found.append(
                Posted(doc.doc_date, doc.number, tuple(codes), summary, line.debit, line.credit)
            )
    return found


def ledger_lines(api: ApiClient, start: dt.date) -> dict[str, dict[str, Decimal]]:
    """Opening (before ``start``), debit and credit by account code, rolled up the tree."""
    found: dict[str, dict[str, Decimal]] = defaultdict(
        lambda: {"opening": ZERO, "debit": ZERO, "credit": ZERO}
    )
    for line in posted_lines(api):
        for code in line.codes:
            sums = found[code]
            if line.day < start:
                sums["opening"] += line.debit - line.credit
            else:
                sums["debit"] += line.debit
                sums["credit"] += line.credit
    return found


def test_efficiency_balances_and_a_backwards_period(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    books: Books,
) -> None:
    page = open_reports(qtbot, live_server, books.analyst)
    run(qtbot, page, "efficiency", date_from=books.earlier, date_to=books.day, by="reviewer")
    assert table(page) == [
        # hours 1..6: average 3.5, 90th percentile 1 + 0.9 * 5; one of six decided late
        ["rep.checker", "6", "3.50", "5.50", "16.67%"],
        ["合计", "6", "", "", ""],
    ]
    assert bars(page) == (["rep.checker"], {"平均用时": [3.5]})
    page.choose("balances")  # another report: the last one's figures leave with it
    assert table(page) == [] and page.heading.text() == "" and page.chart.isHidden()
    assert not page.pdf_button.isEnabled()

    run(qtbot, page, "efficiency", by="month")
    earlier, now = books.earlier.strftime("%Y-%m"), books.day.strftime("%Y-%m")
    assert [row[:3] for row in table(page)] == [
        [earlier, "2", "1.50"],
        [now, "4", "4.50"],
        ["合计", "6", ""],
    ]
    [chart] = page.chart.charts()
    [line] = chart.series()
    assert isinstance(line, QLineSeries)
    assert [(p.x(), p.y()) for p in line.points()] == [(0.0, 1.5), (1.0, 4.5)]

    start = books.day.replace(day=1)
    run(qtbot, page, "balances", date_from=start, date_to=books.day)
    assert not page.chart.isVisible()  # a balance table has no chart
    rows = table(page)
    this_month = sum((m.amount for m in PLAN if not m.earlier), MANUAL)  # each posts both sides
    assert rows[-1] == ["合计", "", "", "", format_money(this_month), format_money(this_month), ""]
    expected = ledger_lines(books.checker, start)
    parent = next(i for i, row in enumerate(rows) if row[0] == "1002")
    child = next(i for i, row in enumerate(rows) if row[0].strip() == "100201")
    assert parent < child and rows[child][0] == INDENT + "100201"  # one level down the tree
    for index, code in ((parent, "1002"), (child, "100201")):
        want = expected[code]
        closing = want["opening"] + want["debit"] - want["credit"]  # a debit-side account
        assert rows[index][2:] == [
            "借",
            format_money(want["opening"]),
            format_money(want["debit"]),
            format_money(want["credit"]),
            format_money(closing),
        ], code
    assert expected["100201"]["credit"] >= MANUAL

    shown = page.shown
    run(qtbot, page, "balances", date_from=books.day, date_to=books.earlier)
    assert "不能早于开始日期" in page.message.text()
    assert page.panel.is_marked("date_to") and not page.panel.is_marked("date_from")
    assert page.shown is shown  # the table still shows the last good run
    run(qtbot, page, "balances", date_from=start, date_to=books.day)
    assert not page.panel.is_marked("date_to")


def signed(side: str, amount: str) -> Decimal:
    """A balance as a ledger shows it (借 / 贷 / 平 and its size), on the debit side."""
    size = Decimal(amount.replace(",", ""))
    return {"借": size, "贷": -size, "平": ZERO}[side]


def shown_side(balance: Decimal) -> list[str]:
    """方向 and 余额 of a debit-side account's balance, as a ledger shows them."""
    side = "借" if balance > 0 else "贷" if balance < 0 else "平"
    return [side, format_money(abs(balance))]


def exported(server: LiveServer) -> tuple[str, str, str, int] | None:
    """The last export in the operation log: who, which report, its parameters, rows."""
    with UnitOfWork(server.engine).transaction() as session:
        found = session.execute(
            text(
                "SELECT actor_name, after->>'report', after->>'parameters',"
                " (after->>'rows')::int FROM audit_log"
                " WHERE action = 'export.report' ORDER BY id DESC LIMIT 1"
            )
        ).one_or_none()
    return None if found is None else (found[0], found[1], found[2], found[3])


def test_ledgers_of_the_bank_account_daily_operations_and_the_export_log(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    books: Books,
    tmp_path: Path,
) -> None:
    page = open_reports(qtbot, live_server, books.analyst)
    assert "usage" not in page.offered()  # 系统使用情况: auditors and administrators only
    qtbot.waitUntil(lambda: page.reference.data is not None, timeout=WAIT_MS)
    lines = [line for line in posted_lines(books.checker) if "1002" in line.codes]
    assert any(line.credit == MANUAL for line in lines)

    # 总账: the year's opening, then each month up to this one (office time)
    year, server_day = books.day.year, today(live_server)  # the server's office date
    this_month = server_day.month if server_day.year == year else 12
    run(qtbot, page, "general_ledger", account="1002", year=year)
    assert page.heading.text().startswith("总账  会计科目 1002 ")
    opening = sum((li.debit - li.credit for li in lines if li.day.year < year), ZERO)
    expected = [["上年结转", "", "", *shown_side(opening), "", ""]]
    balance, year_debit, year_credit = opening, ZERO, ZERO
    for month in range(1, this_month + 1):
        those = [li for li in lines if li.day.year == year and li.day.month == month]
        debit = sum((li.debit for li in those), ZERO)
        credit = sum((li.credit for li in those), ZERO)
        balance += debit - credit
        year_debit, year_credit = year_debit + debit, year_credit + credit
        expected.append(
            [
                f"{month}月",
                format_money(debit),
                format_money(credit),
                *shown_side(balance),
                format_money(year_debit),
                format_money(year_credit),
            ]
        )
    assert table(page) == expected
    bold = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()  # the opening row
    [chart] = page.chart.charts()
    [line] = chart.series()
    assert isinstance(line, QLineSeries) and "月末余额" in chart.title()
    assert [p.y() for p in line.points()] == pytest.approx(
        [float(signed(row[3], row[4])) for row in expected[1:]]
    )

    # 明细账: an account is required; then every line with the balance after it
    page.choose("detail_ledger")
    assert page.panel.editors["account"].text().startswith("1002 ")  # kept from 总账
    page.panel.editors["account"].clear()
    page.run_button.click()
    assert page.panel.is_marked("account") and "请选择会计科目" in page.message.text()
    start = books.day.replace(day=1)  # last month's income is the opening balance
    run(qtbot, page, "detail_ledger", account="1002", date_from=start, date_to=books.day)
    assert not page.panel.is_marked("account") and not page.chart.isVisible()
    before = sum((li.debit - li.credit for li in lines if li.day < start), ZERO)
    assert before >= Decimal("1200.10")
    within = [li for li in lines if start <= li.day <= books.day]
    rows = table(page)
    assert rows[0] == ["", "", "期初余额", "", "", "", *shown_side(before)]
    body, last = rows[1:-1], rows[-1]
    assert sorted((r[0], r[1], r[2], r[3], r[4], r[5]) for r in body) == sorted(
        (
            li.day.isoformat(),
            li.number or "",
            li.summary,
            li.codes[0],
            format_money(li.debit),
            format_money(li.credit),
        )
        for li in within
    )
    running = before
    for row in body:
        running += Decimal(row[4].replace(",", "")) - Decimal(row[5].replace(",", ""))
        assert signed(row[6], row[7]) == running, row
    debit = sum((li.debit for li in within), ZERO)
    credit = sum((li.credit for li in within), ZERO)
    assert running == before + debit - credit
    assert last == [
        "",
        "",
        "本期合计",
        "",
        format_money(debit),
        format_money(credit),
        *shown_side(before + debit - credit),
    ]
    assert page.message.text() == f"共 {len(body)} 行"  # voucher lines: not opening, not 合计

    # the PDF is written, then logged with the number of voucher lines
    require_chinese_font()
    target = tmp_path / "明细账.pdf"
    page.export_pdf(target)
    qtbot.waitUntil(lambda: "已导出到" in page.message.text(), timeout=WAIT_MS)
    described = page.panel.describe()
    want = ("rep.analyst", "明细账", described, len(body))
    qtbot.waitUntil(lambda: exported(live_server) == want, timeout=WAIT_MS)
    text_ = pdf_text(target)
    for expected_text in ("明细账", "期初余额", "本期合计", "1002", format_money(debit)):
        assert expected_text in text_, expected_text

    # 日常业务量: the clerk's entries and the checker's decisions, per person
    run(
        qtbot,
        page,
        "daily_operations",
        date_from=books.earlier,
        date_to=books.day + dt.timedelta(days=1),  # office time is ahead of UTC
    )
    rows = table(page)
    people: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows[:-1]:
        for n in range(3):
            people[row[2]][n] += int(row[3 + n])
    made = len(PLAN) + 1  # and the manual voucher; vouchers made from records are not work
    assert people["rep.clerk"] == [made, made, 0]
    assert people["rep.checker"] == [0, 0, len(PLAN)]  # the manual voucher's steps are gone
    assert rows[-1][0] == "合计" and rows[-1][3] == str(sum(p[0] for p in people.values()))
    categories, values = bars(page)
    clerk_at, checker_at = categories.index("rep.clerk"), categories.index("rep.checker")
    assert values["录入"][clerk_at] == made and values["审批"][checker_at] == len(PLAN)


def test_system_usage_is_offered_to_auditors_with_a_line_per_measure(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    books: Books,
) -> None:
    auditor = add_user(live_server, "rep.auditor", [Role.AUDITOR])
    page = open_reports(qtbot, live_server, auditor)
    assert "usage" in page.offered()
    run(qtbot, page, "usage", date_from=books.earlier, date_to=books.day + dt.timedelta(days=1))
    rows = table(page)
    with UnitOfWork(live_server.engine).transaction() as session:
        logins = session.execute(
            text("SELECT count(*) FROM audit_log WHERE action = 'login.succeeded'")
        ).scalar_one()
    assert rows[-1][0] == "合计" and rows[-1][1] == f"{logins:,}" and rows[-1][3] == ""
    [chart] = page.chart.charts()
    assert [line.name() for line in chart.series()] == ["登录次数", "活跃用户"]
    assert chart.legend().isVisible()
    [active] = [line for line in chart.series() if line.name() == "活跃用户"]
    assert isinstance(active, QLineSeries)
    days = [books.earlier + dt.timedelta(days=n) for n in range(len(active.points()))]
    assert days[-1] == books.day + dt.timedelta(days=1)  # every day of the period
    active_on = {row[0]: float(row[3]) for row in rows[:-1]}  # days with logins only
    assert [p.y() for p in active.points()] == [active_on.get(d.isoformat(), 0.0) for d in days]


def test_a_detail_ledger_cut_short_says_so_and_totals_every_line(qtbot: QtBot) -> None:
    """Past DETAIL_LIMIT lines the server sends the first ones and the totals of all
    (5,000 vouchers would make this module slow: the answer is made here)."""
    [detail] = [d for d in ReportCatalog().definitions() if d.key == "detail_ledger"]
    line = DetailLineOut(
        document_id=1,
        doc_date=dt.date(2026, 1, 5),
        number="记-0001",
        summary="收到拨款",
        account_code="100201",
        debit=Decimal("10.00"),
        credit=ZERO,
        balance=Decimal("15.00"),
    )
    answer = DetailLedgerOut(
        account_id=1,
        code="1002",
        name="银行存款",
        normal_side="debit",
        date_from=dt.date(2026, 1, 1),
        date_to=dt.date(2026, 12, 31),
        opening=Decimal("5.00"),
        debit=Decimal("123456.78"),
        credit=Decimal("123500.00"),
        closing=Decimal("-38.22"),
        lines=[line],
        truncated=True,
    )
    fetched = Fetched([line], answer=answer)
    assert "5,000" in detail.note(fetched) and "全部" in detail.note(fetched)
    assert detail.totals is not None
    assert detail.totals(fetched)[2:] == (
        "本期合计",
        None,
        Decimal("123456.78"),
        Decimal("123500.00"),
        "贷",  # a debit-side account below nil stands on the credit side
        Decimal("38.22"),
    )
    assert detail.note(Fetched([line], answer=answer.model_copy(update={"truncated": False}))) == ""
