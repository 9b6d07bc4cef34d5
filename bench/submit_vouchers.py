"""Voucher submission throughput and latency, against the limit of plain SQL.

    .venv/bin/python bench/submit_vouchers.py [--n 1000]

Starts `countersign-server run` on a new data directory (embedded PostgreSQL),
seeds units and nine clerks straight into its database, logs them in (password
+ TOTP), then submits N two-line vouchers through client/api over HTTPS, each
one request (create and submit, with an idempotency key): first sequentially
from one client, then from 8 concurrent clients. In the same run it inserts the
same rows (document, two lines, number, audit row left out) with plain psycopg2
transactions, one per voucher, as the limit. Prints vouchers/s, p50/p95/p99 and
the ratio to the limit; the last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg2
import pyotp
from sqlalchemy import select

from client.api import ApiClient, ServerAddress, fetch_presented_certificate
from common.enums import Role
from common.schemas.documents import VoucherIn, VoucherLineIn
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.db.models import Account, BudgetUnit, User
from server.db.uow import UnitOfWork
from server.embedded_pg import DATABASE_NAME
from server.services.accounts.users import create_user
from server.services.admin.demo import DEMO_UNITS

BIN = Path(sys.executable).parent
PASSWORD = "Bench-Clerk-Password-1"
CLIENTS = 8


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url(data_dir: Path) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data_dir / "pgdata", cleanup_mode=None)  # type: ignore[attr-defined]
    url: str = server.get_uri(DATABASE_NAME)
    return url


def seed(url: str, data_dir: Path, clerks: int) -> tuple[int, list[int], list[tuple[str, str]]]:
    """Units, clerks with known authenticators; returns (unit id, account ids, users)."""
    box = SecretBox(base64.b64decode((data_dir / "secret.key").read_text().strip()))
    engine = build_engine(url, pool_size=1)
    users = []
    with UnitOfWork(engine).transaction() as session:
        units: dict[str, int] = {}
        for code, name, parent in DEMO_UNITS:
            unit = BudgetUnit(code=code, name=name, parent_id=units.get(parent or ""))
            session.add(unit)
            session.flush()
            units[code] = unit.id
        for i in range(clerks):
            made = create_user(
                session,
                username=f"bench.clerk{i}",
                display_name=f"Bench clerk {i}",
                roles=[Role.CLERK],
                unit_ids=[units["001001"]],
                password=PASSWORD,
                must_change_password=False,
            )
            secret = pyotp.random_base32()
            user = session.get(User, made.id)
            assert user is not None
            user.totp_secret = box.seal(secret.encode(), user_id=user.id)
            users.append((made.username, secret))
        accounts = [
            session.scalars(select(Account.id).where(Account.code == code)).one()
            for code in ("500102", "100201")
        ]
    engine.dispose()
    return units["001001001"], accounts, users


def logged_in(url: str, username: str, secret: str) -> ApiClient:
    address = ServerAddress.parse(url)
    cert = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=cert.pem, pinned_fingerprint=cert.fingerprint)
    ticket = api.auth.login(username, PASSWORD).ticket
    api.auth.submit_code(ticket, pyotp.TOTP(secret).now())
    return api


def two_lines(unit_id: int, accounts: list[int], index: int) -> VoucherIn:
    amount = Decimal(100 + index % 900) + Decimal("0.25")
    return VoucherIn(
        doc_date=dt.datetime.now(dt.UTC).date(),
        unit_id=unit_id,
        lines=[
            VoucherLineIn(summary=f"bench {index}", account_id=accounts[0], debit=amount),
            VoucherLineIn(summary=f"bench {index}", account_id=accounts[1], credit=amount),
        ],
    )


def submit_all(api: ApiClient, drafts: list[VoucherIn], timings: list[float]) -> list[str]:
    numbers = []
    for draft in drafts:
        started = time.perf_counter()
        done = api.documents.create_and_submit(draft)
        timings.append((time.perf_counter() - started) * 1000)
        numbers.append(done.number or "")
    return numbers


def _one(cursor: Any) -> Any:
    row = cursor.fetchone()
    assert row is not None
    return row[0]


def plain_sql_limit(url: str, unit_id: int, accounts: list[int], n: int) -> float:
    """The same rows with bare psycopg2, one transaction per voucher."""
    connection = psycopg2.connect(url)
    cursor = connection.cursor()
    cursor.execute("SELECT id FROM fiscal_periods ORDER BY id LIMIT 1")
    period = _one(cursor)
    cursor.execute("SELECT id FROM users ORDER BY id LIMIT 1")
    maker = _one(cursor)
    connection.commit()
    started = time.perf_counter()
    for index in range(n):
        amount = Decimal(100 + index % 900) + Decimal("0.25")
        cursor.execute(
            "INSERT INTO number_sequences (period_id, series, last_number) VALUES (%s, 'L', 1)"
            " ON CONFLICT (period_id, series) DO UPDATE"
            " SET last_number = number_sequences.last_number + 1 RETURNING last_number",
            (period,),
        )
        number = _one(cursor)
        cursor.execute(
            "INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number,"
            " amount, summary, maker_id, version, updated_at, submitted_at)"
            " VALUES ('voucher', 'submitted', %s, current_date, 'L', %s, %s, %s, 'limit', %s, 2,"
            " now(), now()) RETURNING id",
            (unit_id, period, number, amount, maker),
        )
        doc = _one(cursor)
        cursor.executemany(
            "INSERT INTO voucher_lines (document_id, line_no, summary, account_id, debit, credit)"
            " VALUES (%s, %s, 'limit', %s, %s, %s)",
            [(doc, 1, accounts[0], amount, 0), (doc, 2, accounts[1], 0, amount)],
        )
        connection.commit()
    elapsed = time.perf_counter() - started
    connection.close()
    return n / elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    n = parser.parse_args().n
    data_dir, port = Path(tempfile.mkdtemp(prefix="cs-vouchers-")), free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    server = subprocess.Popen(
        [str(BIN / "countersign-server"), "run", "--data-dir", str(data_dir), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    for line in server.stdout:
        if "listening on https://" in line:
            break
    url = f"https://127.0.0.1:{port}"
    try:
        db_url = database_url(data_dir)
        unit_id, accounts, users = seed(db_url, data_dir, CLIENTS + 1)
        clients = [logged_in(url, name, secret) for name, secret in users]
        warm = [two_lines(unit_id, accounts, i) for i in range(20)]
        submit_all(clients[0], warm, [])

        seq_timings: list[float] = []
        drafts = [two_lines(unit_id, accounts, i) for i in range(n)]
        started = time.perf_counter()
        numbers = submit_all(clients[0], drafts, seq_timings)
        seq_per_s = n / (time.perf_counter() - started)

        conc_timings: list[float] = []
        share = [drafts[i::CLIENTS] for i in range(CLIENTS)]
        errors = 0
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            futures = [
                pool.submit(submit_all, clients[1 + i], share[i], conc_timings)
                for i in range(CLIENTS)
            ]
            for future in futures:
                try:
                    numbers.extend(future.result())
                except Exception as exc:
                    errors += 1
                    print(f"client failed: {exc}", file=sys.stderr)
        conc_per_s = n / (time.perf_counter() - started)
        duplicates = len(numbers) - len(set(numbers))
        limit_per_s = plain_sql_limit(db_url, unit_id, accounts, n)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    figures = {
        "n": n,
        "seq_per_s": round(seq_per_s, 1),
        "seq_p50_ms": round(statistics.median(seq_timings), 2),
        "seq_p95_ms": round(percentile(seq_timings, 0.95), 2),
        "seq_p99_ms": round(percentile(seq_timings, 0.99), 2),
        "conc8_per_s": round(conc_per_s, 1),
        "conc8_p50_ms": round(statistics.median(conc_timings), 2),
        "conc8_p95_ms": round(percentile(conc_timings, 0.95), 2),
        "conc8_p99_ms": round(percentile(conc_timings, 0.99), 2),
        "errors": errors,
        "duplicate_numbers": duplicates,
        "limit_per_s": round(limit_per_s, 1),
    }
    print(
        f"sequential: {figures['seq_per_s']} vouchers/s, p50 {figures['seq_p50_ms']} ms, "
        f"p95 {figures['seq_p95_ms']} ms, p99 {figures['seq_p99_ms']} ms "
        f"({seq_per_s / limit_per_s:.0%} of the plain-SQL limit)"
    )
    print(
        f"8 clients:  {figures['conc8_per_s']} vouchers/s, p50 {figures['conc8_p50_ms']} ms, "
        f"p95 {figures['conc8_p95_ms']} ms, p99 {figures['conc8_p99_ms']} ms "
        f"({conc_per_s / limit_per_s:.0%} of the limit), errors {errors}, "
        f"duplicate numbers {duplicates}"
    )
    print(f"plain SQL limit: {figures['limit_per_s']} vouchers/s (one transaction each)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
