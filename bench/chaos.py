"""Chaos drill: the server killed again and again under load, then PostgreSQL once.

    .venv/bin/python -m bench.chaos [--minutes 5] [--clients 8] [--seed 15]

Starts `countersign-server run` on a new data directory (embedded PostgreSQL),
seeds one clerk per client and has each submit two-line vouchers through
client/api. Every submission is one user action with one idempotency key: when
no answer comes (the server is down, the database is away) the clerk retries
the same request with the same key until it is acknowledged, as the workbench's
outbox does. Meanwhile the drill SIGKILLs the server process every 10-20 s and
starts it again (PostgreSQL, a separate process, keeps running). After
``minutes`` it SIGKILLs PostgreSQL's postmaster once, mid-load: the server
answers 503 until the service manager (here: the drill) restarts it, and the
restart goes through PostgreSQL's own crash recovery (no restore). Then the load
stops, every open submission is retried to its answer, and the database is
checked:

- ``lost``: acknowledged documents missing from the database (must be 0);
- ``duplicated``: user actions that became more than one document (must be 0);
- ``unbalanced``: vouchers whose debits differ from their credits (must be 0);
- ``number_gaps``: missing voucher numbers per period and series (the gap
  report; a number is taken in the submitting transaction, so a killed request
  takes its number with it: must be 0);
- ``audit_chain``: the operation log's hash chain verified end to end.

Not a test (it runs for minutes and its figures depend on the machine); the
last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg2

from bench.drill import postmaster_pid
from bench.submit_vouchers import database_url, free_port, logged_in, seed, two_lines
from client.api import ApiClient
from client.api.documents import new_key
from client.api.errors import ApiError, ServerUnreachable
from server.db.engine import build_engine
from server.db.uow import UnitOfWork
from server.services.core.audit import verify_chain
from server.services.ledger.number_gaps import number_gaps

BIN = Path(sys.executable).parent
RETRYABLE_STATUS = {502, 503, 504}


class Server:
    """`countersign-server run` on one data directory, killed and started at will."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.data_dir, self.port = data_dir, port
        self.log = data_dir.parent / f"{data_dir.name}-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: list[float] = []

    def start(self) -> None:
        started = time.perf_counter()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    str(BIN / "countersign-server"),
                    "run",
                    "--data-dir",
                    str(self.data_dir),
                    "--port",
                    str(self.port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + 120
        while b"listening on https://" not in self.log.read_bytes()[offset:]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start; see {self.log}")
            time.sleep(0.05)
        self.start_seconds.append(time.perf_counter() - started)

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Clerk:
    """One clerk's submissions: each a marker, a key, and its answer when it came."""

    api: ApiClient
    acknowledged: dict[str, int] = field(default_factory=dict)  # marker -> document id
    attempts: int = 0
    retries: int = 0
    refused: list[str] = field(default_factory=list)  # answers that were not a retry case
    open_marker: str | None = None


class Load:
    def __init__(self, url: str, unit: int, accounts: list[int], users: list[Any]) -> None:
        self.unit, self.accounts = unit, accounts
        self.clerks = [Clerk(logged_in(url, name, secret)) for name, secret in users]
        self._stop = threading.Event()
        self._give_up = threading.Event()

    def run(self) -> list[threading.Thread]:
        threads = [
            threading.Thread(target=self._work, args=(index, clerk), daemon=True)
            for index, clerk in enumerate(self.clerks)
        ]
        for thread in threads:
            thread.start()
        return threads

    def _work(self, index: int, clerk: Clerk) -> None:
        n = 0
        while not self._stop.is_set():
            n += 1
            marker = f"chaos {index}-{n}"
            self._submit(clerk, marker, n)
            time.sleep(0.05)

    def _submit(self, clerk: Clerk, marker: str, n: int) -> None:
        """One user action: retried with the same key until it is answered."""
        draft = two_lines(self.unit, self.accounts, n)
        draft = draft.model_copy(
            update={"lines": [line.model_copy(update={"summary": marker}) for line in draft.lines]}
        )
        key = new_key()
        clerk.open_marker = marker
        while not self._give_up.is_set():
            clerk.attempts += 1
            try:
                done = clerk.api.documents.create_and_submit(draft, key=key)
            except ServerUnreachable:
                pass
            except ApiError as exc:
                if exc.status not in RETRYABLE_STATUS:
                    clerk.refused.append(f"{marker}: {exc.code}")
                    break
            else:
                clerk.acknowledged[marker] = done.id
                break
            clerk.retries += 1
            time.sleep(0.3)
        clerk.open_marker = None

    def stop(self) -> None:
        self._stop.set()

    def give_up(self) -> None:
        self._give_up.set()


def check(url: str, load: Load) -> dict[str, Any]:
    """What the database holds against what the clerks were told."""
    acknowledged = {m: d for clerk in load.clerks for m, d in clerk.acknowledged.items()}
    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.summary, array_agg(DISTINCT d.id) FROM voucher_lines l"
            " JOIN documents d ON d.id = l.document_id"
            " WHERE l.summary LIKE 'chaos %%' AND d.deleted_at IS NULL GROUP BY l.summary"
        )
        stored: dict[str, list[int]] = {row[0]: row[1] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT count(*) FROM (SELECT document_id FROM voucher_lines GROUP BY document_id"
            " HAVING sum(debit) <> sum(credit)) AS u"
        )
        row = cursor.fetchone()
        unbalanced = int(row[0]) if row else -1
    connection.close()
    lost = [m for m, doc in acknowledged.items() if doc not in stored.get(m, [])]
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        gaps = number_gaps(session)
        chain = verify_chain(session)
    engine.dispose()
    return {
        "acknowledged": len(acknowledged),
        "stored_actions": len(stored),
        "lost": len(lost),
        "duplicated": sum(1 for ids in stored.values() if len(ids) > 1),
        "unbalanced": unbalanced,
        "number_gaps": sum(len(gap.missing) for gap in gaps),
        "audit_chain": "intact" if chain.ok else f"broken at {chain.first_bad_id}",
        "audit_records": chain.records,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=5, help="of server kills")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=15, help="for the kill intervals")
    args = parser.parse_args()
    chance = random.Random(args.seed)
    data_dir, port = Path(tempfile.mkdtemp(prefix="cs-chaos-")), free_port()
    server = Server(data_dir, port)
    figures: dict[str, Any] = {}
    server.start()
    try:
        url = database_url(data_dir)
        unit, accounts, users = seed(url, data_dir, clerks=args.clients)
        load = Load(f"https://127.0.0.1:{port}", unit, accounts, users)
        threads = load.run()
        server_kills = 0
        ends = time.monotonic() + args.minutes * 60
        while time.monotonic() < ends:
            time.sleep(min(chance.uniform(10, 20), max(0.0, ends - time.monotonic())))
            server.kill()
            server_kills += 1
            server.start()
        time.sleep(5)
        os.kill(postmaster_pid(data_dir), signal.SIGKILL)
        database_killed = time.monotonic()
        time.sleep(5)  # requests meanwhile: 503 database.unavailable, retried by the clerks
        server.kill()  # the service manager restarts the service...
        server.start()  # ...which starts PostgreSQL: crash recovery from its own WAL
        database_back_s = time.monotonic() - database_killed
        time.sleep(20)
        load.stop()
        for thread in threads:
            thread.join(120)
        load.give_up()
        for thread in threads:
            thread.join(10)
        figures = check(url, load)
        figures.update(
            {
                "server_kills": server_kills,
                "postgres_kills": 1,
                "database_back_s": round(database_back_s, 1),
                "server_start_median_s": round(statistics.median(server.start_seconds), 2),
                "attempts": sum(c.attempts for c in load.clerks),
                "retries": sum(c.retries for c in load.clerks),
                "unanswered": sum(1 for c in load.clerks if c.open_marker is not None),
                "refused": [r for c in load.clerks for r in c.refused][:10],
                "minutes": args.minutes,
                "clients": args.clients,
            }
        )
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key:24} {value}")
    print(json.dumps({**figures, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}))


if __name__ == "__main__":
    main()
