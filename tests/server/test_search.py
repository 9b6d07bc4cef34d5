"""Document queries through client/api: scope holds under every filter, sort and
page token; keyset pages cover the set exactly once; words are found in any
order and case; totals are exact to the cent."""

from __future__ import annotations

import base64
import datetime as dt
import json
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from client.api import ApiClient
from client.api.transport import DownloadCancelled
from common.enums import DocumentKind, DocumentStatus, ReviewLevel, Role
from common.schemas.export_jobs import ExportState
from common.schemas.search import DocumentQuery, SearchRowOut, SortKey
from server.db.uow import UnitOfWork
from server.services.exports.exports import write_workbook
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, expenditure, income, run_sql, today
from tests.support.holds import HeldExport
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer


class Office:
    """Two bureaus' clerks, what they entered, and a reviewer over the whole city."""

    def __init__(self, server: LiveServer, codes: Codes) -> None:
        day = today(server)
        self.education = log_in(server, clerk(server, "q.edu", unit="001001"))
        self.health = log_in(server, clerk(server, "q.health", unit="001002"))
        self.city_account = reviewer(server, "q.city", (ReviewLevel.SUPERVISOR, "001"))
        self.city = log_in(server, self.city_account)
        self.education_docs = []
        for n in range(23):
            draft = expenditure(
                codes,
                day - dt.timedelta(days=n % 9),
                amount=f"{100 + n * 37}.{n:02d}",
                payee=f"Alpha Supplies 第{n}号" if n % 3 == 0 else f"城东文具店{n}",
                summary="购买办公用品" if n % 2 == 0 else "差旅费报销",
                unit_id=codes.units["001001001"],
            )
            self.education_docs.append(self.education.documents.create_and_submit(draft))
        self.education_draft = self.education.documents.create(
            income(codes, day, amount="77.70", payer="草稿缴款人", unit_id=codes.units["001001"])
        )
        self.health_docs = [
            self.health.documents.create_and_submit(
                expenditure(
                    codes,
                    day,
                    amount=f"{200 + n}.00",
                    payee=f"城东文具店{n}",
                    summary="购买办公用品",
                    unit_id=codes.units["001002"],
                )
            )
            for n in range(6)
        ]
        self.health_draft = self.health.documents.create(
            income(codes, day, amount="88.80", payer="卫健草稿", unit_id=codes.units["001002"])
        )


@pytest.fixture(scope="module")
def office(live_server: LiveServer, codes: Codes) -> Office:
    return Office(live_server, codes)


def everything(api: ApiClient, query: DocumentQuery, limit: int = 7) -> list[SearchRowOut]:
    rows, after = [], None
    while True:
        page = api.search.documents(query, limit=limit, after=after)
        rows.extend(page.rows)
        if page.next is None:
            return rows
        after = page.next


QUERIES = [
    DocumentQuery(),
    DocumentQuery(text="办公用品"),
    DocumentQuery(sort=SortKey.AMOUNT, descending=False),
    DocumentQuery(kind=DocumentKind.EXPENDITURE, sort=SortKey.UPDATED_AT),
    DocumentQuery(amount_min=Decimal("150.00"), amount_max=Decimal("900.00")),
    DocumentQuery(statuses=[DocumentStatus.DRAFT, DocumentStatus.SUBMITTED]),
]


@pytest.mark.parametrize("query", QUERIES)
def test_a_clerk_never_sees_another_bureaus_rows(
    office: Office, codes: Codes, query: DocumentQuery
) -> None:
    health_ids = {d.id for d in office.health_docs} | {office.health_draft.id}
    rows = everything(office.education, query)
    assert rows and not {row.id for row in rows} & health_ids
    assert all(row.unit_id != codes.units["001002"] for row in rows)
    asked_for_it = query.model_copy(update={"unit_id": codes.units["001002"]})
    assert office.education.search.documents(asked_for_it).rows == []
    assert office.education.search.totals(asked_for_it).count == 0


def test_drafts_are_their_makers_alone(office: Office) -> None:
    mine = {row.id for row in everything(office.education, DocumentQuery())}
    assert office.education_draft.id in mine
    city = {row.id for row in everything(office.city, DocumentQuery(), limit=50)}
    assert office.education_draft.id not in city and office.health_draft.id not in city
    assert {d.id for d in office.health_docs} <= city  # the city reviewer's scope is everything


def test_pages_cover_the_set_once_in_order_and_totals_are_exact(office: Office) -> None:
    query = DocumentQuery(sort=SortKey.AMOUNT, descending=False, kind=DocumentKind.EXPENDITURE)
    rows = everything(office.education, query, limit=4)
    expected = sorted(office.education_docs, key=lambda d: (d.amount, d.id))
    assert [row.id for row in rows] == [d.id for d in expected]
    totals = office.education.search.totals(query)
    assert totals.count == len(expected)
    assert totals.amount == sum((d.amount for d in expected), Decimal("0.00"))
    newest_first = everything(office.education, DocumentQuery(kind=DocumentKind.EXPENDITURE))
    assert [(r.doc_date, r.id) for r in newest_first] == sorted(
        ((d.doc_date, d.id) for d in office.education_docs), reverse=True
    )


def test_a_page_token_is_not_a_key_to_other_rows(office: Office, codes: Codes) -> None:
    query = DocumentQuery(sort=SortKey.AMOUNT)
    first = office.education.search.documents(query, limit=3)
    assert first.next is not None
    other = DocumentQuery(sort=SortKey.AMOUNT, text="办公")
    wrong = refused(office.education.search.documents, other, limit=3, after=first.next)
    assert (wrong.status, wrong.code, wrong.params["field"]) == (422, "search.bad_token", "after")
    garbage = refused(office.education.search.documents, query, after="not-a-token")
    assert garbage.code == "search.bad_token"
    # a hand-made token still only pages through the caller's own scope
    payload = json.loads(base64.urlsafe_b64decode(first.next))
    payload["v"], payload["i"] = "999999999.00", 10**9
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    rows = office.education.search.documents(query, limit=100, after=forged).rows
    assert rows and all(row.unit_id != codes.units["001002"] for row in rows)


def test_words_are_found_in_any_order_and_case(office: Office) -> None:
    def found(text: str) -> set[int]:
        # expenditures: an approval elsewhere in the module posts a voucher that
        # carries the same summary
        query = DocumentQuery(text=text, kind=DocumentKind.EXPENDITURE)
        return {row.id for row in everything(office.education, query)}

    stationery = {d.id for n, d in enumerate(office.education_docs) if n % 2 == 0}
    assert found("办公用品") == stationery
    assert found("用品 购买") == stationery
    alpha = {d.id for n, d in enumerate(office.education_docs) if n % 3 == 0}
    assert found("alpha supplies") == alpha == found("ALPHA")
    assert found("差") == {d.id for n, d in enumerate(office.education_docs) if n % 2 == 1}
    assert found("%") == set() and found("_") == set()
    both = found("城东 办公")
    assert both == {d.id for n, d in enumerate(office.education_docs) if n % 2 == 0 and n % 3 != 0}


def test_filters_by_maker_reviewer_and_date(office: Office, live_server: LiveServer) -> None:
    doc = office.education_docs[4]
    office.city.reviews.approve(doc.id, version=doc.version)
    by_reviewer = everything(office.education, DocumentQuery(reviewer_id=office.city_account.id))
    assert [row.id for row in by_reviewer] == [doc.id]
    assert by_reviewer[0].status is DocumentStatus.POSTED  # posting follows approval
    day = today(live_server)
    on_the_day = everything(office.education, DocumentQuery(date_from=day, date_to=day))
    assert {r.id for r in on_the_day} == {
        d.id for d in office.education_docs if d.doc_date == day
    } | {office.education_draft.id}
    health_maker = office.health_docs[0]
    assert everything(office.city, DocumentQuery(text="城东文具店0"), limit=50)
    only_health = everything(office.city, DocumentQuery(unit_id=health_maker.unit_id), limit=50)
    assert {r.id for r in only_health} == {d.id for d in office.health_docs}


def test_an_export_holds_real_numbers_and_dates_and_says_who_and_what(
    office: Office, live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    query = DocumentQuery(kind=DocumentKind.EXPENDITURE, text="办公")
    target = tmp_path / "办公用品.xlsx"
    rows = office.education.search.export(query, target)
    book = load_workbook(target)
    sheet = book.active
    assert sheet is not None and sheet.freeze_panes == "A3"
    title = str(sheet["A1"].value)
    assert "q.edu" in title and "导出时间" in title
    assert "类别=支出" in title and "摘要或对方=办公" in title  # the filters, as people read them
    assert [c.value for c in sheet[2]][:5] == ["编号", "类别", "日期", "预算单位", "金额"]
    data = list(sheet.iter_rows(min_row=3, values_only=True))
    totals = office.education.search.totals(query)
    assert len(data) == totals.count == rows > 0
    assert all(isinstance(row[4], float | int) for row in data)  # numbers, not text
    assert all(isinstance(row[2], dt.datetime) for row in data)  # dates, not text
    assert sheet["E3"].number_format.startswith("#,##0.00")
    exported = sum((Decimal(str(row[4])) for row in data), Decimal("0.00"))
    assert exported.quantize(Decimal("0.01")) == totals.amount
    assert not any("001002" in str(row[3]) for row in data)  # never another bureau's
    assert book.properties.creator is not None and "q.edu" in book.properties.creator
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, (after->>'rows')::int FROM audit_log"
                " WHERE action = 'export.documents' ORDER BY id DESC LIMIT 1"
            )
        ).one()
    assert tuple(logged) == ("q.edu", totals.count)


def test_past_the_row_limit_an_export_goes_on_in_a_new_sheet(tmp_path: Path) -> None:
    target = tmp_path / "split.xlsx"
    rows = [(f"R{n}", dt.date(2026, 11, 1 + n), Decimal(f"{n}.25")) for n in range(7)]
    written = write_workbook(
        target,
        rows,
        title="title",
        headers=["编号", "日期", "金额"],
        widths=[10, 12, 14],
        money_columns=frozenset({2}),
        date_columns=frozenset({1}),
        creator="tester",
        subject="all",
        rows_per_sheet=3,
        sheet_name="单据",
    )
    assert written == 7
    book = load_workbook(target)
    assert book.sheetnames == ["单据", "单据 (2)", "单据 (3)"]
    counts = [sheet.max_row - 2 for sheet in book.worksheets]
    assert counts == [3, 3, 1]
    assert all(sheet["A2"].value == "编号" for sheet in book.worksheets)
    assert book.worksheets[2]["C3"].value == 6.25


def test_a_cancelled_export_leaves_nothing_behind(
    office: Office, live_server: LiveServer, tmp_path: Path
) -> None:
    target = tmp_path / "cancelled.xlsx"
    with pytest.raises(DownloadCancelled):
        office.education.search.export(DocumentQuery(), target, progress=lambda *_: False)
    assert list(tmp_path.iterdir()) == []
    for _ in range(200):  # the server's side stops at its next batch
        with UnitOfWork(live_server.engine).transaction() as session:
            job_id, state = session.execute(
                text("SELECT id, state FROM export_jobs ORDER BY started_at DESC LIMIT 1")
            ).one()
        if state != "running":
            break
        time.sleep(0.05)
    assert state == "cancelled"
    assert nothing_kept(live_server, job_id)


def test_a_large_export_runs_as_a_job_that_reports_progress_and_stops_when_cancelled(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    account = clerk(live_server, "q.bulk", unit="001003")
    api = log_in(live_server, account)
    run_sql(live_server, _BULK, unit=codes.units["001003"], maker=account.id, n=BULK_ROWS)
    query = DocumentQuery(unit_id=codes.units["001003"])
    seen: list[tuple[int, int]] = []

    def follow(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    rows = api.search.export(query, tmp_path / "bulk.xlsx", progress=follow, poll_seconds=0.05)
    assert rows == BULK_ROWS and seen[-1] == (BULK_ROWS, BULK_ROWS)
    assert all(total == BULK_ROWS for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    sheet = load_workbook(tmp_path / "bulk.xlsx", read_only=True).active
    assert sheet is not None and sum(1 for _ in sheet.iter_rows()) == BULK_ROWS + 2

    # the worker is held after its first batch, so the cancel lands mid-way for certain
    held = HeldExport(live_server)
    try:
        job = api.search.start_export(query)
        assert held.reached.wait(timeout=60), "the export never wrote its first batch"
        assert refused(office_of(live_server).search.export_job, job.id).status == 404
        assert api.search.export_job(job.id).state is ExportState.RUNNING
        api.search.cancel_export(job.id)
    finally:
        held.let_go()
    deadline = time.monotonic() + 60
    while (job := api.search.export_job(job.id)).state is ExportState.RUNNING:
        assert time.monotonic() < deadline, "the cancelled export never stopped"
        time.sleep(0.05)
    assert job.state is ExportState.CANCELLED and job.rows_done < BULK_ROWS
    assert nothing_kept(live_server, job.id)
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.scalar(
            text(
                "SELECT count(*) FROM audit_log"
                " WHERE action = 'export.documents' AND actor_name = 'q.bulk'"
            )
        )
    assert logged == 1  # the finished export, not the cancelled one


def nothing_kept(server: LiveServer, job_id: uuid.UUID) -> bool:
    """No file of the job in the database, and no scratch file of it on the disk."""
    with UnitOfWork(server.engine).transaction() as session:
        chunks = session.scalar(
            text("SELECT count(*) FROM export_files WHERE job_id = :id"), {"id": job_id}
        )
    scratch = server.settings.data_dir / "exports"
    return chunks == 0 and not list(scratch.glob(f"{job_id}*"))


def office_of(server: LiveServer) -> ApiClient:
    return log_in(server, clerk(server, "q.other", unit="001003"))


BULK_ROWS = 9_000
_BULK = """
INSERT INTO documents (kind, status, unit_id, doc_date, series, amount, summary, counterparty,
                       maker_id, version, updated_at)
SELECT 'voucher', 'draft', :unit, DATE '2026-11-02', '记', n, '批量 ' || n, '', :maker, 1, now()
  FROM generate_series(1, :n) AS n
"""


def test_text_that_looks_like_a_formula_is_exported_as_text(tmp_path: Path) -> None:
    target = tmp_path / "formula.xlsx"
    risky = ['=HYPERLINK("http://evil.example/","点此")', "+1", "@SUM(A1)", "-2"]
    write_workbook(
        target,
        [risky],
        title="t",
        headers=["a", "b", "c", "d"],
        widths=[10] * 4,
        money_columns=frozenset(),
        date_columns=frozenset(),
        creator="tester",
        subject="all",
    )
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [(cell.value, cell.data_type) for cell in sheet[3]] == [(v, "s") for v in risky]


def test_totals_keep_kinds_apart(office: Office) -> None:
    totals = office.city.search.totals(DocumentQuery())
    assert {part.kind for part in totals.by_kind} >= {DocumentKind.EXPENDITURE}
    assert sum(part.count for part in totals.by_kind) == totals.count


def test_a_document_number_finds_the_item_in_scope_only(office: Office) -> None:
    """The global search box: 支出-0003 (or 3) finds that item; a health bureau's
    number finds nothing for the education clerk."""
    mine, theirs = office.education_docs[2], office.health_docs[0]
    assert mine.number is not None and theirs.number is not None
    series, digits = mine.number.rsplit("-", 1)
    exact = DocumentQuery(number=int(digits), series=series)
    found = office.education.search.documents(exact).rows  # numbers restart each month
    assert mine.id in {row.id for row in found} and {row.number for row in found} == {mine.number}
    assert mine.id in {
        row.id for row in office.city.search.documents(DocumentQuery(number=int(digits))).rows
    }
    assert office.education.search.documents(exact.model_copy(update={"series": "无"})).rows == []
    their_series, their_digits = theirs.number.rsplit("-", 1)
    hidden = DocumentQuery(  # one month: there the number is the health item's alone
        number=int(their_digits),
        series=their_series,
        date_from=theirs.doc_date,
        date_to=theirs.doc_date,
    )
    assert office.education.search.documents(hidden).rows == []
    assert theirs.id in {row.id for row in office.city.search.documents(hidden).rows}


def test_people_to_filter_by_are_those_whose_units_touch_mine(
    office: Office, live_server: LiveServer, tmp_path: Path
) -> None:
    admin = add_user(live_server, "q.admin", [Role.ADMIN], unit_codes=("001",))
    names = {p.username for p in office.education.search.people()}
    assert "q.admin" not in names  # administrators' user names are nobody's business
    target = tmp_path / "probe.xlsx"
    office.education.search.export(DocumentQuery(maker_id=admin.id), target)
    sheet = load_workbook(target).active
    assert sheet is not None and f"制单人=#{admin.id}" in str(sheet["A1"].value)
    assert {"q.edu", "q.city"} <= names  # a colleague of my units and the reviewer above
    assert "q.health" not in names  # another bureau's clerk stays unknown
    assert [p.username for p in office.education.search.people("CITY")] == ["q.city"]
    city = office.city_account.id
    rows = everything(office.education, DocumentQuery(reviewer_id=city))
    assert all(row.unit_id != office.health_docs[0].unit_id for row in rows)


def test_an_export_stops_when_its_login_ends_and_is_its_sessions_alone(
    live_server: LiveServer, codes: Codes
) -> None:
    account = clerk(live_server, "q.leaver", unit="001003")
    run_sql(live_server, _BULK, unit=codes.units["001003"], maker=account.id, n=BULK_ROWS)
    first, second = log_in(live_server, account), log_in(live_server, account)
    held = HeldExport(live_server)
    try:  # the logout lands while the job is held after its first batch
        job = first.search.start_export(DocumentQuery(unit_id=codes.units["001003"]))
        assert held.reached.wait(timeout=60), "the export never wrote its first batch"
        assert refused(second.search.export_job, job.id).status == 404  # another session's
        first.auth.logout()
    finally:
        held.let_go()
    deadline = time.monotonic() + 60
    while True:
        with UnitOfWork(live_server.engine).transaction() as session:
            state, error = session.execute(
                text("SELECT state, error_code FROM export_jobs WHERE id = :id"), {"id": job.id}
            ).one()
        if state != "running" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert (state, error) == ("failed", "export.session_ended")
    assert nothing_kept(live_server, job.id)
