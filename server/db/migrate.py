"""Bring a database to the head revision, and tell which revision it is at."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, text

from server.db import roles
from server.db.engine import build_engine, privileged_url_of

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Concurrent starters (two servers, a server and a CLI) must not migrate at once.
_MIGRATION_LOCK_KEY = roles.LOCK_KEY  # "Coun"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision this build knows (read once; the scripts do not change)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


class UnknownRevision(RuntimeError):
    """The database is at a revision this build does not know: a newer version
    migrated it (this one is older), or it is not a Countersign database."""

    def __init__(self, revision: str) -> None:
        super().__init__(f"the database is at revision {revision}, unknown to this version")
        self.revision = revision


class MigrationFailed(RuntimeError):
    """A pending migration failed; all pending ones were rolled back together
    (server/db/migrations/env.py), so the database is still at ``current``."""

    def __init__(self, *, revision: str, current: str | None, reason: str) -> None:
        super().__init__(f"migration {revision} failed: {reason}")
        self.revision = revision
        self.current = current
        self.reason = reason


def pending_revisions(current: str | None) -> list[str]:
    """The migrations from ``current`` to head, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    try:
        if current is not None:
            script.get_revision(current)
        steps = list(script.iterate_revisions("heads", current or "base"))
    except CommandError as exc:
        raise UnknownRevision(current or "?") from exc
    return [step.revision for step in reversed(steps)]


def upgrade_to_head(engine: Engine) -> str:
    """Run every pending migration under an advisory lock, all in one
    transaction (:class:`MigrationFailed`: none applied); return the head revision.

    Migrations run on the engine's privileged URL (the owner or the embedded
    superuser: the server's own role may not change the schema); afterwards the
    owner owns every object and the server's role has its privileges."""
    url = privileged_url_of(engine)
    if url == engine.url.render_as_string(hide_password=False):
        return _upgrade(engine)
    migrator = build_engine(url, pool_size=1, application_name="countersign-migrate")
    try:
        return _upgrade(migrator)
    finally:
        migrator.dispose()


def _upgrade(engine: Engine) -> str:
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
        try:
            before = current_revision(connection)
            pending = pending_revisions(before)
            connection.commit()
            _migrate(connection, before, pending)
            connection.commit()
            after = current_revision(connection)
            _adopt(connection)
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            connection.commit()
    if before != after:
        log.info("database migrated from %s to %s", before or "empty", after)
    return after or head_revision()


def _migrate(connection: Connection, before: str | None, pending: list[str]) -> None:
    """Run the pending migrations in one transaction; :class:`MigrationFailed`
    naming the one that failed (those before it ran, then were rolled back)."""
    applied: list[str] = []

    def record(*, ctx: MigrationContext, step: Any, **_: Any) -> None:
        assert ctx.connection is not None
        _settle_deferred(ctx.connection)  # fails here: this step failed
        applied.append(step.up_revision_id)

    config = alembic_config(connection)
    config.attributes["on_version_apply"] = record
    try:
        command.upgrade(config, "head")
    except Exception as exc:
        connection.rollback()
        failed = pending[len(applied)] if len(applied) < len(pending) else "head"
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__]
        log.error("migration %s failed, all pending migrations rolled back: %s", failed, lines[0])
        raise MigrationFailed(revision=failed, current=before, reason=lines[0][:300]) from exc


_INITIALLY_DEFERRED = """
SELECT format('%I.%I', n.nspname, c.conname) FROM pg_constraint c
  JOIN pg_namespace n ON n.oid = c.connamespace
 WHERE c.condeferrable AND c.condeferred
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
"""


def _settle_deferred(connection: Connection) -> None:
    """What a commit after each migration did: fire the deferred checks this
    migration queued (a later ALTER TABLE refuses a table with pending trigger
    events), then defer again the constraints that are deferred by default, so
    the next migration starts as in a fresh transaction."""
    connection.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
    names = connection.execute(text(_INITIALLY_DEFERRED)).scalars().all()
    if names:
        connection.execute(text(f"SET CONSTRAINTS {', '.join(names)} DEFERRED"))


def _adopt(connection: Connection) -> None:
    """Objects a superuser's migration made pass to the owner; the server's role
    gets DML on them (server.db.roles). Nothing where the roles do not exist, or
    the migrating role may not (neither superuser nor the owner)."""
    allowed = connection.execute(
        text("SELECT rolsuper OR rolname = :owner FROM pg_roles WHERE rolname = current_user"),
        {"owner": roles.OWNER_ROLE},
    ).scalar_one()
    if not allowed:
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    try:
        if roles.adopt(cursor):  # type: ignore[arg-type]
            log.info("database objects handed to %s", roles.OWNER_ROLE)
    finally:
        cursor.close()
    connection.commit()


def downgrade_to(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
