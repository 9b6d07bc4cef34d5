"""Close every month of the bench data set that has ended, in order, through the
server's own period close (as an administrator would at each month end), so the
balance table reads the closed months' kept totals.

    .venv/bin/python -m bench.close_periods --data-dir /tmp/cs-bench

Adds a bench administrator the first time. Prints the time of each close, their
median, and one JSON line of the figures in milliseconds.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import statistics
import time
from pathlib import Path

import pyotp
from sqlalchemy import select

from bench.bench_server import database_url, logged_in, start_server
from common.enums import Role
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.db.models import FiscalPeriod, User
from server.db.uow import UnitOfWork
from server.services.accounts.users import create_user
from server.services.core.working_days import OFFICE_TZ

ADMIN = "bench.admin"


def ensure_admin(url: str, data_dir: Path, users: dict[str, object]) -> None:
    secrets: dict[str, str] = users["secrets"]  # type: ignore[assignment]
    if ADMIN in secrets:
        return
    box = SecretBox(base64.b64decode((data_dir / "secret.key").read_text().strip()))
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        made = create_user(
            session,
            username=ADMIN,
            display_name=ADMIN,
            roles=[Role.ADMIN],
            unit_ids=[],
            password=str(users["password"]),
            must_change_password=False,
        )
        secret = pyotp.random_base32()
        user = session.get(User, made.id)
        assert user is not None
        user.totp_secret = box.seal(secret.encode(), user_id=user.id)
    engine.dispose()
    secrets[ADMIN] = secret
    (data_dir / "bench-users.json").write_text(json.dumps(users, ensure_ascii=False))


def open_months(url: str, before: dt.date) -> list[tuple[int, int]]:
    engine = build_engine(url, pool_size=1)
    with UnitOfWork(engine).transaction() as session:
        found = session.execute(
            select(FiscalPeriod.year, FiscalPeriod.month)
            .where(FiscalPeriod.is_closed.is_(False))
            .order_by(FiscalPeriod.year, FiscalPeriod.month)
        ).all()
    engine.dispose()
    return [(y, m) for y, m in found if dt.date(y, m, 1) < before]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--port", type=int, default=18445)
    args = parser.parse_args()
    users = json.loads((args.data_dir / "bench-users.json").read_text())
    server = start_server(args.data_dir, args.port)  # migrates to the current schema first
    try:
        url = database_url(args.data_dir)
        ensure_admin(url, args.data_dir, users)
        admin = logged_in(f"https://127.0.0.1:{args.port}", ADMIN, users)
        this_month = dt.datetime.now(OFFICE_TZ).date().replace(day=1)
        took = []
        for year, month in open_months(url, this_month):
            started = time.perf_counter()
            admin.admin.close_period(year, month)
            took.append((time.perf_counter() - started) * 1000)
            print(f"closed {year}-{month:02d} in {took[-1]:8.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=60)
    figures = {
        "closed": len(took),
        "close_median": round(statistics.median(took), 1) if took else None,
        "close_max": round(max(took), 1) if took else None,
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
