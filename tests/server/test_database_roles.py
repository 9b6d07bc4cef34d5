"""The server connects to PostgreSQL as a role that can do its work and no more:
no trigger bypass, no schema change, no rewriting of the operation log or of who
approved what. The live server of this module (and of every other) runs as it."""

from __future__ import annotations

import os
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from alembic import command
from sqlalchemy import make_url, text

from common.enums import Role
from common.schemas.alerts import AlertKind
from server.db import roles
from server.db.engine import build_engine
from server.db.migrate import alembic_config, current_revision, head_revision
from server.embedded_pg import DATABASE_NAME, EmbeddedPostgres, ensure_database
from server.runtime import PrivilegedRoleError, open_database
from server.services.operations import backups
from server.settings import ServerSettings
from tests.support.accounts import add_user, log_in
from tests.support.documents import Codes, approve, clerk, submitted, today, voucher
from tests.support.live_server import LiveServer
from tests.support.postgres import APP_PASSWORD, PostgresForTests

UNIT = "OLD9"


@pytest.fixture(scope="module")
def approved(live_server: LiveServer, codes: Codes) -> int:
    """An approved (posted) voucher, made through the server."""
    api = log_in(live_server, clerk(live_server, "roles.clerk"))
    sent = submitted(api, voucher(codes, today(live_server)))
    approve(live_server, sent.id)
    return sent.id


@pytest.fixture
def as_server(live_server: LiveServer) -> Iterator[psycopg2.extensions.cursor]:
    """A connection as the server's own role, as a stolen one would be."""
    connection = psycopg2.connect(roles.libpq(live_server.app_url))
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def refused(cursor: psycopg2.extensions.cursor, statement: str) -> str:
    """The error PostgreSQL answers ``statement`` with (it must refuse it)."""
    with pytest.raises(psycopg2.Error) as caught:
        cursor.execute(statement)
    return str(caught.value)


def test_the_live_server_runs_as_the_restricted_role(live_server: LiveServer) -> None:
    with live_server.app.state.uow.engine.connect() as connection:
        who = connection.execute(
            text(
                "SELECT current_user, rolsuper, rolcreatedb, rolcreaterole, rolreplication,"
                " rolbypassrls FROM pg_roles WHERE rolname = current_user"
            )
        ).one()
    assert tuple(who) == (roles.APP_ROLE, False, False, False, False, False)


def test_triggers_cannot_be_bypassed(as_server: psycopg2.extensions.cursor, approved: int) -> None:
    assert "permission denied" in refused(as_server, "SET session_replication_role = replica")
    assert "must be owner" in refused(
        as_server, "ALTER TABLE documents DISABLE TRIGGER documents_immutable"
    )
    # the guards themselves still hold for this role
    assert "cannot change" in refused(
        as_server, f"UPDATE documents SET amount = amount + 1 WHERE id = {approved}"
    )
    assert "cannot change" in refused(
        as_server, f"UPDATE voucher_lines SET debit = debit + 1 WHERE document_id = {approved}"
    )
    assert "never deleted" in refused(as_server, f"DELETE FROM documents WHERE id = {approved}")


def test_the_operation_log_and_approval_actions_are_insert_only(
    as_server: psycopg2.extensions.cursor, approved: int
) -> None:
    as_server.execute("SELECT count(*) FROM audit_log")
    as_server.execute("SELECT count(*) FROM approval_actions WHERE document_id = %s", (approved,))
    row = as_server.fetchone()
    assert row is not None and row[0] >= 1  # the submission at least
    for statement in (
        "UPDATE audit_log SET action = 'x'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        f"UPDATE approval_actions SET opinion = 'forged' WHERE document_id = {approved}",
        f"DELETE FROM approval_actions WHERE document_id = {approved}",
        "TRUNCATE approval_actions",
    ):
        message = refused(as_server, statement)
        assert "permission denied" in message, (statement, message)


def test_approval_actions_refuse_changes_even_to_the_owner(
    live_server: LiveServer, approved: int
) -> None:
    """Defence in depth: the table's own trigger, like the operation log's."""
    with pytest.raises(Exception, match="append-only"), live_server.engine.begin() as conn:
        conn.execute(
            text("UPDATE approval_actions SET opinion = 'forged' WHERE document_id = :d"),
            {"d": approved},
        )
    with pytest.raises(Exception, match="append-only"), live_server.engine.begin() as conn:
        conn.execute(text("DELETE FROM approval_actions WHERE document_id = :d"), {"d": approved})


def test_sequences_can_be_drawn_from_but_not_wound_back(
    as_server: psycopg2.extensions.cursor,
) -> None:
    """setval on the operation log's counter would make every later entry collide
    with an existing one: the server's role only draws numbers."""
    as_server.execute("SELECT last_value FROM audit_log_id_seq")
    for statement in (
        "SELECT setval('audit_log_id_seq', 1)",
        "SELECT setval('admin_requests_id_seq', 1)",
        "ALTER SEQUENCE audit_log_id_seq RESTART WITH 1",
    ):
        message = refused(as_server, statement)
        assert "permission denied" in message or "must be owner" in message, (statement, message)


def test_no_schema_changes(as_server: psycopg2.extensions.cursor) -> None:
    for statement in (
        "CREATE TABLE intruder (id int)",
        "CREATE TEMP TABLE intruder (id int)",
        "DROP TABLE documents",
        "ALTER TABLE documents ADD COLUMN intruder int",
        "TRUNCATE documents CASCADE",
        "CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "DROP TRIGGER audit_log_no_update_delete ON audit_log",
        "UPDATE alembic_version SET version_num = '0001'",
        "CREATE ROLE intruder SUPERUSER",
        "CREATE DATABASE intruder",
    ):
        message = refused(as_server, statement)
        assert "permission denied" in message or "must be owner" in message, (statement, message)


def test_the_script_for_an_external_database_sets_up_the_same(
    postgres: PostgresForTests,
) -> None:
    """server/db/roles.sql, run by a DBA with psql, holds the statements the
    embedded server runs, and leaves a database the owner migrates and the
    server's role uses with the same rights."""
    script = Path(roles.__file__).with_name("roles.sql")
    # generated (python -m server.db.roles): one source, the protected tables from the lists
    assert script.read_text(encoding="utf-8") == roles.script()
    for table in roles.APPEND_ONLY + roles.READ_ONLY:
        assert f"'{table}'" in roles.ADOPT_SQL
    url = postgres.create_database(empty=True)
    ran = subprocess.run(
        [
            str(backups.pg_tool("psql")),
            f"--dbname={backups.libpq_url(url)}",
            "-v",
            "owner_password=owner-secret",
            "-v",
            f"app_password={APP_PASSWORD}",  # roles are cluster-wide: keep the suite's
            "-f",
            str(script),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    owner_url = make_url(url).set(username=roles.OWNER_ROLE, password="owner-secret")
    owner = build_engine(owner_url.render_as_string(hide_password=False), pool_size=1)
    try:
        with owner.connect() as connection:
            command.upgrade(alembic_config(connection), "head")
            connection.commit()
            assert connection.execute(text("SELECT current_user")).scalar() == roles.OWNER_ROLE
    finally:
        owner.dispose()
    app = psycopg2.connect(roles.libpq(roles.as_app(url, APP_PASSWORD)))
    try:
        app.autocommit = True
        with app.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM users")
            assert "permission denied" in refused(cursor, "DELETE FROM audit_log")
            assert "permission denied" in refused(cursor, "CREATE TABLE intruder (id int)")
            assert "permission denied" in refused(cursor, "SELECT setval('audit_log_id_seq', 1)")
    finally:
        app.close()


def test_a_server_connected_as_the_superuser_says_so_in_red(
    live_server: LiveServer, postgres: PostgresForTests, tmp_path: Path
) -> None:
    """An install whose database_url still names the superuser keeps running, but
    系统状态 and the alerts tell the administrator; the normal server says nothing."""
    admin = log_in(live_server, add_user(live_server, "roles.admin", [Role.ADMIN]))
    role = admin.admin_system.status().database_role
    assert role is not None and (role.name, role.excess, role.warning) == (
        roles.APP_ROLE,
        [],
        False,
    )
    assert not [a for a in admin.admin.alerts(1) if a.kind is AlertKind.DATABASE_ROLE]

    url = postgres.create_database()
    superuser = make_url(url).username
    server = LiveServer(url, tmp_path, app_url=url).start()
    try:
        other = log_in(server, add_user(server, "roles.admin2", [Role.ADMIN]))
        role = other.admin_system.status().database_role
        assert role is not None and role.warning and role.name == superuser
        assert "superuser" in role.excess and "database_owner" in role.excess
        found = [a for a in other.admin.alerts(1) if a.kind is AlertKind.DATABASE_ROLE]
        assert [(a.subject, "superuser" in a.details["excess"]) for a in found] == [
            (superuser, True)
        ]
    finally:
        server.close()


def test_require_restricted_role_refuses_to_start_as_the_superuser(
    postgres: PostgresForTests, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = postgres.create_database()
    settings = ServerSettings(data_dir=tmp_path, database_url=url, continuous_protection=False)
    with open_database(settings) as engine, engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1  # it still starts
    assert any(
        record.levelname == "ERROR" and "database_owner" in record.getMessage()
        for record in caplog.records
    )
    strict = settings.model_copy(update={"require_restricted_role": True})
    with pytest.raises(PrivilegedRoleError, match="superuser"), open_database(strict):
        pass
    app = settings.model_copy(
        update={"database_url": roles.as_app(url, APP_PASSWORD), "require_restricted_role": True}
    )
    with open_database(app) as engine, engine.connect() as connection:
        assert connection.execute(text("SELECT current_user")).scalar() == roles.APP_ROLE


@pytest.mark.skipif(os.environ.get("DATABASE_URL") is not None, reason="embedded cluster only")
def test_a_data_directory_of_the_single_role_layout_moves_to_the_split_at_next_start(
    tmp_path: Path,
) -> None:
    """Before the split the server connected as the superuser and the superuser
    owned everything; the next start makes the roles, hands the objects to the
    owner, and the server connects as its restricted role."""
    data = tmp_path / "data"
    data.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        cluster = pgserver.get_server(data / "pgdata", cleanup_mode="stop")
    try:  # what an old release left: its database, migrated and used as postgres
        ensure_database(cluster.get_uri("postgres"), DATABASE_NAME)
        engine = build_engine(cluster.get_uri(DATABASE_NAME), pool_size=1)
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0012")
            connection.execute(
                text(f"INSERT INTO budget_units (code, name) VALUES ('{UNIT}', '旧')")
            )
        engine.dispose()
    finally:
        cluster.cleanup()

    settings = ServerSettings(data_dir=data, continuous_protection=False, database_url=None)
    with open_database(settings) as engine, engine.connect() as connection:
        assert connection.execute(text("SELECT current_user")).scalar() == roles.APP_ROLE
        assert current_revision(connection) == head_revision()
        assert (
            connection.execute(
                text("SELECT name FROM budget_units WHERE code = :c"), {"c": UNIT}
            ).scalar()
            == "旧"
        )
        not_owned = connection.execute(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relowner <> 'countersign_owner'::regrole"
            )
        ).scalar()
        assert not_owned == 0
        database_owner = connection.execute(
            text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :d"),
            {"d": DATABASE_NAME},
        ).scalar()
        assert database_owner == roles.OWNER_ROLE
        connection.execute(text("INSERT INTO budget_units (code, name) VALUES ('NEW9', '新')"))
        connection.commit()  # identity sequences too are usable by the server's role
        with pytest.raises(Exception, match="permission denied"):
            connection.execute(text("DELETE FROM audit_log"))
    password_file = data / roles.PASSWORD_FILE
    assert password_file.exists()
    if os.name == "posix":
        assert password_file.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(os.environ.get("DATABASE_URL") is not None, reason="embedded cluster only")
def test_what_the_server_role_did_to_itself_is_undone_at_the_next_start(tmp_path: Path) -> None:
    """It may ALTER ROLE itself (a read-only default, a 1 ms timeout would stop the
    server); each start of the embedded cluster resets it. It may not connect to
    the cluster's maintenance databases."""
    cluster = EmbeddedPostgres(tmp_path)
    superuser_url = cluster.start()
    try:
        app = psycopg2.connect(roles.libpq(cluster.app_url))
        app.autocommit = True
        with app.cursor() as cursor:
            cursor.execute(f"ALTER ROLE {roles.APP_ROLE} SET statement_timeout = '1ms'")
            cursor.execute(
                f"ALTER ROLE {roles.APP_ROLE} IN DATABASE {DATABASE_NAME}"
                " SET default_transaction_read_only = on"
            )
        app.close()
        maintenance = make_url(roles.as_app(superuser_url, "x")).set(database="postgres")
        with pytest.raises(psycopg2.Error, match="permission denied"):
            psycopg2.connect(roles.libpq(maintenance.render_as_string(hide_password=False)))
    finally:
        cluster.stop()

    again = EmbeddedPostgres(tmp_path)
    again.start()
    try:
        app = psycopg2.connect(roles.libpq(again.app_url))
        try:
            with app.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone() == ("0",)
                cursor.execute("SHOW default_transaction_read_only")
                assert cursor.fetchone() == ("off",)
        finally:
            app.close()
    finally:
        again.stop()
