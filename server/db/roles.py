"""The two database roles: an owner that owns the schema, and the server's login
role with only the DML it needs (README "Database roles").

A stolen connection or an SQL slip in the server then cannot change the schema,
disable a trigger, ``SET session_replication_role`` or rewrite the append-only
tables. The same statements serve the embedded cluster (run here as its
superuser) and an external one (``server/db/roles.sql``, run by the DBA).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg2
from psycopg2 import sql
from psycopg2.extensions import connection as PgConnection
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

OWNER_ROLE = "countersign_owner"
APP_ROLE = "countersign_app"
# No UPDATE/DELETE for the server (a later migration adding such a table must
# revoke them itself and be listed here): who did what, who approved and why.
APPEND_ONLY = ("audit_log", "approval_actions")
READ_ONLY = ("alembic_version",)
PASSWORD_FILE = "database-app-password"
# The migration lock of server.db.migrate: adoption never races a migration.
LOCK_KEY = 0x436F756E

# The database's objects pass to the owner, and the server's role gets DML on
# every table (no TRUNCATE, REFERENCES or TRIGGER), none that rewrites the
# append-only tables, and nothing at all on the database beyond CONNECT (no
# TEMP). Idempotent; runs as a superuser or as the owner. roles.sql holds it
# verbatim (a test checks it).
ADOPT_SQL = """
DO $adopt$
DECLARE
    item record;
BEGIN
    EXECUTE format('ALTER DATABASE %I OWNER TO countersign_owner', current_database());
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO countersign_app', current_database());
    ALTER SCHEMA public OWNER TO countersign_owner;
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    GRANT USAGE ON SCHEMA public TO countersign_app;
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND c.relowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT c.oid::regclass AS name FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'S'
          AND c.relowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER SEQUENCE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT p.oid::regprocedure AS name FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    FOR item IN
        SELECT t.oid::regtype AS name FROM pg_type t
        JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
          AND t.typowner <> 'countersign_owner'::regrole
    LOOP
        EXECUTE format('ALTER TYPE %s OWNER TO countersign_owner', item.name);
    END LOOP;
    REVOKE ALL ON ALL TABLES IN SCHEMA public FROM countersign_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO countersign_app;
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO countersign_app;
    FOR item IN
        SELECT c.oid::regclass AS name, c.relname FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname IN ('audit_log', 'approval_actions', 'alembic_version')
    LOOP
        IF item.relname = 'alembic_version' THEN
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON %s FROM countersign_app', item.name);
        ELSE
            EXECUTE format('REVOKE UPDATE, DELETE ON %s FROM countersign_app', item.name);
        END IF;
    END LOOP;
    ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
        GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO countersign_app;
    ALTER DEFAULT PRIVILEGES FOR ROLE countersign_owner IN SCHEMA public
        GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO countersign_app;
END
$adopt$;
"""

# Something to adopt: an object not the owner's, a table the server cannot read,
# an append-only table it could rewrite, or a database it may not connect to.
_NEEDED = """
SELECT (SELECT datdba <> 'countersign_owner'::regrole
          OR NOT has_database_privilege('countersign_app', oid, 'CONNECT')
          OR has_database_privilege('countersign_app', oid, 'TEMP')
        FROM pg_database WHERE datname = current_database())
    OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                 AND (c.relowner <> 'countersign_owner'::regrole
                      OR NOT has_table_privilege('countersign_app', c.oid, 'SELECT')
                      OR (c.relname IN ('audit_log', 'approval_actions', 'alembic_version')
                          AND has_table_privilege('countersign_app', c.oid, 'UPDATE'))))
    OR EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' AND p.proowner <> 'countersign_owner'::regrole)
    OR EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
                 AND t.typowner <> 'countersign_owner'::regrole)
"""


def libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg2 takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def as_app(url: str, password: str) -> str:
    """``url`` with the server's role and password instead of its user."""
    return (
        make_url(url)
        .set(username=APP_ROLE, password=password)
        .render_as_string(hide_password=False)
    )


def app_password(data_dir: Path) -> str:
    """The server role's password of the embedded cluster: made once, kept in the
    data directory, readable by its owner only (0600)."""
    path = data_dir / PASSWORD_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    password = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process starting at the same moment made it
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(password + "\n")
    return password


def read_app_password(data_dir: Path) -> str | None:
    path = data_dir / PASSWORD_FILE
    return path.read_text(encoding="ascii").strip() if path.exists() else None


@contextlib.contextmanager
def _connected(url: str) -> Iterator[PgConnection]:
    connection = psycopg2.connect(libpq(url))
    try:
        yield connection
    finally:
        connection.close()


def ensure_roles(superuser_url: str, *, password: str) -> None:
    """Create the two roles unless they exist (they are cluster-wide), and set the
    server role's password. Needs a superuser (or CREATEROLE)."""
    with _connected(superuser_url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        cursor.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)", (OWNER_ROLE, APP_ROLE)
        )
        present = {row[0] for row in cursor.fetchall()}
        if OWNER_ROLE not in present:
            cursor.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(OWNER_ROLE)))
            log.info("created database role %s", OWNER_ROLE)
        if APP_ROLE not in present:
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(APP_ROLE)))
            log.info("created database role %s", APP_ROLE)
        cursor.execute(
            sql.SQL(
                "ALTER ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                "NOBYPASSRLS NOINHERIT PASSWORD {}"
            ).format(sql.Identifier(APP_ROLE), sql.Literal(password))
        )
        connection.commit()


def roles_exist(cursor: psycopg2.extensions.cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)", (OWNER_ROLE, APP_ROLE)
    )
    row = cursor.fetchone()
    return row is not None and row[0] == 2


def adopt(cursor: psycopg2.extensions.cursor) -> bool:
    """Hand the database on ``cursor`` to the owner and give the server its
    privileges, when the roles exist and something is missing; True if it did.
    The caller holds the migration lock and commits."""
    if not roles_exist(cursor):
        return False
    cursor.execute(_NEEDED)
    row = cursor.fetchone()
    if not (row and row[0]):
        return False
    cursor.execute(ADOPT_SQL)
    return True


def adopt_database(url: str) -> bool:
    """:func:`adopt` on the database at ``url`` (a superuser's or the owner's),
    under the migration lock; an existing data directory of the single-role
    layout moves to the role split this way at its next start."""
    with _connected(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            done = adopt(cursor)
            connection.commit()
        finally:
            connection.rollback()
            cursor.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
            connection.commit()
    if done:
        log.info("database handed to %s, privileges of %s set", OWNER_ROLE, APP_ROLE)
    return done


def grant_connect(superuser_url: str, database: str) -> None:
    """Database-level rights (not copied from a template by CREATE DATABASE):
    the server's role may connect, nobody may make temporary tables."""
    with _connected(superuser_url) as connection, connection.cursor() as cursor:
        name = sql.Identifier(database)
        cursor.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(name))
        cursor.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(name, sql.Identifier(APP_ROLE))
        )
        connection.commit()
