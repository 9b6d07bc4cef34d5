"""Load a realistic ledger for the query benchmarks: N approved vouchers (default
1,000,000) with 2–6 lines each over three years, 200 budget units, 50 users.

    .venv/bin/python -m bench.load_data --data-dir /tmp/cs-bench [--vouchers 1000000]

Starts `countersign-server run` once on a new data directory (embedded PostgreSQL;
it creates the database and migrates it), adds units and users, then streams the
documents and their lines in with COPY. The ledger triggers (balance, immutability)
are switched off during the load and on again after it — every generated voucher
balances by construction — and the query indexes are built after the rows are in,
as one would for any bulk load. Users' logins go to DATA_DIR/bench-users.json for
bench/queries.py. Then bench/close_periods.py closes the months that have ended,
as the office would have. The last line is one JSON object of the figures in seconds.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import psycopg2
import pyotp
from sqlalchemy import select
from sqlalchemy.orm import aliased

from bench.bench_server import database_url, start_server
from common.enums import ReviewLevel, Role
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.db.models import Account, BudgetUnit, ReviewerPost, User
from server.db.uow import UnitOfWork
from server.services.accounts.users import create_user

PASSWORD = "Bench-Query-Password-1"
YEARS = (2024, 2025, 2026)
SUMMARIES = [
    "购买办公用品",
    "差旅费报销",
    "支付水电费",
    "学费收入",
    "设备维修",
    "印刷费",
    "会议费",
    "培训费",
    "专用材料购置",
    "物业管理费",
    "邮电费",
    "公务用车运行维护",
]
COUNTERPARTIES = [
    "城东文具店",
    "市自来水公司",
    "国网供电公司",
    "华联印务",
    "新华书店",
    "中国电信",
    "金桥物业",
    "宏达汽修",
    "育才培训中心",
    "百货大楼",
]
QUERY_INDEXES = (
    "ix_documents_search_grams",
    "ix_documents_date_id",
    "ix_documents_amount_id",
    "ix_documents_updated_id",
    "ix_documents_unit_date",
    "ix_documents_maker_status",
    "ix_documents_number",
    "ix_documents_created_at",
    "ix_documents_submitted_at",
    "ix_voucher_lines_account",
)


def seed_people(url: str, data_dir: Path) -> dict[str, object]:
    """200 units (the city, 20 bureaus, 9 units under each) and 50 users."""
    box = SecretBox(base64.b64decode((data_dir / "secret.key").read_text().strip()))
    engine = build_engine(url, pool_size=1)
    logins: dict[str, str] = {}
    with UnitOfWork(engine).transaction() as session:
        city = BudgetUnit(code="001", name="市本级")
        session.add(city)
        session.flush()
        leaves = []
        for b in range(1, 21):
            bureau = BudgetUnit(code=f"001{b:03d}", name=f"第{b}局", parent_id=city.id)
            session.add(bureau)
            session.flush()
            for u in range(1, 10):
                unit = BudgetUnit(
                    code=f"001{b:03d}{u:03d}", name=f"第{b}局第{u}单位", parent_id=bureau.id
                )
                session.add(unit)
                session.flush()
                leaves.append(unit.id)

        def person(name: str, roles: list[Role], unit_ids: list[int]) -> int:
            made = create_user(
                session,
                username=name,
                display_name=name,
                roles=roles,
                unit_ids=unit_ids,
                password=PASSWORD,
                must_change_password=False,
            )
            secret = pyotp.random_base32()
            user = session.get(User, made.id)
            assert user is not None
            user.totp_secret = box.seal(secret.encode(), user_id=user.id)
            logins[name] = secret
            return made.id

        makers = [person(f"bench.clerk{n}", [Role.CLERK], [leaves[n * 4]]) for n in range(40)]
        checker = person("bench.checker", [Role.REVIEWER], [city.id])
        session.add(ReviewerPost(user_id=checker, unit_id=city.id, level=ReviewLevel.LEADER.value))
        for n in range(8):
            person(f"bench.analyst{n}", [Role.ANALYST], [city.id])
        person("bench.auditor", [Role.AUDITOR], [city.id])
        child = aliased(Account)
        leaf_accounts = list(
            session.scalars(
                select(Account.id).where(
                    Account.is_active,
                    ~select(child.id).where(child.parent_id == Account.id).exists(),
                )
            )
        )
    engine.dispose()
    (data_dir / "bench-users.json").write_text(
        json.dumps({"password": PASSWORD, "secrets": logins}, ensure_ascii=False)
    )
    return {"units": leaves, "makers": makers, "checker": checker, "accounts": leaf_accounts}


def periods(cursor: Any) -> dict[tuple[int, int], int]:
    found = {}
    for year in YEARS:
        for month in range(1, 13):
            cursor.execute(
                "INSERT INTO fiscal_periods (year, month) VALUES (%s, %s) "
                "ON CONFLICT (year, month) DO UPDATE SET month = EXCLUDED.month RETURNING id",
                (year, month),
            )
            found[(year, month)] = cursor.fetchone()[0]
    return found


class Rows:
    """A file-like COPY source producing rows as they are read (memory stays flat)."""

    def __init__(self, rows: Iterator[str]) -> None:
        self._rows = rows
        self._buffer = ""

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            try:
                self._buffer += next(self._rows)
            except StopIteration:
                break
        if size < 0:
            out, self._buffer = self._buffer, ""
        else:
            out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readline(self, size: int = -1) -> str:
        return self.read(size)


def load(url: str, people: dict[str, object], vouchers: int) -> tuple[float, int]:
    rng = random.Random(20261130)
    units: list[int] = people["units"]  # type: ignore[assignment]
    makers: list[int] = people["makers"]  # type: ignore[assignment]
    accounts: list[int] = people["accounts"]  # type: ignore[assignment]
    checker: int = people["checker"]  # type: ignore[assignment]
    connection = psycopg2.connect(url)
    cursor = connection.cursor()
    by_month = periods(cursor)
    cursor.execute("SELECT coalesce(max(id), 0) FROM documents")
    last = cursor.fetchone()
    assert last is not None
    first_id = int(last[0]) + 1
    for index in QUERY_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {index}")
    cursor.execute("ALTER TABLE documents DISABLE TRIGGER USER")
    cursor.execute("ALTER TABLE voucher_lines DISABLE TRIGGER USER")
    numbers: dict[tuple[int, int], int] = {}
    plan: list[tuple[int, str, list[tuple[int, int]]]] = []  # (id, date, lines)

    def documents() -> Iterator[str]:
        for n in range(vouchers):
            year = YEARS[n % 3]
            month = rng.randint(1, 12)
            day = rng.randint(1, 28)
            numbers[(year, month)] = numbers.get((year, month), 0) + 1
            lines = rng.randint(2, 6)
            amounts = [rng.randint(100, 5_000_000) for _ in range(lines - 1)]
            total = sum(amounts)
            doc_id = first_id + n
            plan.append(
                (doc_id, f"{year}-{month:02d}-{day:02d}", [(a, 0) for a in amounts] + [(0, total)])
            )
            yield (
                f"{doc_id}\tvoucher\tposted\t{rng.choice(units)}\t{year}-{month:02d}-{day:02d}"
                f"\t记\t{by_month[(year, month)]}\t{numbers[(year, month)]}"
                f"\t{total // 100}.{total % 100:02d}\t{rng.choice(SUMMARIES)}{n % 997}"
                f"\t{rng.choice(COUNTERPARTIES)}\t{rng.choice(makers)}\t2"
                f"\t{year}-{month:02d}-{day:02d} 12:00+08\t{year}-{month:02d}-{day:02d} 10:00+08"
                f"\t{year}-{month:02d}-{day:02d} 16:00+08\t1\n"
            )

    started = time.perf_counter()
    cursor.copy_expert(
        "COPY documents (id, kind, status, unit_id, doc_date, series, period_id, number, amount,"
        " summary, counterparty, maker_id, version, updated_at, submitted_at, decided_at,"
        " review_round) FROM STDIN",
        cast(Any, Rows(documents())),
    )

    def lines() -> Iterator[str]:
        for doc_id, _day, entries in plan:
            for line_no, (debit, credit) in enumerate(entries, start=1):
                yield (
                    f"{doc_id}\t{line_no}\t摘要\t{rng.choice(accounts)}"
                    f"\t{debit // 100}.{debit % 100:02d}\t{credit // 100}.{credit % 100:02d}\n"
                )

    cursor.copy_expert(
        "COPY voucher_lines (document_id, line_no, summary, account_id, debit, credit) FROM STDIN",
        cast(Any, Rows(lines())),
    )
    line_count = sum(len(entries) for _, _, entries in plan)
    cursor.execute(
        "INSERT INTO approval_actions (document_id, round, step_no, action, actor_id, at)"
        " SELECT id, 1, 1, 'approved', %s, decided_at FROM documents WHERE id >= %s",
        (checker, first_id),
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('documents', 'id'), (SELECT max(id) FROM documents))"
    )
    cursor.execute("ALTER TABLE documents ENABLE TRIGGER USER")
    cursor.execute("ALTER TABLE voucher_lines ENABLE TRIGGER USER")
    connection.commit()
    connection.autocommit = True
    cursor.execute("SET maintenance_work_mem = '256MB'")
    cursor.execute("CREATE INDEX ix_documents_unit_date ON documents (unit_id, doc_date)")
    cursor.execute("CREATE INDEX ix_documents_maker_status ON documents (maker_id, status)")
    cursor.execute("CREATE INDEX ix_documents_number ON documents (number, series)")
    cursor.execute("CREATE INDEX ix_documents_created_at ON documents (created_at)")
    cursor.execute("CREATE INDEX ix_documents_submitted_at ON documents (submitted_at)")
    cursor.execute(
        "CREATE INDEX ix_voucher_lines_account ON voucher_lines (account_id, document_id)"
    )
    cursor.execute("CREATE INDEX ix_documents_date_id ON documents (doc_date, id)")
    cursor.execute("CREATE INDEX ix_documents_amount_id ON documents (amount, id)")
    cursor.execute("CREATE INDEX ix_documents_updated_id ON documents (updated_at, id)")
    cursor.execute("CREATE INDEX ix_documents_search_grams ON documents USING gin (search_grams)")
    cursor.execute("VACUUM ANALYZE")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, line_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--vouchers", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=18443)
    args = parser.parse_args()
    args.data_dir.mkdir(parents=True, exist_ok=True)
    server = start_server(args.data_dir, args.port)  # creates and migrates the database
    try:
        url = database_url(args.data_dir)
        people = seed_people(url, args.data_dir)
        elapsed, line_count = load(url, people, args.vouchers)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    figures = {"vouchers": args.vouchers, "lines": line_count, "load_s": round(elapsed, 1)}
    print(f"loaded {args.vouchers} vouchers with {line_count} lines in {elapsed:.1f} s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
