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
from server.services.backups import Manifest, backup, manifest_path, report_path, sha256_of, verify
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
