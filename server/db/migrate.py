"""Bring a database to the head revision, and tell which revision it is at."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
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


def upgrade_to_head(engine: Engine) -> str:
    """Run every pending migration under an advisory lock; return the head revision.

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
            connection.commit()
            command.upgrade(alembic_config(connection), "head")
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
