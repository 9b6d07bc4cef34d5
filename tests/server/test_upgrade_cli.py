"""``countersign-server upgrade`` over an existing install: a verified backup
first, then the migrations, all or none. A failing migration (added here in a
copy of the migrations) leaves the database at its old revision, its data
readable by the old version's role, and the error names the migration and the
backup to restore from. Real PostgreSQL: databases of the session's cluster."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

import server.__main__ as cli
from server.db import migrate, roles
from server.db.engine import build_engine
from server.db.migrate import alembic_config, current_revision, head_revision
from server.services.operations import backup_catalog
from tests.support.postgres import PostgresForTests, app_url_for

pytestmark = pytest.mark.usefixtures("only_cli_settings")


def _server_on(url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server under test uses this database as an installed one does: as the
    restricted role, migrating as the owner's (here the superuser's) URL."""
    monkeypatch.setenv("DATABASE_URL", app_url_for(url, data_dir))
    monkeypatch.setenv("COUNTERSIGN_MIGRATION_DATABASE_URL", url)


def _upgrade(capsys: pytest.CaptureFixture[str], data_dir: Path) -> tuple[int, str, str]:
    code = cli.main(["upgrade", "--data-dir", str(data_dir), "--no-start"])
    out, err = capsys.readouterr()
    return code, out, err


def _revision(url: str) -> str | None:
    engine = build_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            return current_revision(connection)
    finally:
        engine.dispose()


def _an_older_install(postgres: PostgresForTests) -> tuple[str, str]:
    """A database the previous version made (one revision before head), with
    a unit in it; its URL and revision."""
    url = postgres.create_database(empty=True)
    previous = ScriptDirectory.from_config(alembic_config()).get_revision(head_revision())
    assert previous is not None and isinstance(previous.down_revision, str)
    engine = build_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), previous.down_revision)
            connection.execute(
                text("INSERT INTO budget_units (code, name) VALUES ('U01', '财政局本级')")
            )
    finally:
        engine.dispose()
    roles.adopt_database(url)  # as the previous version's start left it
    return url, previous.down_revision


def test_upgrade_takes_a_verified_backup_then_migrates_to_head(
    postgres: PostgresForTests,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, old = _an_older_install(postgres)
    data_dir = tmp_path / "data"
    _server_on(url, data_dir, monkeypatch)

    code, out, err = _upgrade(capsys, data_dir)

    assert code == 0, err
    assert f"Database at revision {old}; to migrate: {head_revision()}" in out
    [kept] = backup_catalog.catalog(data_dir / "backups")
    assert kept.verified, "the backup is verified before anything is migrated"
    assert out.index("Backup verified") < out.index("Database migrated")
    assert f"Database migrated to revision {head_revision()}." in out
    assert "Not started (--no-start)." in out
    assert _revision(url) == head_revision()
    engine = build_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            actions = connection.execute(
                text(
                    "SELECT action, target_id FROM audit_log "
                    "WHERE action LIKE 'backup.%' ORDER BY id"
                )
            ).all()
            unit = connection.execute(text("SELECT name FROM budget_units")).scalar_one()
    finally:
        engine.dispose()
    assert [tuple(row) for row in actions] == [
        ("backup.created", kept.dump.name),
        ("backup.verified", kept.dump.name),
    ]
    assert unit == "财政局本级"
    assert "upgraded the database from" in (data_dir / "logs" / "server.log").read_text()


def test_upgrade_at_head_migrates_nothing_and_backs_up_nothing(
    postgres: PostgresForTests,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    _server_on(postgres.create_database(), data_dir, monkeypatch)
    code, out, err = _upgrade(capsys, data_dir)
    assert code == 0, err
    assert "nothing to migrate" in out
    assert not (data_dir / "backups").exists()


def test_a_database_newer_than_this_version_is_refused(
    postgres: PostgresForTests,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgres.create_database()
    engine = build_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    data_dir = tmp_path / "data"
    _server_on(url, data_dir, monkeypatch)
    code, _, err = _upgrade(capsys, data_dir)
    assert code == 2
    assert "revision 9999, newer than this version" in err and "不要降级" in err
    assert _revision(url) == "9999"


PROBE = '''"""A migration that works; rolled back with the failing one after it."""
import sqlalchemy as sa
from alembic import op

revision = "t9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO upgrade_probe VALUES (1)")
    op.execute("UPDATE budget_units SET name = name || ' (changed)'")


def downgrade() -> None:
    op.drop_table("upgrade_probe")
'''

BROKEN = '''"""A migration that fails half-way."""
from alembic import op

revision = "t9002"
down_revision = "t9001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE budget_units ADD COLUMN region varchar(8)")
    op.execute("ALTER TABLE no_such_table ADD COLUMN region varchar(8)")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def broken_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """This build's migrations plus two new ones, the second failing; the
    revision the database is at before them."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = head_revision()
    (copy / "versions" / "t9001_probe.py").write_text(PROBE.format(down=before))
    (copy / "versions" / "t9002_broken.py").write_text(BROKEN)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    head_revision.cache_clear()
    yield before
    head_revision.cache_clear()


def test_a_failing_migration_rolls_back_every_pending_one_and_names_the_backup(
    postgres: PostgresForTests,
    broken_migrations: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = postgres.create_database()  # what the previous version left: its head
    engine = build_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO budget_units (code, name) VALUES ('U01', '财政局本级')")
            )
    finally:
        engine.dispose()
    data_dir = tmp_path / "data"
    _server_on(url, data_dir, monkeypatch)

    code, out, err = _upgrade(capsys, data_dir)

    assert code == 2
    [line] = [line for line in err.splitlines() if line.startswith("错误:")]
    [kept] = backup_catalog.catalog(data_dir / "backups")
    assert kept.verified
    assert "migration t9002 broke" in line and "no_such_table" in line
    assert f"still at revision {broken_migrations}" in line and "旧版程序可以继续使用" in line
    assert str(kept.dump) in line  # the backup to restore from
    assert "Database migrated" not in out
    # as the previous version left it: its revision, no trace of t9001, and its
    # data readable by the server's own role
    assert _revision(url) == broken_migrations
    app = build_engine(app_url_for(url, data_dir), pool_size=1)
    try:
        assert "upgrade_probe" not in inspect(app).get_table_names()
        assert "region" not in {
            column["name"] for column in inspect(app).get_columns("budget_units")
        }
        with app.connect() as connection:
            name = connection.execute(text("SELECT name FROM budget_units")).scalar_one()
    finally:
        app.dispose()
    assert name == "财政局本级"
    written = (data_dir / "logs" / "server.log").read_text()
    assert "migration t9002 failed, all pending migrations rolled back" in written
