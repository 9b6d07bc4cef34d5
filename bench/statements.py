"""Statements (会计报表), year-end (年结) and the budget-quota check (预算指标) on
the bench ledger of bench/load_data.py, measured through client/api over HTTPS.

    .venv/bin/python -m bench.statements --data-dir /tmp/cs-bench [--vouchers 1000000]
        [--runs 10] [--year 2025] [--submissions 200] [--block 20] [--explain]

On a data directory made by bench/load_data.py (or, where it holds no
bench-users.json yet, after loading --vouchers N into it the same way) it
starts `countersign-server run` once, then sets up what the office would have:

- opening balances (期初余额) for every unit in the first month of the data
  (2024-01), financial 1–5 and budget 6–8 accounts each balanced — left as they
  are where that month is already closed;
- this year's initial quotas of every unit for 45 expenditure items (5
  functional × 9 economic: 9,045 rows for the 201 units), as one quota import;
- the close of every month that has ended, in order (as bench/close_periods.py).

Then it measures, as an analyst whose scope is the whole city:

1. each statement (balance-sheet, income-expense, budget-execution) for --year,
   for one unit (001001001) and for the city (the root, subtree=True): one
   warm-up, then p50/p95 over --runs requests;
2. year-end for --year over all units: the preview (GET, max(3, --runs/2)
   times, median), the close (POST, once; where the year was already closed
   the GET shows what was made, and there is no close to time) and the GET of
   the entries made (3 times, median);
3. expenditure submission (create and submit, one request) by a clerk of
   001001001 with the quota check on and off, interleaved in blocks of --block
   (quota_check switched in system_parameters between blocks; every request
   reads the parameters afresh), --submissions each: p50/p95 and on/off ratios.

Heavy requests go through client/api's transport with a long read timeout, so
what takes longer than the client's usual 15 s is measured rather than lost;
such figures are flagged. The bench ledger's vouchers take random leaf accounts
of every class, so its balance sheet does not balance (budget accounts 6–8 move
against financial ones); the figures do not depend on it.

The issue asks for 1,000,000 vouchers (the default). At 100,000 (--vouchers
100000) the load takes about 20 s and this whole run about 3 minutes on 2
cores. With --explain it prints EXPLAIN (ANALYZE, BUFFERS) of the ledger query
behind the city's year balance sheet. Prints each figure as it goes; the last
line is one JSON object of the figures (milliseconds unless named _s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import signal
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import psycopg2
import pyotp
from sqlalchemy import event, select

from bench.bench_server import database_url, logged_in, start_server
from bench.close_periods import ADMIN, ensure_admin, open_months
from bench.load_data import load, seed_people
from client.api import ApiClient, ApiError
from client.api.transport import DEFAULT_TIMEOUT
from common.schemas.documents import ExpenditureIn
from common.schemas.openings import OpeningBalancesIn, OpeningRowIn
from common.schemas.quotas import QuotaImportIn, QuotaImportOut, QuotaImportRowIn
from common.schemas.statements import StatementKind, StatementOut
from common.schemas.year_end import YearEndOut
from server.db.engine import build_engine
from server.db.models import BudgetItem, BudgetUnit, FiscalPeriod
from server.db.uow import UnitOfWork
from server.services.core.working_days import OFFICE_TZ
from server.services.ledger.statements import account_sums

T = TypeVar("T")
ANALYST = "bench.analyst0"
CLERK = "bench.clerk0"  # load_data gives him the first leaf unit, 001001001
UNIT = "001001001"
CITY = "001"
FUNCTIONAL = ("2050201", "2050202", "2050203", "2050204", "2050205")  # 普通教育
ECONOMIC = tuple(f"302{n:02d}" for n in range(1, 10))  # 办公费 … 物业管理费
SPEND = ("2050203", "30201")  # 初中教育 / 办公费: the submissions' quota
FIRST_MONTH = dt.date(2024, 1, 1)  # bench/load_data.py YEARS[0]
LONG_S = 1800.0
CLIENT_TIMEOUT_S = DEFAULT_TIMEOUT.read or 0.0  # what the workbench would wait


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def p50_p95(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
    }


def long_call(api: ApiClient, method: str, path: str, **request: Any) -> Any:
    """A request through client/api's transport with a read timeout long enough to
    measure what takes longer than the client's usual one (CLIENT_TIMEOUT_S)."""
    return api.transport.request(method, path, read_timeout_s=LONG_S, **request)


def _over(ms: float) -> str:
    """A warning where the workbench or console, waiting CLIENT_TIMEOUT_S, gives up."""
    return (
        f" (over the client's {CLIENT_TIMEOUT_S:.0f} s timeout)"
        if ms > CLIENT_TIMEOUT_S * 1000
        else ""
    )


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000


class Admin:
    """The bench administrator; a change refused for want of a fresh code gets one
    (a new time step's code: a replayed one is refused) and is tried again."""

    def __init__(self, url: str, users: dict[str, Any]) -> None:
        self.api = logged_in(url, ADMIN, users)
        self._totp = pyotp.TOTP(users["secrets"][ADMIN])
        self._step = int(time.time()) // 30

    def fresh(self, call: Callable[[ApiClient], T]) -> T:
        try:
            return call(self.api)
        except ApiError as error:
            if error.code != "auth.fresh_code_required":
                raise
        while int(time.time()) // 30 <= self._step:
            time.sleep(1)
        self._step = int(time.time()) // 30
        self.api.auth.reverify(self._totp.now())
        return call(self.api)


def ids(url: str) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Units by code, budget items by (kind, code)."""
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        units = {u.code: u.id for u in session.scalars(select(BudgetUnit))}
        items = {(i.kind, i.code): i.id for i in session.scalars(select(BudgetItem))}
    engine.dispose()
    return units, items


def month_closed(url: str, month: dt.date) -> bool:
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        closed = session.scalar(
            select(FiscalPeriod.is_closed).where(
                FiscalPeriod.year == month.year, FiscalPeriod.month == month.month
            )
        )
    engine.dispose()
    return bool(closed)


def opening_sheet(n: int, version: int) -> OpeningBalancesIn:
    """Cash and bank against 累计盈余; 资金结存 against the two carry-overs."""
    cash, bank = Decimal(5_000 + n * 17), Decimal(1_000_000 + n * 1_234)
    fiscal, other = Decimal(600_000 + n * 321), Decimal(200_000 + n * 45)
    rows = [
        OpeningRowIn(account_code="1001", debit=cash),
        OpeningRowIn(account_code="100201", debit=bank),
        OpeningRowIn(account_code="3001", credit=cash + bank),
        OpeningRowIn(account_code="800102", debit=fiscal + other),
        OpeningRowIn(account_code="8101", credit=fiscal),
        OpeningRowIn(account_code="8201", credit=other),
    ]
    return OpeningBalancesIn(start_month=FIRST_MONTH, version=version, rows=rows)


def _save_opening(api: ApiClient, *, unit_id: int, sheet: OpeningBalancesIn) -> object:
    return api.openings.save(unit_id, sheet)


def _import_quotas(api: ApiClient, *, body: QuotaImportIn) -> QuotaImportOut:
    return QuotaImportOut.model_validate(
        long_call(api, "POST", "/admin/quotas/import", json=body.model_dump(mode="json"))
    )


def _close_month(api: ApiClient, *, year: int, month: int) -> object:
    return api.admin.close_period(year, month)


def set_up(admin: Admin, url: str, units: dict[str, int]) -> dict[str, Any]:
    """Opening balances, quotas, then the ended months closed; seconds of each."""
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    saved = 0
    if month_closed(url, FIRST_MONTH):
        print(f"{FIRST_MONTH:%Y-%m} is closed: opening balances left as they are")
    else:
        for n, unit_id in enumerate(units[code] for code in sorted(units)):
            version = admin.api.openings.get(unit_id).version
            sheet = opening_sheet(n, version)
            admin.fresh(partial(_save_opening, unit_id=unit_id, sheet=sheet))
            saved += 1
        print(f"opening balances of {saved} units in {time.perf_counter() - started:.1f} s")
    figures["openings_units"] = saved
    figures["openings_s"] = round(time.perf_counter() - started, 1)

    year = dt.datetime.now(OFFICE_TZ).year  # the submissions' year
    body = QuotaImportIn(
        year=year,
        rows=[
            QuotaImportRowIn(
                row=n,
                unit_code=unit,
                functional_code=functional,
                economic_code=economic,
                amount="50000000.00",
            )
            for n, (unit, functional, economic) in enumerate(
                ((u, f, e) for u in sorted(units) for f in FUNCTIONAL for e in ECONOMIC),
                start=2,
            )
        ],
    )
    done, ms = timed(partial(admin.fresh, partial(_import_quotas, body=body)))
    figures["quota_rows"] = done.rows
    figures["quotas_import_s"] = round(ms / 1000, 1)
    print(f"{done.rows} quotas of {year} imported in {figures['quotas_import_s']} s{_over(ms)}")

    this_month = dt.datetime.now(OFFICE_TZ).date().replace(day=1)
    took = []
    for year, month in open_months(url, this_month):
        _, ms = timed(partial(admin.fresh, partial(_close_month, year=year, month=month)))
        took.append(ms)
        print(f"closed {year}-{month:02d} in {ms:8.1f} ms")
    figures["months_closed"] = len(took)
    figures["close_s"] = round(sum(took) / 1000, 1)
    return figures


def measure_statements(
    analyst: ApiClient, units: dict[str, int], year: int, runs: int
) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for scope, unit_id, subtree in (("unit", units[UNIT], False), ("city", units[CITY], True)):
        for kind in StatementKind:

            def one(k: StatementKind = kind, u: int = unit_id, s: bool = subtree) -> StatementOut:
                # as api.statements.statement asks, with a long read timeout
                params = {"unit": str(u), "period": str(year), "subtree": str(s).lower()}
                answer = long_call(analyst, "GET", f"/statements/{k.value}", params=params)
                return StatementOut.model_validate(answer)

            first, _ = timed(one)
            took = [timed(one)[1] for _ in range(runs)]
            name = f"{kind.value.replace('-', '_')}_{scope}"
            figures[name] = p50_p95(took)
            balanced = "" if first.balanced is None else f", balanced {first.balanced}"
            print(
                f"{kind.value:16} {scope:4} {year}: p50 {figures[name]['p50']:8.1f} ms, "
                f"p95 {figures[name]['p95']:8.1f} ms ({len(first.lines)} lines{balanced})"
            )
            if _over(max(took)):
                print(f"  {_over(max(took))}")
    return figures


def _year_end(api: ApiClient, *, year: int, method: str) -> YearEndOut:
    return YearEndOut.model_validate(long_call(api, method, f"/admin/year-end/{year}"))


def measure_year_end(admin: Admin, year: int, runs: int) -> dict[str, Any]:
    previews: list[float] = []
    for _ in range(max(3, runs // 2)):
        shown, ms = timed(partial(_year_end, admin.api, year=year, method="GET"))
        previews.append(ms)
    figures: dict[str, Any] = {
        "year_end_preview_s": round(statistics.median(previews) / 1000, 2),
        "year_end_entries": len(shown.entries),
        "year_end_units": len({e.unit_id for e in shown.entries}),
    }
    if shown.done:
        print(f"year-end {year} was already done: GET of its entries only")
        figures["year_end_close_s"] = None
    else:
        made, ms = timed(partial(admin.fresh, partial(_year_end, year=year, method="POST")))
        figures["year_end_close_s"] = round(ms / 1000, 2)
        figures["year_end_entries"] = len(made.entries)
    # what the console shows once it is done: the entries made
    shown_after = [
        timed(partial(_year_end, admin.api, year=year, method="GET"))[1] for _ in range(3)
    ]
    figures["year_end_made_get_s"] = round(statistics.median(shown_after) / 1000, 2)
    close = figures["year_end_close_s"]
    print(
        f"year-end {year}: preview {figures['year_end_preview_s']} s"
        f"{_over(statistics.median(previews))}, close {close} s"
        f"{_over(close * 1000 if close else 0)}, {figures['year_end_entries']} entries "
        f"of {figures['year_end_units']} units; the entries made, GET "
        f"{figures['year_end_made_get_s']} s"
    )
    return figures


def set_quota_check(url: str, on: bool) -> None:
    """The system parameter, as saved by the admin console (read afresh by every
    request's transaction)."""
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO system_parameters (key, value) VALUES ('quota_check', %s::jsonb)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            ("true" if on else "false",),
        )
    connection.close()


def measure_quota_check(
    clerk: ApiClient,
    url: str,
    units: dict[str, int],
    items: dict[tuple[str, str], int],
    *,
    submissions: int,
    block: int,
) -> dict[str, Any]:
    day = dt.datetime.now(OFFICE_TZ).date()
    counter = iter(range(10**9))
    run = f"{time.time():.0f}"  # a rerun on the same data names new payees too

    def draft() -> ExpenditureIn:
        n = next(counter)
        return ExpenditureIn(
            doc_date=day,
            unit_id=units[UNIT],
            functional_item_id=items[("functional", SPEND[0])],
            economic_item_id=items[("economic", SPEND[1])],
            amount=Decimal(100 + n % 900) + Decimal("0.50"),
            payee=f"测速供应商{run}-{n}",  # a new payee each time: no 判重 prompt
            payee_account="6222 0000 1111 2222",
            payee_bank="工商银行城东支行",
            summary="购买办公用品",
        )

    timings: dict[bool, list[float]] = {True: [], False: []}
    set_quota_check(url, True)
    for _ in range(block):  # warm: connections, caches, the quota's rows
        clerk.documents.create_and_submit(draft())
    for index in range(2 * (submissions // block)):
        check = index % 2 == 0
        set_quota_check(url, check)
        for _ in range(block):
            timings[check].append(timed(lambda: clerk.documents.create_and_submit(draft()))[1])
    set_quota_check(url, True)
    on, off = p50_p95(timings[True]), p50_p95(timings[False])
    figures = {
        "submit_quota_on": on,
        "submit_quota_off": off,
        "submit_ratio_p50": round(on["p50"] / off["p50"], 3),
        "submit_ratio_p95": round(on["p95"] / off["p95"], 3),
        "submissions_each": len(timings[True]),
    }
    print(
        f"expenditure submission, {len(timings[True])} each: quota check on p50 {on['p50']} ms "
        f"p95 {on['p95']} ms; off p50 {off['p50']} ms p95 {off['p95']} ms; "
        f"ratio p50 {figures['submit_ratio_p50']}, p95 {figures['submit_ratio_p95']}"
    )
    return figures


def explain_city(url: str, units: dict[str, int], year: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the city's year balance-sheet query, as the
    statement service builds it (caught on its way to the database)."""
    engine = build_engine(url, pool_size=1)
    caught: list[tuple[str, Any]] = []

    def catch(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "ledger_month_totals" in statement:
            caught.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", catch)
    with UnitOfWork(engine).transaction() as session:
        account_sums(
            session,
            sorted(units.values()),
            dt.date(year, 1, 1),
            dt.date(year, 12, 31),
            posted_only=False,
        )
        statement, parameters = caught[-1]
        plan = session.connection().exec_driver_sql(
            "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
        )
        print("\n".join(row[0] for row in plan))
    engine.dispose()


def load_new(data_dir: Path, url: str, vouchers: int) -> dict[str, Any]:
    """bench/load_data.py's load, into this run's server."""
    people = seed_people(url, data_dir)
    elapsed, lines = load(url, people, vouchers)
    print(f"loaded {vouchers} vouchers with {lines} lines in {elapsed:.1f} s")
    return {"load_s": round(elapsed, 1), "lines": lines}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--vouchers",
        type=int,
        default=1_000_000,
        help="vouchers to load where the data directory has none yet",
    )
    parser.add_argument("--port", type=int, default=18447)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per statement")
    parser.add_argument("--submissions", type=int, default=200, help="per quota-check setting")
    parser.add_argument("--block", type=int, default=20, help="submissions between switches")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {"year": args.year, "client_timeout_s": CLIENT_TIMEOUT_S}
    server = start_server(args.data_dir, args.port)
    try:
        url = database_url(args.data_dir)
        if not (args.data_dir / "bench-users.json").exists():
            figures["vouchers"] = args.vouchers
            figures.update(load_new(args.data_dir, url, args.vouchers))
        users = json.loads((args.data_dir / "bench-users.json").read_text())
        ensure_admin(url, args.data_dir, users)
        address = f"https://127.0.0.1:{args.port}"
        admin = Admin(address, users)
        units, items = ids(url)
        figures.update(set_up(admin, url, units))
        analyst = logged_in(address, ANALYST, users)
        figures.update(measure_statements(analyst, units, args.year, args.runs))
        if args.explain:
            explain_city(url, units, args.year)
        figures.update(measure_year_end(admin, args.year, args.runs))
        clerk = logged_in(address, CLERK, users)
        figures.update(
            measure_quota_check(
                clerk, url, units, items, submissions=args.submissions, block=args.block
            )
        )
        for api in (admin.api, analyst, clerk):
            api.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
