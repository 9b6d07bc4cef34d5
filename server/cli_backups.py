"""``backup``, ``verify-backup`` and ``restore``: the operator's backup commands,
each logged in the operation log like the console's (server/services/operations/)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.errors import DomainError
from server.cli_support import say
from server.db.engine import privileged_url_of
from server.db.uow import UnitOfWork
from server.runtime import open_database
from server.settings import ServerSettings

SettingsOf = Callable[..., ServerSettings]


def add_backup_commands(
    commands: Any,
    with_data_dir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings_of: SettingsOf,
) -> None:
    backup = with_data_dir(commands.add_parser("backup", help="a full backup with its manifest"))
    backup.add_argument("--verify", action="store_true", help="test-restore it and compare")
    backup.set_defaults(handler=lambda args: cmd_backup(args, settings_of))
    check = with_data_dir(
        commands.add_parser("verify-backup", help="test-restore a backup and compare")
    )
    check.add_argument("file", help="the .dump file (its .manifest.json beside it)")
    plain_help = "accept a plain dump or an unsigned manifest (an older server's backup)"
    check.add_argument("--allow-plain", action="store_true", help=plain_help)
    check.set_defaults(handler=lambda args: cmd_verify_backup(args, settings_of))
    restore = with_data_dir(
        commands.add_parser("restore", help="carry out an approved restore plan")
    )
    restore.add_argument("--plan", type=int, required=True, help="the plan's request number")
    restore.add_argument("--allow-plain", action="store_true", help=plain_help)
    restore.set_defaults(handler=lambda args: cmd_restore(args, settings_of))


def cmd_backup(args: argparse.Namespace, settings_of: SettingsOf) -> int:
    """A full backup with its manifest (and a copy to the second location); with
    --verify, restored into a scratch database and compared. Logged."""
    from server.services.core.params import admin_parameters
    from server.services.operations import (
        backup_catalog,
        backup_crypto,
        backups,
        offsite,
        wal_archive,
    )

    settings = settings_of(args, existing=True)
    now = dt.datetime.now(dt.UTC)
    copy_to, key = settings.backup_copy_dir, backup_crypto.load_or_create(settings.data_dir)
    with open_database(settings) as engine:
        dump, manifest = backups.backup(engine, settings.backups, now=now, copy_to=copy_to, key=key)
        size = dump.stat().st_size
        say(f"Backup written: {dump} ({size:,} bytes, SHA-256 {manifest.sha256})")
        _log_backup(engine, "backup.created", dump.name, sha256=manifest.sha256, bytes=size)
        if settings.continuous_protection and wal_archive.wal_folder(settings.backups).is_dir():
            base = wal_archive.take_base_backup(privileged_url_of(engine), settings.backups)
            wal_archive.prune(settings.backups)
            say(f"Base backup for point-in-time restores: {base.path} (verified)")
            _log_backup(engine, "backup.base_created", base.path.name, bytes=base.bytes)
            if copy_to is not None:
                offsite.ship_wal(settings.backups, copy_to, key)
                say(f"Copied to the second location: {offsite.ship_base(base, copy_to, key)}")
        if not args.verify:
            return 0
        outcome = _verified(engine, dump, settings)
        if outcome == 0:  # retention only ever follows a verified backup
            with UnitOfWork(engine).transaction() as session:
                keep = admin_parameters(session)
            removed = backup_catalog.apply_retention(
                settings.backups, daily=keep.backup_keep_daily, weekly=keep.backup_keep_weekly
            )
            for gone in removed:
                say(f"Removed by retention: {gone.name}")
            if copy_to is not None:
                offsite.mirror_dump(dump, copy_to, removed)
        return outcome


def _log_backup(engine: Any, action: str, name: str, **details: object) -> None:
    """A backup step taken from the command line, in the operation log."""
    from server.services.core import audit

    with UnitOfWork(engine).transaction() as session:
        audit.record(
            session,
            audit.SYSTEM,
            action,
            origin=audit.Origin(host=socket.gethostname()[:255]),
            at=dt.datetime.now(dt.UTC),
            target_type="backup",
            target_id=name,
            after=details,
        )


def cmd_verify_backup(args: argparse.Namespace, settings_of: SettingsOf) -> int:
    """Verify a backup file against its manifest: 0 when it restores to the same data."""
    from server.services.operations import backups

    dump = Path(args.file).expanduser().resolve()
    if not dump.is_file():
        raise DomainError("cli.file_missing", path=str(dump))
    if not backups.manifest_path(dump).is_file():
        raise DomainError("cli.manifest_missing", path=str(backups.manifest_path(dump)))
    settings = settings_of(args, existing=True)
    with open_database(settings, migrate=False) as engine:
        return _verified(engine, dump, settings, allow_plain=_plain_allowed(args.allow_plain))


def _key(settings: ServerSettings) -> Any:
    """The backup key if this server has one (a new machine imports it first)."""
    from server.services.operations import backup_crypto

    if not (settings.data_dir / backup_crypto.KEY_FILE).exists():
        return None
    return backup_crypto.load(settings.data_dir)


def _plain_allowed(allow_plain: bool) -> bool:
    """Said on the terminal (and logged with the action) when it is used."""
    if allow_plain:
        say("--allow-plain: a plain dump or an unsigned manifest is accepted (older backups).")
    return allow_plain


def _verified(
    engine: Any, dump: Path, settings: ServerSettings, *, allow_plain: bool = False
) -> int:
    from server.services.operations import backups

    now = dt.datetime.now(dt.UTC)
    report = backups.verify(
        dump, privileged_url_of(engine), now=now, key=_key(settings), allow_plain=allow_plain
    )
    action = "backup.verified" if report.ok else "backup.verify_failed"
    _log_backup(
        engine,
        action,
        dump.name,
        checks=report.checks,
        problems=report.problems,
        allow_plain=allow_plain,
    )
    if report.ok:
        say(f"Backup verified: {dump.name} restores to the same rows, ledger and operation log.")
        return 0
    say(f"Backup FAILED verification: {dump.name}: {'; '.join(report.problems)}")
    return 1


def cmd_restore(args: argparse.Namespace, settings_of: SettingsOf) -> int:
    """Carry out an approved restore plan (filed and approved by two administrators
    in the console or through the API); refuses one not approved or already done."""
    from server.services.operations import restores

    settings = settings_of(args, existing=True)
    with open_database(settings) as engine:
        with UnitOfWork(engine).transaction() as session:
            plan = restores.approved_plan(session, args.plan, settings.backups)
        say(
            f"Restoring plan {plan.id} ({plan.source.value}); "
            "the server is in maintenance meanwhile."
        )
        allow_plain = _plain_allowed(args.allow_plain)
        report = _carry_out(
            engine, plan, settings, allow_plain
        )  # refused (2) while another restores
    if not report.ok:
        say(f"Restore FAILED, nothing switched: {'; '.join(report.problems)}")
        return 1
    say(
        f"Restored and verified in {report.seconds:.0f} s: "
        f"{sum(report.row_counts.values()):,} rows, "
        f"ledger {report.ledger.get('debit')} = {report.ledger.get('credit')}, "
        f"operation log intact ({report.audit_records} records). "
        f"The old database is kept as {report.old_database}."
    )
    return 0


def _carry_out(engine: Any, plan: Any, settings: ServerSettings, allow_plain: bool) -> Any:
    """The restore itself, run from here: maintenance is the row every running
    server process watches, and entering it waits for their requests."""
    from server.services.core import audit
    from server.services.operations import restore_run
    from server.services.operations.maintenance import MaintenanceGate

    return restore_run.carry_out(
        engine,
        plan,
        folder=settings.backups,
        gate=MaintenanceGate(engine, drain_s=settings.maintenance_drain_seconds),
        now=lambda: dt.datetime.now(dt.UTC),
        actor=audit.Actor(None, f"cli:{getpass.getuser()}"),
        origin=audit.Origin(host=socket.gethostname()[:255]),
        progress=lambda phase: say(f"  {phase}"),
        key=_key(settings),
        allow_plain=allow_plain,
    )
