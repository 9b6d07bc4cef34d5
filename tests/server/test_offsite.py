"""The second location (backup_copy_dir) against a real embedded PostgreSQL with
WAL archiving on: an archived segment reaches it encrypted within seconds, a
base backup goes there as an encrypted tar with the full backup, its manifest
and report; 系统状态 reports the off-site recovery point and warns when the
second location is behind; the backup key's export must be confirmed, with a
fresh code, after it was exported on the server."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

import server.__main__ as cli
from common.enums import ReviewLevel, Role
from common.schemas.alerts import AlertKind
from common.schemas.backups import RunState
from server.db.engine import build_engine
from server.db.migrate import upgrade_to_head
from server.db.uow import UnitOfWork
from server.embedded_pg import EmbeddedPostgres
from server.services.core import audit
from server.services.operations import backup_crypto, offsite, point_in_time, wal_archive
from server.services.operations.backup_runs import BackupRunner, Where
from server.services.operations.backups import pg_tool
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, office, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An embedded cluster archiving its WAL into <data>/backups/wal."""
    data = tmp_path_factory.mktemp("offsite-data")
    cluster = EmbeddedPostgres(data, archive=wal_archive.wal_folder(data / "backups"))
    url = cluster.start()
    try:
        engine = build_engine(url, pool_size=1)
        upgrade_to_head(engine)
        engine.dispose()
        yield url, data
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def copy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("second-location")


@pytest.fixture(scope="module")
def live_server(archived: tuple[str, Path], copy_dir: Path) -> Iterator[LiveServer]:
    url, data = archived
    server = LiveServer(url, data)
    server.settings = server.settings.model_copy(
        update={"backup_copy_dir": copy_dir, "offsite_ship_seconds": 1}
    )
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def switch_and_wait_archived(server: LiveServer) -> str:
    """Close the current segment and wait (bounded) until PostgreSQL archived it."""
    with server.engine.connect() as connection:
        connection.execute(text("SELECT pg_current_xact_id()"))  # something to archive
        connection.commit()
        segment = str(
            connection.execute(text("SELECT pg_walfile_name(pg_switch_wal())")).scalar_one()
        )
        connection.commit()
        deadline = time.monotonic() + 60
        while True:
            done = connection.execute(
                text("SELECT last_archived_wal FROM pg_stat_archiver")
            ).scalar_one()
            connection.commit()
            if done is not None and str(done) >= segment:
                return segment
            assert time.monotonic() < deadline, f"{segment} was not archived"
            time.sleep(0.2)


def wait_for(path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.2)


def approved_document(server: LiveServer, codes: Codes, who: str, payer: str) -> None:
    """An approved receipt naming ``payer``, by a clerk and reviewer of its own."""
    maker = log_in(server, clerk(server, f"{who}.clerk", unit="001001"))
    checker = log_in(server, reviewer(server, f"{who}.chk", (ReviewLevel.SUPERVISOR, "001")))
    made = maker.documents.create_and_submit(
        income(codes, today(server), amount="321.00", payer=payer)
    )
    checker.reviews.approve(made.id, version=made.version)


@pytest.fixture
def key_state_kept(live_server: LiveServer) -> Iterator[None]:
    """The backup key's export state (exported_at, confirmed_by) as it was before
    the test: exporting the key for a test's own use is not an export to confirm."""
    state = live_server.settings.data_dir / backup_crypto.STATE_FILE
    before = state.read_bytes() if state.exists() else None
    yield
    if before is None:
        state.unlink(missing_ok=True)
    else:
        state.write_bytes(before)


def test_an_archived_segment_reaches_the_second_location_encrypted(
    live_server: LiveServer, codes: Codes, copy_dir: Path
) -> None:
    approved_document(live_server, codes, "off", "OFFSITE-MARKER-7731")
    segment = switch_and_wait_archived(live_server)

    shipped = copy_dir / "wal" / f"{segment}.enc"
    wait_for(shipped)  # shipped by the server itself, within its interval
    local = wal_archive.wal_folder(live_server.settings.backups) / segment
    assert backup_crypto.is_encrypted(shipped)
    assert b"OFFSITE-MARKER-7731" not in shipped.read_bytes()
    key = backup_crypto.load(live_server.settings.data_dir)
    plain = io.BytesIO()
    with shipped.open("rb") as sealed:
        backup_crypto.decrypt_stream(key, sealed, plain, name=shipped.name)
    assert plain.getvalue() == local.read_bytes()
    assert shipped.stat().st_mtime == local.stat().st_mtime  # the archive time, kept

    admin = log_in(live_server, add_user(live_server, "off.admin", [Role.ADMIN]))
    status = admin.admin_system.status()
    assert status.offsite is not None and status.offsite.configured
    assert status.offsite.path == str(copy_dir)
    assert status.offsite.newest_wal_at is not None
    assert status.offsite.pending_segments == 0 and status.offsite.rpo_seconds == 0
    assert not status.offsite.warning

    # a second location that has none of it: everything pending, a warning
    behind = offsite.status(
        live_server.settings.backups, copy_dir / "empty", continuous=True, now=status.now
    )
    assert behind.pending_segments >= 1 and behind.rpo_seconds is None and behind.warning


def test_a_base_backup_and_the_full_backup_go_there_encrypted(
    live_server: LiveServer, copy_dir: Path
) -> None:
    admin = log_in(live_server, add_user(live_server, "off.admin2", [Role.ADMIN]))
    admin.admin.back_up_now()
    live_server.app.state.backup_runner.wait(300)
    listed = admin.admin.backups()
    assert listed.run.state is RunState.DONE, listed.run
    dump = listed.run.backup
    assert dump is not None
    for name in (
        dump,
        dump.replace(".dump", ".manifest.json"),
        dump.replace(".dump", ".verify.json"),
    ):
        assert (copy_dir / name).exists(), name
    assert backup_crypto.is_encrypted(copy_dir / dump)

    [base] = wal_archive.base_backups(live_server.settings.backups)[:1]
    sealed = copy_dir / "base" / f"{base.path.name}.tar.enc"
    assert sealed.exists() and (copy_dir / "base" / f"{base.path.name}.json").exists()
    assert backup_crypto.is_encrypted(sealed)
    key = backup_crypto.load(live_server.settings.data_dir)
    plain = io.BytesIO()
    with sealed.open("rb") as source:
        backup_crypto.decrypt_stream(key, source, plain, name=sealed.name)
    plain.seek(0)
    with tarfile.open(fileobj=plain) as archive:
        names = archive.getnames()
    assert f"{base.path.name}/PG_VERSION" in names and f"{base.path.name}/backup_manifest" in names
    # the segment the base backup starts at is there too
    assert (copy_dir / "wal" / f"{base.start_wal}.enc").exists()

    status = admin.admin_system.status().offsite
    assert status is not None
    assert status.newest_base_at == base.finished_at
    assert status.newest_dump_at is not None


def test_the_key_export_is_confirmed_with_a_fresh_code_after_it_was_exported(
    live_server: LiveServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = log_in(live_server, add_user(live_server, "off.keeper", [Role.ADMIN]))
    state = admin.admin_system.backup_key()
    assert state.warning and state.exported_at is None
    assert admin.admin_system.status().backup_key.warning  # type: ignore[union-attr]
    assert refused(admin.admin_system.confirm_backup_key).code == "backup_key.not_exported"

    kit = tmp_path / "countersign-backup-key.json"
    data_dir = str(live_server.settings.data_dir)
    assert cli.main(["export-backup-key", str(kit), "--data-dir", data_dir]) == 0
    out = capsys.readouterr().out
    assert state.key_id in out and "Keep it offline" in out and "离线保管" in out
    assert kit.stat().st_mode & 0o777 == 0o600
    assert cli.main(["export-backup-key", str(kit), "--data-dir", data_dir]) == 2  # not over it

    stale = admin.admin_system.backup_key()
    assert stale.exported_at is not None and stale.warning  # exported, not yet confirmed
    live_server.clock.advance(dt.timedelta(minutes=6))  # past fresh_code_minutes (5)
    assert refused(admin.admin_system.confirm_backup_key).code == "auth.fresh_code_required"
    fresh = log_in(live_server, add_user(live_server, "off.keeper2", [Role.ADMIN]))
    confirmed = fresh.admin_system.confirm_backup_key()
    assert not confirmed.warning and confirmed.confirmed_by == "off.keeper2"
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text(
                "SELECT actor_name, target_id FROM audit_log WHERE action = 'backup.key_confirmed'"
            )
        ).all()
    assert [tuple(row) for row in logged] == [("off.keeper2", state.key_id)]

    # on a new machine the kit installs both keys; a different key there is not overwritten
    new_machine = tmp_path / "new-machine"
    assert cli.main(["import-backup-key", str(kit), "--data-dir", str(new_machine)]) == 0
    assert backup_crypto.load(new_machine).key_id == state.key_id
    assert (new_machine / "secret.key").read_text().strip() == (
        live_server.settings.data_dir / "secret.key"
    ).read_text().strip()
    other = tmp_path / "other"
    backup_crypto.load_or_create(other)
    capsys.readouterr()
    assert cli.main(["import-backup-key", str(kit), "--data-dir", str(other)]) == 2
    assert "--replace" in capsys.readouterr().err


def test_a_new_machine_recovers_from_the_second_location_alone(
    live_server: LiveServer, codes: Codes, copy_dir: Path, tmp_path: Path, key_state_kept: None
) -> None:
    """The server's disk is lost: with the exported key, the second location's
    base backup and WAL give the data back (a real point-in-time recovery)."""
    # its own base backup in the second location, then its own row in the WAL after it
    admin = log_in(live_server, add_user(live_server, "off.recoverer", [Role.ADMIN]))
    admin.admin.back_up_now()
    live_server.app.state.backup_runner.wait(300)
    assert admin.admin.backups().run.state is RunState.DONE
    assert offsite.shipped_bases(copy_dir)
    approved_document(live_server, codes, "off.rec", "OFFSITE-RECOVERY-MARKER-4417")

    kit = tmp_path / "kit.json"
    data_dir = str(live_server.settings.data_dir)
    assert cli.main(["export-backup-key", str(kit), "--data-dir", data_dir]) == 0
    switch_and_wait_archived(live_server)
    live_server.app.state.backup_runner.ship_offsite()

    new_machine = tmp_path / "new-machine"
    fetch = ["fetch-offsite", "--from", str(copy_dir), "--data-dir", str(new_machine)]
    assert cli.main(fetch) == 2  # no key yet: refused, one line
    assert cli.main(["import-backup-key", str(kit), "--data-dir", str(new_machine)]) == 0
    assert cli.main(fetch) == 0
    backups = new_machine / "backups"
    assert wal_archive.base_backups(backups), "the base backup came back whole"

    recovered = tmp_path / "recovered.dump"
    database = live_server.engine.url.database or ""
    point_in_time.recover_dump(backups, None, database, recovered)
    script = subprocess.run(
        [pg_tool("pg_restore"), "--data-only", "--file=-", str(recovered)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "OFFSITE-RECOVERY-MARKER-4417" in script


def test_a_base_backup_that_cannot_go_there_is_an_alert(
    live_server: LiveServer, tmp_path: Path
) -> None:
    blocked = tmp_path / "second"
    blocked.mkdir()
    (blocked / "base").write_text("a file where the base backups would go")
    key = backup_crypto.load(live_server.settings.data_dir)
    runner = BackupRunner(
        live_server.app.state.backup_runner.engine,
        Where(live_server.settings.backups, blocked, continuous=True, key=key),
        live_server.clock,
    )
    runner.start(audit.SYSTEM, trigger="manual", origin=audit.Origin(host="test"))
    runner.wait(300)
    assert runner.current().state is RunState.DONE  # the backup itself is fine
    assert (blocked / "wal").is_dir()  # the segments went; the base backup could not
    admin = log_in(live_server, add_user(live_server, "off.watcher", [Role.ADMIN]))
    failed = [
        a for a in admin.admin.alerts(1) if a.details.get("action") == "backup.offsite_failed"
    ]
    assert [a.kind for a in failed] == [AlertKind.BACKUP]
