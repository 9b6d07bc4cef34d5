"""Query, report and export timings on the data set of bench/load_data.py.

    .venv/bin/python -m bench.queries --data-dir /tmp/cs-bench [--calls 20]

Starts `countersign-server run` on the loaded data directory and measures through
client/api (HTTPS, as the workbench calls it): the first page (100 rows) of ten
common filtered queries and the page after it, word searches, the balance table
for a year, the general ledger of an account for a year, its detail ledger for a
month, the monthly summary, and an export of about 100,000 rows (with the
server's memory sampled while it runs). In the same run, as the limits: the plain
SQL of each first page on psycopg2, a plain openpyxl write-only export of the same
rows, and the balance table summed from every voucher line (what the report reads
instead for closed months: their kept totals; bench/close_periods.py closes them).
The last line is one JSON object of the figures in milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import threading
import time
import types
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import psutil
import psycopg2
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from bench.bench_server import database_url, logged_in, start_server
from client.api import ApiClient
from common.enums import DocumentKind, DocumentStatus
from common.schemas.reports import SummaryBy
from common.schemas.search import DocumentQuery, SearchIn, SortKey
from server.db.engine import build_engine
from server.db.models import BudgetUnit, User
from server.services.exports import exports, search


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(call: Callable[[], object], calls: int) -> list[float]:
    call()  # warm: connections and plans
    found = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        found.append((time.perf_counter() - started) * 1000)
    return found


def queries(session: Session) -> list[DocumentQuery]:
    bureau = session.scalar(select(BudgetUnit.id).where(BudgetUnit.code == "001003"))
    leaf = session.scalar(select(BudgetUnit.id).where(BudgetUnit.code == "001005004"))
    maker = session.scalar(select(User.id).where(User.username == "bench.clerk7"))
    return [
        DocumentQuery(),
        DocumentQuery(
            kind=DocumentKind.VOUCHER, date_from=dt.date(2025, 6, 1), date_to=dt.date(2025, 6, 30)
        ),
        DocumentQuery(
            date_from=dt.date(2025, 1, 1),
            date_to=dt.date(2025, 12, 31),
            amount_min=Decimal("10000"),
        ),
        DocumentQuery(unit_id=bureau),
        DocumentQuery(statuses=[DocumentStatus.POSTED], sort=SortKey.AMOUNT),
        DocumentQuery(maker_id=maker),
        DocumentQuery(
            amount_min=Decimal("1000"),
            amount_max=Decimal("2000"),
            sort=SortKey.AMOUNT,
            descending=False,
        ),
        DocumentQuery(unit_id=leaf, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 31)),
        DocumentQuery(date_to=dt.date(2024, 12, 31)),  # the oldest year, newest first
        DocumentQuery(kind=DocumentKind.VOUCHER, amount_max=Decimal("500")),
    ]


def inline(statement: Any) -> str:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _caller(user_id: int) -> Any:
    return types.SimpleNamespace(user=types.SimpleNamespace(id=user_id))


def plain_sql(session: Session, user_id: int, query: DocumentQuery) -> str:
    """The SQL the search service runs for a first page, with its values inline."""
    body = SearchIn(query=query, limit=100)
    return inline(search.page_statement(session, _caller(user_id), body))


def export_sql(session: Session, user_id: int, query: DocumentQuery) -> str:
    """The rows an export writes, as plain SQL."""
    return inline(exports.rows_statement(session, _caller(user_id), query))


def lines_balance_sql(date_from: dt.date, date_to: dt.date) -> str:
    """The balance table summed from every line up to ``date_to`` (no kept totals)."""
    return f"""
SELECT l.account_id,
       sum(CASE WHEN d.doc_date < '{date_from}' THEN l.debit - l.credit ELSE 0 END),
       sum(CASE WHEN d.doc_date >= '{date_from}' THEN l.debit ELSE 0 END),
       sum(CASE WHEN d.doc_date >= '{date_from}' THEN l.credit ELSE 0 END)
  FROM voucher_lines l JOIN documents d ON d.id = l.document_id
 WHERE d.kind = 'voucher' AND d.status IN ('approved', 'posted') AND d.deleted_at IS NULL
   AND d.doc_date <= '{date_to}'
 GROUP BY l.account_id"""


def page_of(api: ApiClient, query: DocumentQuery, after: str | None) -> Callable[[], object]:
    return lambda: api.search.documents(query, limit=100, after=after)


def run_sql(cursor: Any, sql: str) -> Callable[[], object]:
    def run() -> object:
        cursor.execute(sql)
        return cursor.fetchall()

    return run


def sample_rss(process: psutil.Process, stop: threading.Event, peak: list[float]) -> None:
    while not stop.is_set():
        peak.append(process.memory_info().rss / 2**20)
        time.sleep(0.05)


def export_timed(
    api: ApiClient, query: DocumentQuery, server: psutil.Process
) -> tuple[float, float]:
    """Milliseconds for the export, and the server's peak RSS growth in MB."""
    base = server.memory_info().rss / 2**20
    peak: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(server, stop, peak))
    sampler.start()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        api.search.export(query, Path(tmp) / "export.xlsx")
        elapsed = (time.perf_counter() - started) * 1000
    stop.set()
    sampler.join()
    return elapsed, max(peak, default=base) - base


def plain_export(url: str, query_sql: str) -> float:
    """Fetch the same rows on psycopg2 and write them with openpyxl write-only."""
    started = time.perf_counter()
    connection = psycopg2.connect(url)
    cursor = connection.cursor(name="export")  # server-side, as the service streams
    cursor.itersize = 2000
    cursor.execute(query_sql)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("rows")
    for row in cursor:
        sheet.append(list(row))
    with tempfile.TemporaryDirectory() as tmp:
        book.save(Path(tmp) / "plain.xlsx")
    connection.close()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--port", type=int, default=18444)
    args = parser.parse_args()
    users = json.loads((args.data_dir / "bench-users.json").read_text())
    server = start_server(args.data_dir, args.port)
    try:
        url = f"https://127.0.0.1:{args.port}"
        db_url = database_url(args.data_dir)
        engine = build_engine(db_url, pool_size=1)
        analyst = logged_in(url, "bench.analyst0", users)
        with Session(engine) as session:
            analyst_id = session.scalar(select(User.id).where(User.username == "bench.analyst0"))
            assert analyst_id is not None
            common = queries(session)
            sqls = [plain_sql(session, analyst_id, q) for q in common]
        first: list[float] = []
        following: list[float] = []
        limits: list[float] = []
        connection = psycopg2.connect(db_url)
        cursor = connection.cursor()
        for number, (query, sql) in enumerate(zip(common, sqls, strict=True), start=1):
            these = timed(page_of(analyst, query, None), args.calls)
            first += these
            print(f"query {number:2}: first page p95 {percentile(these, 0.95):8.1f} ms  {query}")
            token = analyst.search.documents(query, limit=100).next
            if token is not None:
                following += timed(page_of(analyst, query, token), args.calls)
            limits += timed(run_sql(cursor, sql), args.calls)
        connection.close()
        fuzzy = []
        for words in ("办公用品", "水公司", "维修 宏达", "会议费12"):
            fuzzy += timed(page_of(analyst, DocumentQuery(text=words), None), args.calls)
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        balance = timed(lambda: analyst.reports.balances(*year), 3)
        bank = next(a for a in analyst.documents.reference().accounts if a.code == "1002")
        general = timed(lambda: analyst.reports.general_ledger(bank.id, 2025), 3)
        detail = timed(
            lambda: analyst.reports.detail_ledger(
                bank.id, dt.date(2025, 3, 1), dt.date(2025, 3, 31)
            ),
            3,
        )
        connection = psycopg2.connect(db_url)
        balance_lines = timed(run_sql(connection.cursor(), lines_balance_sql(*year)), 3)
        connection.close()
        monthly = timed(lambda: analyst.reports.summary(*year, SummaryBy.MONTH), 3)
        big = DocumentQuery(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 4, 18))
        small = DocumentQuery(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 1, 11))
        rows_big = analyst.search.totals(big).count
        rows_small = analyst.search.totals(small).count
        process = psutil.Process(server.pid)
        export_small, rss_small = export_timed(analyst, small, process)
        export_big, rss_big = export_timed(analyst, big, process)
        with Session(engine) as session:
            big_sql = export_sql(session, analyst_id, big)
        limit_big = plain_export(db_url, big_sql)
        engine.dispose()
    finally:
        server.terminate()
        server.wait(timeout=60)
    figures = {
        "first_page_p50": round(statistics.median(first), 1),
        "first_page_p95": round(percentile(first, 0.95), 1),
        "first_page_sql_p95": round(percentile(limits, 0.95), 1),
        "next_page_p50": round(statistics.median(following), 1),
        "next_page_p95": round(percentile(following, 0.95), 1),
        "fuzzy_p50": round(statistics.median(fuzzy), 1),
        "fuzzy_p95": round(percentile(fuzzy, 0.95), 1),
        "balance_year": round(statistics.median(balance), 1),
        "balance_year_from_lines_sql": round(statistics.median(balance_lines), 1),
        "general_ledger_year": round(statistics.median(general), 1),
        "detail_ledger_month": round(statistics.median(detail), 1),
        "monthly_summary": round(statistics.median(monthly), 1),
        "export_rows": rows_big,
        "export_100k": round(export_big, 1),
        "export_limit_100k": round(limit_big, 1),
        "export_server_rss_growth_mb": round(rss_big, 1),
        "export_small_rows": rows_small,
        "export_small_server_rss_growth_mb": round(rss_small, 1),
        "export_small": round(export_small, 1),
    }
    for key, value in figures.items():
        print(f"{key:36} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
