"""Voucher submission throughput and latency, against the limit of plain SQL.

    .venv/bin/python bench/submit_vouchers.py [--n 1000] [--workers 1 2]
        [--database-url URL [--app-database-url URL]]

Starts `countersign-server run --workers N` as a real process on a new data
directory (embedded PostgreSQL, or with --database-url an external, empty
database that the server migrates), seeds units and clerks straight into its
database, logs them in (password + TOTP), then submits N two-line vouchers
through client/api over HTTPS, each one request (create and submit, with an
idempotency key): first sequentially from one client, then from 8 concurrent
clients. One phase per worker count (default 1 then 2 processes, the server
restarted in between on the same database, fresh clerks each phase). In the
same run it inserts the same rows (document, two lines, number, audit row left
out) with plain psycopg2 transactions, one per voucher, as the limit.

Prints, per phase, vouchers/s, p50/p95/p99, the ratio to the limit and the CPU
spent per voucher by the server (its process and worker processes), by
PostgreSQL (embedded only: the postmaster and its backends) and by this client
(httpx, TLS, pydantic: it shares the machine); then errors, duplicate numbers
and number gaps over all phases. The last line is one JSON object of the figures.
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
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import psutil
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
START_S = 180


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


def start_server(data_dir: Path, port: int, *, workers: int, env: dict[str, str]) -> Any:
    """`countersign-server run --workers N`, a real process (its workers are its
    children). Ready when it says so or when it answers /health: with several
    workers the "listening" line is sometimes never printed (uvicorn's supervisor
    and the readiness thread of server/serve.py both ping the workers' pipes)."""
    server = subprocess.Popen(
        [
            str(BIN / "countersign-server"),
            "run",
            "--data-dir",
            str(data_dir),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    said = threading.Event()
    threading.Thread(target=_drain, args=(server.stdout, said), daemon=True).start()
    deadline = time.monotonic() + START_S
    while not said.wait(0.5):
        if server.poll() is not None:
            raise RuntimeError("the server did not start")
        if time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"the server was not ready within {START_S} s")
        if said.is_set() or _healthy(port):
            break
    return server


def _healthy(port: int) -> bool:
    try:
        answer = httpx.get(f"https://127.0.0.1:{port}/api/v1/health", verify=False, timeout=2)
    except httpx.HTTPError:
        return False
    return answer.status_code == 200


def _drain(stream: Any, said: threading.Event) -> None:
    for line in stream:  # read all: the server's console must not fill its pipe
        if "listening on https://" in line:
            said.set()


def stop_server(server: Any) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU of a process and all its descendants (0 if it is gone)."""
    if pid is None:
        return 0.0
    try:
        root = psutil.Process(pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total
    except psutil.NoSuchProcess:
        return 0.0


def postmaster_of(data_dir: Path) -> int | None:
    """The embedded cluster's postmaster (its backends are its children)."""
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    return int(pid_file.read_text().split()[0]) if pid_file.exists() else None


class Meter:
    """Wall time and CPU (server process tree, PostgreSQL, this client) of one phase."""

    def __init__(self, server_pid: int, postgres_pid: int | None) -> None:
        self.pids = (server_pid, postgres_pid)
        self.start = self._read()

    def _read(self) -> tuple[float, float, float, float]:
        return (
            time.perf_counter(),
            cpu_seconds(self.pids[0]),
            cpu_seconds(self.pids[1]),
            time.process_time(),
        )

    def per_voucher(self, n: int) -> dict[str, float]:
        end = self._read()
        wall, server, postgres, client = (b - a for a, b in zip(self.start, end, strict=True))
        return {
            "per_s": round(n / wall, 1),
            "server_cpu_ms": round(server * 1000 / n, 2),
            "postgres_cpu_ms": round(postgres * 1000 / n, 2),
            "client_cpu_ms": round(client * 1000 / n, 2),
        }


def timing_figures(prefix: str, timings: list[float]) -> dict[str, float]:
    return {
        f"{prefix}_p50_ms": round(statistics.median(timings), 2),
        f"{prefix}_p95_ms": round(percentile(timings, 0.95), 2),
        f"{prefix}_p99_ms": round(percentile(timings, 0.99), 2),
    }


def run_phase(
    url: str,
    users: list[tuple[str, str]],
    unit_id: int,
    accounts: list[int],
    n: int,
    pids: tuple[int, int | None],
) -> tuple[dict[str, Any], list[str]]:
    """Sequential from one client, then from CLIENTS concurrent clients."""
    clients = [logged_in(url, name, secret) for name, secret in users]
    warm = [two_lines(unit_id, accounts, i) for i in range(20)]
    for api in clients:
        submit_all(api, warm[:3], [])  # every client's connection and every worker warm
    numbers: list[str] = []
    figures: dict[str, Any] = {}

    seq_timings: list[float] = []
    drafts = [two_lines(unit_id, accounts, i) for i in range(n)]
    meter = Meter(*pids)
    numbers += submit_all(clients[0], drafts, seq_timings)
    figures.update({f"seq_{k}": v for k, v in meter.per_voucher(n).items()})
    figures.update(timing_figures("seq", seq_timings))

    conc_timings: list[float] = []
    share = [drafts[i::CLIENTS] for i in range(CLIENTS)]
    errors = 0
    meter = Meter(*pids)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [
            pool.submit(submit_all, clients[1 + i], share[i], conc_timings) for i in range(CLIENTS)
        ]
        for future in futures:
            try:
                numbers.extend(future.result())
            except Exception as exc:
                errors += 1
                print(f"client failed: {exc}", file=sys.stderr)
    figures.update({f"conc8_{k}": v for k, v in meter.per_voucher(n).items()})
    figures.update(timing_figures("conc8", conc_timings))
    figures["errors"] = errors
    for api in clients:
        api.close()
    return figures, numbers


def number_gaps(url: str) -> int:
    """Missing numbers per period and series among submitted documents (must be 0)."""
    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(max_n - min_n + 1 - n), 0) FROM ("
                " SELECT min(number) AS min_n, max(number) AS max_n, count(*) AS n"
                " FROM documents WHERE number IS NOT NULL AND series <> 'L'"
                " GROUP BY period_id, series) AS s"
            )
            return int(_one(cursor))
    finally:
        connection.close()


def server_environment(external: str | None, app_url: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k != "DATABASE_URL" and not k.startswith("COUNTERSIGN_")
    }
    env["COUNTERSIGN_LOGIN_ATTEMPTS_PER_MINUTE"] = "100000"
    if external is not None:
        env["DATABASE_URL"] = app_url or external
        env["COUNTERSIGN_MIGRATION_DATABASE_URL"] = external
        env["COUNTERSIGN_CONTINUOUS_PROTECTION"] = "false"  # archiving is the DBA's, there
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="vouchers per phase")
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1, 2],
        help="server worker processes, one phase each (default: 1 2)",
    )
    parser.add_argument(
        "--database-url",
        help="an external, empty PostgreSQL database (its owner's or a superuser's URL) "
        "instead of the embedded one; the server migrates it",
    )
    parser.add_argument(
        "--app-database-url",
        help="with --database-url: the server's restricted role on it (default: the same URL)",
    )
    args = parser.parse_args()
    n, external = args.n, args.database_url
    data_dir = Path(tempfile.mkdtemp(prefix="cs-vouchers-"))
    env = server_environment(external, args.app_database_url)
    phases: list[dict[str, Any]] = []
    numbers: list[str] = []
    limit_per_s = 0.0
    db_url = ""
    users: list[tuple[str, str]] = []
    unit_id, accounts, gaps = 0, list[int](), -1
    for index, workers in enumerate(args.workers):
        port = free_port()
        server = start_server(data_dir, port, workers=workers, env=env)
        try:
            if index == 0:
                db_url = external or database_url(data_dir)
                unit_id, accounts, users = seed(db_url, data_dir, (CLIENTS + 1) * len(args.workers))
            pids = (server.pid, None if external else postmaster_of(data_dir))
            mine = users[index * (CLIENTS + 1) : (index + 1) * (CLIENTS + 1)]
            figures, made = run_phase(f"https://127.0.0.1:{port}", mine, unit_id, accounts, n, pids)
            phases.append({"workers": workers, **figures})
            numbers += made
            if index == len(args.workers) - 1:
                limit_per_s = plain_sql_limit(db_url, unit_id, accounts, n)
                gaps = number_gaps(db_url)
        finally:
            stop_server(server)

    duplicates = len(numbers) - len(set(numbers))
    for phase in phases:
        phase["seq_ratio"] = round(phase["seq_per_s"] / limit_per_s, 3)
        phase["conc8_ratio"] = round(phase["conc8_per_s"] / limit_per_s, 3)
        for mode, label in (("seq", "sequential"), ("conc8", f"{CLIENTS} clients ")):
            print(
                f"{phase['workers']} worker(s), {label}: {phase[f'{mode}_per_s']} vouchers/s, "
                f"p50 {phase[f'{mode}_p50_ms']} ms, p95 {phase[f'{mode}_p95_ms']} ms, "
                f"p99 {phase[f'{mode}_p99_ms']} ms ({phase[f'{mode}_ratio']:.0%} of the "
                f"plain-SQL limit); CPU per voucher: server {phase[f'{mode}_server_cpu_ms']} ms, "
                f"PostgreSQL {phase[f'{mode}_postgres_cpu_ms']} ms, "
                f"client {phase[f'{mode}_client_cpu_ms']} ms"
            )
    errors = sum(phase["errors"] for phase in phases)
    print(f"plain SQL limit: {limit_per_s:.1f} vouchers/s (one transaction each)")
    print(f"errors {errors}, duplicate numbers {duplicates}, number gaps {gaps}")
    print(
        json.dumps(
            {
                "n": n,
                "database": "external" if external else "embedded",
                "limit_per_s": round(limit_per_s, 1),
                "errors": errors,
                "duplicate_numbers": duplicates,
                "number_gaps": gaps,
                "phases": phases,
            }
        )
    )


if __name__ == "__main__":
    main()
