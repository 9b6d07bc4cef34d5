"""``countersign-server upgrade``: what the installer runs over an existing
install, and what IT runs by hand after replacing the program.

1. A backup, verified (restored into a scratch database and compared) with the
   backup command's own steps (server/cli_backups.py), both logged in the
   operation log. Nothing is migrated unless it verified.
2. The migrations, all in one transaction (server/db/migrations/env.py): when
   one fails, all are rolled back, the database stays at the revision the
   previous version runs on, and the error names the migration and the backup.
3. The server, unless ``--no-start`` (the installer then starts the service).

No backup when nothing is pending (the same version installed again): there is
nothing to protect against. Retention is not applied: an upgrade removes no
backup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from common.errors import DomainError
from server.cli_support import claim_data_dir, port_free, say
from server.db.migrate import (
    MigrationFailed,
    UnknownRevision,
    current_revision,
    head_revision,
    pending_revisions,
    upgrade_to_head,
)
from server.logfiles import log_to_data_dir
from server.runtime import open_database
from server.settings import ServerSettings

log = logging.getLogger("countersign.server")


def cmd_upgrade(
    args: argparse.Namespace,
    settings_of: Callable[..., ServerSettings],
    serve_with: Callable[[ServerSettings], None],
) -> int:
    """0 upgraded (and, without --no-start, served until stopped); a refusal or
    a failed migration is one line and exit 2 (cli_support.guarded)."""
    settings = settings_of(args, existing=True)
    if not args.no_start:
        port_free(settings.host, settings.port)  # before the long part, not after it
    log_to_data_dir(settings.data_dir)
    release = claim_data_dir(settings.data_dir)  # no server on the data meanwhile
    try:
        with open_database(settings, migrate=False) as engine:
            upgrade(engine, settings)
    finally:
        release()
    if args.no_start:
        say("Not started (--no-start).")
        return 0
    serve_with(settings)
    return 0


def upgrade(engine: Engine, settings: ServerSettings) -> None:
    """Backup, verify, migrate; see the module's docstring."""
    with engine.connect() as connection:
        current = current_revision(connection)
    try:
        pending = pending_revisions(current)
    except UnknownRevision as exc:
        raise DomainError(
            "cli.upgrade_database_newer", revision=exc.revision, head=head_revision()
        ) from exc
    if not pending:
        say(f"The database is at revision {current}, this version's: nothing to migrate.")
        return
    if current is None:
        say("The database is empty: nothing to back up.")
        backup = "(none: the database was empty)"
    else:
        say(f"Database at revision {current}; to migrate: {', '.join(pending)}.")
        backup = str(_verified_backup(engine, settings))
    try:
        revision = upgrade_to_head(engine)
    except MigrationFailed as failed:
        raise DomainError(
            "cli.upgrade_failed",
            revision=failed.revision,
            current=failed.current or "empty",
            backup=backup,
            reason=failed.reason,
        ) from failed
    log.info("upgraded the database from %s to %s", current or "empty", revision)
    say(f"Database migrated to revision {revision}.")


def _verified_backup(engine: Engine, settings: ServerSettings) -> Path:
    """``countersign-server backup --verify`` without retention, before the
    schema changes: the same dump, manifest, key and operation-log records."""
    from server.cli_backups import _log_backup, _verified
    from server.services.operations import backup_crypto, backups

    key = backup_crypto.load_or_create(settings.data_dir)
    dump, manifest = backups.backup(
        engine,
        settings.backups,
        now=dt.datetime.now(dt.UTC),
        copy_to=settings.backup_copy_dir,
        key=key,
    )
    size = dump.stat().st_size
    say(f"Backup written: {dump} ({size:,} bytes, SHA-256 {manifest.sha256})")
    _log_backup(engine, "backup.created", dump.name, sha256=manifest.sha256, bytes=size)
    if _verified(engine, dump, settings) != 0:
        raise DomainError("cli.upgrade_backup_unverified", backup=str(dump))
    return dump
