"""Full backups with real pg_dump / pg_restore: a backup restores to the same rows,
ledger totals and operation-log chain as its manifest says; a damaged file or a
file that is not what its manifest describes fails verification; a copy goes to
the second location; the scratch database is gone afterwards."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import text

from common.enums import ReviewLevel, Role
from common.schemas.backups import RunState
from server.clock import Clock
from server.db.uow import UnitOfWork
from server.services.operations import backup_crypto
from server.services.operations.backup_catalog import Kept, apply_retention, catalog, to_remove
from server.services.operations.backup_crypto import BackupKey
from server.services.operations.backup_runs import BackupRunner, Where
from server.services.operations.backups import (
    Manifest,
    backup,
    manifest_path,
    pg_tool,
    report_path,
    sha256_of,
    verify,
)
from tests.support.accounts import add_user, log_in, refused
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
        "decrypt": True,  # a plain dump reads as it is on a server without a key
        "authentic": True,
        "restore": True,
        "row_counts": True,
        "ledger": True,
        "audit_chain": True,
        "attachments": True,
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


def test_an_administrator_backs_up_now_and_sees_it_verified(
    live_server: LiveServer, codes: Codes
) -> None:
    books(live_server, codes, "now")
    admin = log_in(live_server, add_user(live_server, "bk.admin", [Role.ADMIN]))
    clerk_api = log_in(live_server, clerk(live_server, "bk.clerk2", unit="001001"))
    assert refused(clerk_api.admin.backups).status == 403
    started = admin.admin.back_up_now()
    assert started.state is RunState.RUNNING and started.trigger == "manual"
    assert refused(admin.admin.back_up_now).code == "backup.running"  # one at a time
    live_server.app.state.backup_runner.wait(120)
    seen = admin.admin.backups()
    assert seen.run.state is RunState.DONE and seen.run.problems == []
    [made] = [b for b in seen.backups if b.name == seen.run.backup]
    assert made.verified and not made.verification_failed and made.bytes > 0
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, action FROM audit_log WHERE target_type = 'backup'"
                " AND target_id = :name ORDER BY id"
            ),
            {"name": made.name},
        ).all()
    assert [tuple(row) for row in logged] == [
        ("bk.admin", "backup.created"),
        ("bk.admin", "backup.verified"),
    ]


def test_the_nightly_backup_is_due_once_a_day_after_its_hour(
    live_server: LiveServer, tmp_path: Path
) -> None:
    runner = BackupRunner(live_server.engine, Where(tmp_path, None), Clock())
    office = dt.timezone(dt.timedelta(hours=8))
    night = dt.datetime(2026, 11, 30, 1, 59, tzinfo=office)
    assert not runner.due(night)  # before 02:00
    assert runner.due(night + dt.timedelta(minutes=2))  # after it, nothing since
    backup(live_server.engine, tmp_path, now=night + dt.timedelta(minutes=3))
    assert not runner.due(night + dt.timedelta(hours=20))  # done for the day
    assert runner.due(night + dt.timedelta(days=1, minutes=2))  # the next night


def pg_restore_script(dump: Path) -> subprocess.CompletedProcess[str]:
    """What anyone holding the file reads with the PostgreSQL tools alone."""
    return subprocess.run(
        [pg_tool("pg_restore"), "--data-only", "--file=-", str(dump)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_an_encrypted_backup_is_unreadable_without_its_key_and_verifies_with_it(
    live_server: LiveServer, codes: Codes, tmp_path: Path
) -> None:
    books(live_server, codes, "sealed")  # payer 备份测试 sealed
    key = BackupKey(secrets.token_bytes(32))
    dump, manifest = backup(
        live_server.engine, tmp_path / "enc", now=NOW, copy_to=tmp_path / "offsite", key=key
    )
    assert manifest.key_id == key.key_id
    assert "备份测试 sealed".encode() not in dump.read_bytes()
    read = pg_restore_script(dump)
    assert read.returncode != 0 and "备份测试 sealed" not in read.stdout
    assert (tmp_path / "offsite" / dump.name).read_bytes() == dump.read_bytes()
    plain = tmp_path / "plain" / dump.name
    plain.parent.mkdir()
    backup_crypto.decrypt_file(key, dump, plain)  # the key opens it: the data is all there
    assert "备份测试 sealed" in pg_restore_script(plain).stdout

    report = verify(dump, server_url(live_server), now=NOW, key=key)
    assert report.ok, report.problems
    assert report.checks["decrypt"] and report.checks["row_counts"]

    other = verify(dump, server_url(live_server), now=NOW, key=BackupKey(secrets.token_bytes(32)))
    assert not other.ok and other.checks == {"checksum": True, "decrypt": False}
    assert "encrypted with another backup key" in other.problems[0]
    missing = verify(dump, server_url(live_server), now=NOW, key=None)
    assert not missing.ok and "No backup key" in missing.problems[0]

    tampered = tmp_path / "tampered" / dump.name
    tampered.parent.mkdir()
    data = bytearray(dump.read_bytes())
    data[len(data) // 3] ^= 0x01  # one bit, and a manifest made to match it
    tampered.write_bytes(bytes(data))
    manifest.sha256 = sha256_of(tampered)
    manifest.signature = key.sign(manifest.content())  # even signed again with the key
    manifest.save(manifest_path(tampered))
    report = verify(tampered, server_url(live_server), now=NOW, key=key)
    assert not report.ok
    assert report.checks == {"checksum": True, "decrypt": False, "authentic": True}
    assert "damaged or was tampered with" in report.problems[0]
    assert scratch_databases(live_server) == []
    left = {path.name for path in (tmp_path / "tampered").iterdir()}  # no plain copy, ever
    assert left == {tampered.name, manifest_path(tampered).name, report_path(tampered).name}


def test_the_servers_backups_are_encrypted_with_its_key(
    live_server: LiveServer, codes: Codes
) -> None:
    admin = log_in(live_server, add_user(live_server, "bk.sealer", [Role.ADMIN]))
    admin.admin.back_up_now()
    live_server.app.state.backup_runner.wait(120)
    made = live_server.settings.backups / admin.admin.backups().run.backup
    key = backup_crypto.load(live_server.settings.data_dir)
    assert backup_crypto.is_encrypted(made)
    assert Manifest.load(manifest_path(made)).key_id == key.key_id
    assert (live_server.settings.data_dir / "backup.key").stat().st_mode & 0o777 == 0o600


def test_once_there_is_a_key_only_its_signed_manifests_and_encrypted_dumps_are_trusted(
    live_server: LiveServer, tmp_path: Path
) -> None:
    url, key = server_url(live_server), BackupKey(secrets.token_bytes(32))
    # someone who can write to the backup share plants a plain dump whose manifest
    # matches it (the SHA-256 has no key behind it)
    planted, _ = backup(live_server.engine, tmp_path / "planted", now=NOW)
    refused_plain = verify(planted, url, now=NOW, key=key)
    assert not refused_plain.ok
    assert refused_plain.checks == {"checksum": True, "decrypt": True, "authentic": False}
    assert f"The backup file {planted.name} is not encrypted" in refused_plain.problems[0]
    assert "--allow-plain" in refused_plain.problems[0]
    assert verify(planted, url, now=NOW, key=key, allow_plain=True).ok  # an older backup

    sealed, manifest = backup(live_server.engine, tmp_path / "sealed", now=NOW, key=key)
    assert manifest.signature and verify(sealed, url, now=NOW, key=key).ok
    manifest.row_counts["documents"] += 1  # edited after signing
    manifest.save(manifest_path(sealed))
    for allow_plain in (False, True):
        edited = verify(sealed, url, now=NOW, key=key, allow_plain=allow_plain)
        assert not edited.ok and edited.checks["authentic"] is False
        assert "fails its signature check" in edited.problems[0]

    # an encrypted dump under another dump's name, with a manifest signed for that
    # name, does not decrypt: the name is bound into the encryption
    renamed = tmp_path / "renamed" / "countersign-20261201-220000.dump"
    renamed.parent.mkdir()
    shutil.copy2(sealed, renamed)
    moved = Manifest.load(manifest_path(sealed))
    moved.row_counts["documents"] -= 1
    moved.file = renamed.name
    moved.signature = key.sign(moved.content())
    moved.save(manifest_path(renamed))
    swapped = verify(renamed, url, now=NOW, key=key)
    assert swapped.checks == {"checksum": True, "decrypt": False, "authentic": True}
    assert "renamed from another file" in swapped.problems[0]
    assert scratch_databases(live_server) == []


def test_decrypted_leftovers_of_a_killed_process_are_gone_when_the_server_starts(
    live_server: LiveServer, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    leftovers = [
        folder / ".decrypt-k2j4" / "countersign-20261130-220000.dump",
        folder / "restores" / "pitr-R7.dump",
        folder / "countersign-pitr-x1" / "pgdata" / "PG_VERSION",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PGDMP plain data")
    kept = folder / "countersign-20261130-220000.dump"
    kept.write_bytes(b"encrypted")
    BackupRunner(live_server.engine, Where(folder=folder, copy_to=None), Clock())
    assert not list(folder.glob(".decrypt-*")) and not list(folder.glob("countersign-pitr-*"))
    assert not list((folder / "restores").iterdir())
    assert kept.exists()
