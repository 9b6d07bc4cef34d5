"""A reviewer's to-do list (待办) with 10,000 open items: median and p95 time.

    .venv/bin/python bench/review_todo.py [--open 10000] [--calls 50]

Starts `countersign-server run` on a new data directory (embedded PostgreSQL),
puts N submitted income records waiting at the supervisor step straight into its
database (one INSERT … SELECT each for documents, steps and history), logs a
supervisor in (password + TOTP), then times over HTTPS, through client/api: the
first page of the to-do list (200 rows, nearest deadline first), the home
screen's counts, and the notification poll the workbench makes every 30 s: first
while it drains a backlog of "due soon" reminders (most items are past their
yellow mark; each poll announces the next 20), then with nothing new. The last
line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pyotp
from sqlalchemy import select, text

from client.api import ApiClient, ServerAddress, fetch_presented_certificate
from common.enums import ReviewLevel, Role
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.db.models import BudgetItem, BudgetUnit, ReviewerPost, User
from server.db.uow import UnitOfWork
from server.embedded_pg import DATABASE_NAME
from server.services.accounts.users import create_user
from server.services.admin.demo import DEMO_UNITS

BIN = Path(sys.executable).parent
PASSWORD = "Bench-Reviewer-Password-1"

_OPEN_ITEMS = """
WITH period AS (
    INSERT INTO fiscal_periods (year, month) VALUES (2026, 11)
    ON CONFLICT (year, month) DO UPDATE SET month = EXCLUDED.month RETURNING id
)
INSERT INTO documents (kind, status, unit_id, doc_date, series, period_id, number, amount,
                       summary, counterparty, income_item_id, maker_id, version, updated_at,
                       submitted_at, review_round)
SELECT 'income', 'submitted', :unit, DATE '2026-11-02' + (n % 20), '收入', period.id, n,
       100 + (n % 9000), 'bench ' || n, '缴款人 ' || n, :item, :maker, 2,
       now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval, 1
  FROM generate_series(1, :n) AS n, period
"""

_STEPS = """
INSERT INTO approval_steps (document_id, round, step_no, rule_id, level, queue_level, unit_id,
                            status, started_at, yellow_from, deadline_at, deadline)
SELECT d.id, 1, 1, (SELECT id FROM approval_rules ORDER BY priority LIMIT 1 OFFSET 1),
       'supervisor', 'supervisor', d.unit_id, 'active', d.submitted_at,
       d.submitted_at + interval '36 hours', d.submitted_at + interval '2 days',
       '{"working_days": 2}'
  FROM documents d WHERE d.summary LIKE 'bench %'
"""

_HISTORY = """
INSERT INTO approval_actions (document_id, round, action, actor_id, at)
SELECT d.id, 1, 'submitted', d.maker_id, d.submitted_at
  FROM documents d WHERE d.summary LIKE 'bench %'
"""


def free_port() -> int:
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


def seed(url: str, data_dir: Path, open_items: int) -> tuple[str, str]:
    """Units, a clerk with N open items, a supervisor over them; returns (user, secret)."""
    box = SecretBox(base64.b64decode((data_dir / "secret.key").read_text().strip()))
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        units: dict[str, int] = {}
        for code, name, parent in DEMO_UNITS:
            unit = BudgetUnit(code=code, name=name, parent_id=units.get(parent or ""))
            session.add(unit)
            session.flush()
            units[code] = unit.id
        maker = create_user(
            session,
            username="bench.clerk",
            display_name="Bench clerk",
            roles=[Role.CLERK],
            unit_ids=[units["001001"]],
            password=PASSWORD,
            must_change_password=False,
        )
        supervisor = create_user(
            session,
            username="bench.supervisor",
            display_name="Bench supervisor",
            roles=[Role.REVIEWER],
            unit_ids=[units["001001"]],
            password=PASSWORD,
            must_change_password=False,
        )
        session.add(
            ReviewerPost(
                user_id=supervisor.id, unit_id=units["001001"], level=ReviewLevel.SUPERVISOR.value
            )
        )
        secret = pyotp.random_base32()
        user = session.get(User, supervisor.id)
        assert user is not None
        user.totp_secret = box.seal(secret.encode(), user_id=user.id)
        item = session.scalars(select(BudgetItem.id).where(BudgetItem.code == "1030412")).one()
        params = {"n": open_items, "unit": units["001001001"], "item": item, "maker": maker.id}
        session.execute(text(_OPEN_ITEMS), params)
        session.execute(text(_STEPS))
        session.execute(text(_HISTORY))
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    engine.dispose()
    return "bench.supervisor", secret


def caught_up(url: str) -> None:
    """As if every due-soon reminder had gone out (the steady state of a poll)."""
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        session.execute(text("UPDATE approval_steps SET due_notified_at = now()"))
    engine.dispose()


def logged_in(url: str, username: str, secret: str) -> ApiClient:
    address = ServerAddress.parse(url)
    cert = fetch_presented_certificate(address)
    api = ApiClient(address, pinned_pem=cert.pem, pinned_fingerprint=cert.fingerprint)
    ticket = api.auth.login(username, PASSWORD).ticket
    api.auth.submit_code(ticket, pyotp.TOTP(secret).now())
    return api


def timed(call: Callable[[], object], calls: int) -> list[float]:
    call()  # warm: the first call pays for connections and plans
    timings = []
    for _ in range(calls):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()
    data_dir, port = Path(tempfile.mkdtemp(prefix="cs-todo-")), free_port()
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
        username, secret = seed(database_url(data_dir), data_dir, args.open)
        api = logged_in(url, username, secret)
        first_page = api.reviews.todo(limit=200)
        counts = api.reviews.counts()
        assert len(first_page) == 200 and counts.todo == args.open, (len(first_page), counts)
        todo_ms = timed(lambda: api.reviews.todo(limit=200), args.calls)
        counts_ms = timed(api.reviews.counts, args.calls)
        cursor = [0]

        def poll() -> None:  # as the workbench does: only what is new since the last poll
            found = api.notifications.poll(after=cursor[0])
            cursor[0] = max((n.id for n in found.items), default=cursor[0])

        backlog_ms = timed(poll, args.calls)
        caught_up(database_url(data_dir))
        poll_ms = timed(poll, args.calls)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    figures = {
        "open_items": args.open,
        "todo_p50_ms": round(statistics.median(todo_ms), 2),
        "todo_p95_ms": round(percentile(todo_ms, 0.95), 2),
        "counts_p50_ms": round(statistics.median(counts_ms), 2),
        "counts_p95_ms": round(percentile(counts_ms, 0.95), 2),
        "poll_p50_ms": round(statistics.median(poll_ms), 2),
        "poll_p95_ms": round(percentile(poll_ms, 0.95), 2),
        "poll_backlog_p50_ms": round(statistics.median(backlog_ms), 2),
        "poll_backlog_p95_ms": round(percentile(backlog_ms, 0.95), 2),
    }
    print(
        f"to-do list, first 200 of {args.open} open items: "
        f"median {figures['todo_p50_ms']} ms, p95 {figures['todo_p95_ms']} ms"
    )
    print(
        f"home screen counts: median {figures['counts_p50_ms']} ms, "
        f"p95 {figures['counts_p95_ms']} ms"
    )
    print(
        f"notification poll, nothing new: median {figures['poll_p50_ms']} ms, "
        f"p95 {figures['poll_p95_ms']} ms"
    )
    print(
        f"notification poll announcing 20 due-soon items: median "
        f"{figures['poll_backlog_p50_ms']} ms, p95 {figures['poll_backlog_p95_ms']} ms"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
