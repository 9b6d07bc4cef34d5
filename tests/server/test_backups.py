"""Full backups with real pg_dump / pg_restore: a backup restores to the same rows,
ledger totals and operation-log chain as its manifest says; a damaged file or a
file that is not what its manifest describes fails verification; a copy goes to
the second location; the scratch database is gone afterwards."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sqlalchemy import text

from common.enums import ReviewLevel
from server.db.uow import UnitOfWork
from server.services.backups import (
    Kept,
    Manifest,
    apply_retention,
    backup,
    catalog,
    manifest_path,
    report_path,
    sha256_of,
    to_remove,
    verify,
)
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk, income, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

NOW = dt.datetime(2026, 11, 30, 22, 0, tzinfo=dt.UTC)


def books(server: LiveServer, codes: Codes, name: str) -> None:
    maker = log_in(server, clerk(server, f"{name}.clerk", unit="001001"))
    checker = log_in(server, reviewer(server, f"{name}.checker", (ReviewLevel.SUPERVISOR, "001")))
    day = today(server)
    for draft in (
        income(codes, day, amount="1234.56", payer=f"备份测试 {name}"),
        voucher(codes, day, ("500102", "88.80", "0"), ("100201", "0", "88.80")),
    ):
        made = maker.documents.create_and_submit(draft)
        checker.reviews.approve(made.id, version=made.version)


def server_url(server: LiveServer) -> str:
    return server.engine.url.render_as_string(hide_password=False)


def scratch_databases(server: LiveServer) -> list[str]:
    with UnitOfWork(server.engine).transaction() as session:
        return list(
            session.scalars(
                text("SELECT datname FROM pg_database WHERE datname LIKE 'countersign_verify_%'")
            )
        )


def test_a_backup_restores_to_what_its_manifest_says(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    books(live_server, codes, "bk")
    dump, manifest = backup(
        live_server.engine, tmp_path / "backups", now=NOW, copy_to=tmp_path / "offsite"
    )
    assert dump.name == "countersign-20261130-220000.dump" and dump.stat().st_size > 0
    assert manifest.sha256 == sha256_of(dump) and manifest.database_bytes > 0
    assert manifest.row_counts["documents"] >= 3  # the record, its voucher, the voucher
    assert manifest.ledger["debit"] == manifest.ledger["credit"] != "0"
    assert manifest.audit_head["id"] is not None
    assert (tmp_path / "offsite" / dump.name).read_bytes() == dump.read_bytes()
    assert Manifest.load(tmp_path / "offsite" / manifest_path(dump).name) == manifest

    report = verify(dump, server_url(live_server), now=NOW)
    assert report.ok, report.problems
    assert report.checks == {
        "checksum": True,
        "restore": True,
        "row_counts": True,
        "ledger": True,
        "audit_chain": True,
    }
    assert json.loads(report_path(dump).read_text())["ok"] is True
    assert scratch_databases(live_server) == []


def test_a_damaged_or_substituted_backup_fails_verification(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    first, _ = backup(live_server.engine, tmp_path, now=NOW)
    damaged = tmp_path / "damaged" / first.name
    damaged.parent.mkdir()
    shutil.copy2(first, damaged)
    shutil.copy2(manifest_path(first), manifest_path(damaged))
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    report = verify(damaged, server_url(live_server), now=NOW)
    assert not report.ok and report.checks == {"checksum": False}

    books(live_server, codes, "bk2")  # the data moves on; a later backup differs
    later, _ = backup(live_server.engine, tmp_path / "later", now=NOW + dt.timedelta(hours=1))
    substituted = tmp_path / "substituted" / first.name
    substituted.parent.mkdir()
    shutil.copy2(later, substituted)  # the later file under the first one's manifest
    manifest = Manifest.load(manifest_path(first))
    manifest.sha256 = sha256_of(substituted)  # even with a matching checksum
    manifest.save(manifest_path(substituted))
    report = verify(substituted, server_url(live_server), now=NOW)
    assert not report.ok
    assert report.checks["checksum"] and report.checks["restore"]
    assert not report.checks["row_counts"] and not report.checks["ledger"]
    assert any("documents" in problem for problem in report.problems)
    assert scratch_databases(live_server) == []


def kept(day: int, hour: int = 22, *, verified: bool = True) -> Kept:
    taken = dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)
    return Kept(Path(f"countersign-{taken:%Y%m%d-%H%M%S}.dump"), taken, verified)


def test_retention_keeps_days_weeks_and_always_the_last_verified_backup() -> None:
    nightly = [kept(day) for day in range(1, 31)]  # November, one a night
    gone = {k.taken.day for k in to_remove(nightly, daily=7, weekly=4)}
    kept_days = set(range(1, 31)) - gone
    # the last 7 nights, and the newest of each of the last 4 ISO weeks: the 30th
    # (a Monday), the 29th, 22nd and 15th (Sundays)
    assert kept_days == {24, 25, 26, 27, 28, 29, 30} | {15, 22}
    twice = [kept(30, 22), kept(30, 9), kept(29)]
    gone_twice = [(k.taken.day, k.taken.hour) for k in to_remove(twice, daily=1, weekly=0)]
    assert gone_twice == [(30, 9), (29, 22)]  # a day keeps its newest backup only

    failing = [kept(day, verified=day < 20) for day in range(1, 31)]  # nothing verifies now
    gone = {k.taken.day for k in to_remove(failing, daily=2, weekly=0)}
    assert 19 not in gone  # the last verified one stays, however old
    assert not gone & set(range(19, 31))  # and the unverified ones after it
    assert to_remove([kept(1, verified=False)], daily=0, weekly=0) == []  # never the only one


def test_apply_retention_removes_the_files_of_what_goes(
    live_server: LiveServer, tmp_path: Path
) -> None:
    made = [
        backup(live_server.engine, tmp_path, now=NOW - dt.timedelta(days=n))[0] for n in range(3)
    ]
    verify(made[0], server_url(live_server), now=NOW)
    assert [k.dump for k in catalog(tmp_path)] == made
    assert apply_retention(tmp_path, daily=1, weekly=0) == made[1:]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [made[0].name, manifest_path(made[0]).name, report_path(made[0]).name]
    )
