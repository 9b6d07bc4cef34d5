"""Fault drill: PostgreSQL killed under load, recovered from the archive.

    .venv/bin/python -m bench.drill [--seconds 150] [--rate 8]

Starts `countersign-server run` on a new data directory (embedded PostgreSQL,
WAL archiving on, archive_timeout 60 s), seeds clerks, takes a base backup, and
submits vouchers through client/api at about ``rate`` per second, noting the
moment each is acknowledged. After ``seconds`` it kills the postmaster with
SIGKILL, and — as if its disk were lost — recovers the latest point from the
base backup and the archive alone in a scratch cluster (the product's
point-in-time code, server/services/operations/point_in_time.py). Then it counts the
acknowledged vouchers missing from the recovered database.

``rpo_s``: from the kill back to the newest acknowledged voucher that survived
(the work lost, in seconds). ``missing_before_last_archive``: acknowledged
vouchers missing although acknowledged before the last archived segment was
written — must be 0. The last line is one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg2

from bench.bench_server import database_url, start_server
from bench.submit_vouchers import PASSWORD, free_port, logged_in, seed, two_lines
from server.embedded_pg import DATABASE_NAME
from server.services.operations import point_in_time, wal_archive

__all__ = ["PASSWORD"]


class Load:
    """Clerks submitting vouchers at a steady pace; what was acknowledged, when."""

    def __init__(self, url: str, seeded: tuple[int, list[int], list[tuple[str, str]]]) -> None:
        self.unit, self.accounts, users = seeded
        self.apis = [logged_in(url, name, secret) for name, secret in users[:2]]
        self.acknowledged: dict[int, float] = {}  # document id -> time.time() of the answer
        self.failures = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def run(self, rate: float) -> list[threading.Thread]:
        pause = len(self.apis) / rate
        threads = [
            threading.Thread(target=self._work, args=(api, index, pause), daemon=True)
            for index, api in enumerate(self.apis)
        ]
        for thread in threads:
            thread.start()
        return threads

    def _work(self, api: object, index: int, pause: float) -> None:
        n = index * 1_000_000
        while not self._stop.is_set():
            n += 1
            try:
                done = api.documents.create_and_submit(  # type: ignore[attr-defined]
                    two_lines(self.unit, self.accounts, n)
                )
            except Exception:
                self.failures += 1
                if self._stop.wait(0.5):
                    return
                continue
            with self._lock:
                self.acknowledged[done.id] = time.time()
            self._stop.wait(pause)

    def stop(self) -> None:
        self._stop.set()


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=150)
    parser.add_argument("--rate", type=float, default=8, help="vouchers per second")
    args = parser.parse_args()
    data_dir, port = Path(tempfile.mkdtemp(prefix="cs-drill-")), free_port()
    backups = data_dir / "backups"
    server = start_server(data_dir, port)
    figures: dict[str, object] = {}
    try:
        url = database_url(data_dir)
        seeded = seed(url, data_dir, clerks=2)
        wal_archive.take_base_backup(url, backups)
        load = Load(f"https://127.0.0.1:{port}", seeded)
        threads = load.run(args.rate)
        time.sleep(args.seconds)
        killed_at = time.time()
        os.kill(postmaster_pid(data_dir), signal.SIGKILL)
        load.stop()
        for thread in threads:
            thread.join(10)
        segments = sorted(p for p in wal_archive.wal_folder(backups).glob("*") if len(p.name) == 24)
        last_archived = segments[-1].stat().st_mtime if segments else 0.0

        started = time.perf_counter()
        work = Path(tempfile.mkdtemp(prefix="recovered-", dir=backups))
        with point_in_time.RecoveredCluster(backups, None, work) as cluster:
            recovery_s = time.perf_counter() - started
            connection = psycopg2.connect(**{**cluster.connect_args(), "dbname": DATABASE_NAME})
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM documents WHERE id = ANY(%s)", (list(load.acknowledged),)
                )
                present = {row[0] for row in cursor.fetchall()}
            connection.close()
        missing = {doc: at for doc, at in load.acknowledged.items() if doc not in present}
        survived = [at for doc, at in load.acknowledged.items() if doc in present]
        figures = {
            "acknowledged": len(load.acknowledged),
            "recovered": len(present),
            "missing_acknowledged": len(missing),
            "missing_before_last_archive": sum(
                1 for at in missing.values() if at < last_archived - 1
            ),
            "rpo_s": round(killed_at - max(survived), 1) if survived else None,
            "last_archive_before_kill_s": round(killed_at - last_archived, 1),
            "archived_segments": len(segments),
            "recovery_s": round(recovery_s, 1),
            "load_seconds": args.seconds,
            "rate_per_s": args.rate,
        }
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key:28} {value}")
    print(json.dumps({**figures, "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}))


if __name__ == "__main__":
    main()
