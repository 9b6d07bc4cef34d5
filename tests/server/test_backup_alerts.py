"""DOMAIN.md "Backup and restore" and "Alerts" rules that had no test to catch
their breaking: a backup run that fails shows on the admin console's alerts; the
embedded PostgreSQL with continuous protection archives the write-ahead log at
least every 60 seconds (archive_timeout), well inside the one hour of work the
office may lose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import create_engine, text

from common.enums import Role
from common.schemas.alerts import AlertKind
from common.schemas.backups import RunState
from server.embedded_pg import EmbeddedPostgres
from server.services.operations import wal_archive
from tests.support.accounts import add_user, log_in
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def live_server(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server whose backup folder cannot be made: a file is where its parent
    directory should be (as when the backup disk is not mounted and a file is
    left there; permissions alone do not stop root)."""
    base = tmp_path_factory.mktemp("unwritable")
    (base / "not-a-directory").write_text("the backup share is not mounted")
    server = LiveServer(module_database_url, tmp_path_factory.mktemp("tls"))
    server.settings = server.settings.model_copy(
        update={"backup_dir": base / "not-a-directory" / "backups"}
    )
    server.start()
    yield server
    server.close()


def test_a_failed_backup_run_shows_in_the_alerts(live_server: LiveServer) -> None:
    admin_account = add_user(live_server, "fail.admin", [Role.ADMIN])
    admin = log_in(live_server, admin_account)
    admin.admin.back_up_now()
    live_server.app.state.backup_runner.wait(120)
    run = admin.admin.backups().run
    assert run.state is RunState.FAILED and run.problems, run

    auditor = log_in(live_server, add_user(live_server, "fail.auditor", [Role.AUDITOR]))
    failed = [
        alert
        for alert in auditor.admin.alerts(days=1)
        if alert.kind is AlertKind.BACKUP and alert.details.get("action") == "backup.failed"
    ]
    assert len(failed) == 1, failed
    assert failed[0].details["by"] == "fail.admin" and failed[0].details["error"]


def test_the_embedded_cluster_archives_at_least_every_minute(tmp_path: Path) -> None:
    archive = wal_archive.wal_folder(tmp_path / "backups")
    cluster = EmbeddedPostgres(tmp_path / "data", archive=archive)
    url = cluster.start()
    try:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
        with engine.connect() as connection:
            settings = {
                name: connection.execute(text(f"SHOW {name}")).scalar_one()
                for name in ("archive_mode", "archive_timeout", "wal_level")
            }
            seconds = connection.execute(
                text("SELECT setting::int FROM pg_settings WHERE name = 'archive_timeout'")
            ).scalar_one()
        engine.dispose()
        assert settings == {"archive_mode": "on", "archive_timeout": "1min", "wal_level": "replica"}
        assert 0 < seconds <= 60  # a segment at least every minute: far inside the hour
        # and the archive command really archives: a finished segment reaches the folder
        raw = psycopg2.connect(url)
        try:
            raw.autocommit = True
            with raw.cursor() as cursor:
                cursor.execute("CREATE TABLE IF NOT EXISTS tick (n int)")
                cursor.execute("INSERT INTO tick VALUES (1)")
                cursor.execute("SELECT pg_walfile_name(pg_switch_wal())")
                row = cursor.fetchone()
                assert row is not None
                segment = str(row[0])
                for _ in range(100):
                    cursor.execute("SELECT last_archived_wal FROM pg_stat_archiver")
                    done = cursor.fetchone()
                    if done is not None and done[0] is not None and done[0] >= segment:
                        break
                    cursor.execute("SELECT pg_sleep(0.1)")
                else:
                    pytest.fail(f"segment {segment} was never archived")
        finally:
            raw.close()
        assert (archive / segment).exists() or any(archive.glob(f"{segment}*"))
    finally:
        cluster.stop()
