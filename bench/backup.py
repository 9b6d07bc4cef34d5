"""Backup and verification of the bench data set (bench/load_data.py): the time
of a full backup and of its verification (checksum, test restore into a scratch
database, recount and comparison). Target for 1,000,000 vouchers on the 2-core
machine: both together under 10 minutes.

    .venv/bin/python -m bench.backup --data-dir /tmp/cs-bench

Writes into DATA_DIR/bench-backups (removed afterwards unless --keep). The last
line is one JSON object of the figures in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from pathlib import Path

from server.db.engine import privileged_url_of
from server.runtime import open_database
from server.services.operations import backups
from server.settings import ServerSettings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--keep", action="store_true", help="keep the backup files")
    args = parser.parse_args()
    folder = args.data_dir / "bench-backups"
    settings = ServerSettings(data_dir=args.data_dir)
    with open_database(settings) as engine:
        started = time.perf_counter()
        dump, manifest = backups.backup(engine, folder, now=dt.datetime.now(dt.UTC))
        backup_s = time.perf_counter() - started
        started = time.perf_counter()
        report = backups.verify(dump, privileged_url_of(engine), now=dt.datetime.now(dt.UTC))
        verify_s = time.perf_counter() - started
    figures = {
        "database_mb": round(manifest.database_bytes / 2**20, 1),
        "dump_mb": round(dump.stat().st_size / 2**20, 1),
        "documents": manifest.row_counts.get("documents"),
        "voucher_lines": manifest.row_counts.get("voucher_lines"),
        "verified": report.ok,
        "backup_s": round(backup_s, 1),
        "verify_s": round(verify_s, 1),
        "backup_and_verify_s": round(backup_s + verify_s, 1),
    }
    if not args.keep:
        shutil.rmtree(folder)
    for key, value in figures.items():
        print(f"{key:24} {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
