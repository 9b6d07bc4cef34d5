"""``countersign-server``: run, migrate, create-admin, verify-audit, backup,
verify-backup, restore, demo, export-backup-key, import-backup-key."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import logging
import shutil
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from common.enums import Role
from common.errors import DomainError
from server.cli_keys import add_key_commands
from server.cli_support import (
    claim_data_dir,
    existing_cluster,
    guarded,
    port_free,
    settings_error,
    usable_data_dir,
)
from server.db.engine import privileged_url_of
from server.db.migrate import upgrade_to_head
from server.db.uow import UnitOfWork
from server.runtime import open_database
from server.serve import serve
from server.settings import ServerSettings

log = logging.getLogger("countersign.server")

DEMO_MARKER = ".countersign-demo"


def say(line: str) -> None:
    """Console output for the operator (not logging: it must always be shown)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _settings(
    args: argparse.Namespace, *, existing: bool = False, **overrides: Any
) -> ServerSettings:
    """Only options given on the command line override environment and TOML.
    ``existing``: the command works on data already there, so a data directory
    without a database is a mistake (a wrong path), not a new installation."""
    given: dict[str, Any] = {
        name: value
        for name in ("config_file", "data_dir", "host", "port")
        if (value := getattr(args, name, None)) is not None
    }
    given.update(overrides)
    try:
        settings = ServerSettings(**given)
    except FileNotFoundError as exc:  # the TOML file named by --config or COUNTERSIGN_CONFIG
        raise DomainError("cli.config_missing", path=str(exc).split(": ", 1)[-1]) from exc
    except ValidationError as exc:
        raise settings_error(exc) from exc
    if settings.uses_embedded_database:
        usable_data_dir(settings.data_dir)
        if existing:
            existing_cluster(settings.data_dir)
    return settings


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _serve(settings)
    return 0


def _serve(settings: ServerSettings) -> None:
    """Serve, refusing first a port already taken and a data directory another
    server runs on."""
    port_free(settings.host, settings.port)
    release = claim_data_dir(settings.data_dir)
    try:
        say(f"Data directory: {settings.data_dir}")
        serve(settings, announce=say)
    finally:
        release()


def cmd_migrate(args: argparse.Namespace) -> int:
    with open_database(_settings(args), migrate=False) as engine:
        revision = upgrade_to_head(engine)
    say(f"Database is at revision {revision}.")
    return 0


def cmd_create_admin(args: argparse.Namespace) -> int:
    from server.services.accounts.accounts import check_first_admin
    from server.services.accounts.users import create_user
    from server.services.core import audit

    with open_database(_settings(args)) as engine, UnitOfWork(engine).transaction() as session:
        check_first_admin(session, force=args.force)
        created = create_user(
            session,
            username=args.name,
            display_name=args.display_name or args.name,
            roles=[Role.ADMIN],
        )
        audit.record(
            session,
            audit.Actor(None, f"cli:{getpass.getuser()}"),
            "user.created",
            origin=audit.Origin(host=socket.gethostname()),
            at=dt.datetime.now(dt.UTC),
            target_type="user",
            target_id=created.id,
            after={"username": created.username, "roles": ["admin"]}
            | ({"forced": True} if args.force else {}),
        )
    say(f"Administrator {created.username!r} created.")
    say(
        f"Initial password (shown once, must be changed at first login): {created.initial_password}"
    )
    return 0


def cmd_verify_audit(args: argparse.Namespace) -> int:
    """Exit 0 when the whole chain verifies; 1 naming the first bad record."""
    from server.services.core.audit import verify_chain

    settings = _settings(args, existing=True)
    with open_database(settings) as engine, UnitOfWork(engine).transaction() as session:
        report = verify_chain(session)
    if report.ok:
        say(f"Operation log verified: {report.records} records, chain intact.")
        return 0
    say(
        f"Operation log BROKEN at record {report.first_bad_id}: {report.reason} "
        f"(checked {report.records} records)."
    )
    return 1


def cmd_backup(args: argparse.Namespace) -> int:
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

    settings = _settings(args, existing=True)
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


def cmd_verify_backup(args: argparse.Namespace) -> int:
    """Verify a backup file against its manifest: 0 when it restores to the same data."""
    from server.services.operations import backups

    dump = Path(args.file).expanduser().resolve()
    if not dump.is_file():
        raise DomainError("cli.file_missing", path=str(dump))
    if not backups.manifest_path(dump).is_file():
        raise DomainError("cli.manifest_missing", path=str(backups.manifest_path(dump)))
    settings = _settings(args, existing=True)
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


def cmd_restore(args: argparse.Namespace) -> int:
    """Carry out an approved restore plan (filed and approved by two administrators
    in the console or through the API); refuses one not approved or already done."""
    from server.services.operations import restores

    settings = _settings(args, existing=True)
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
    """The restore itself, run from here (maintenance shared with a running server)."""
    from server.services.core import audit
    from server.services.operations import restore_run
    from server.services.operations.maintenance import MaintenanceGate

    return restore_run.carry_out(
        engine,
        plan,
        folder=settings.backups,
        gate=MaintenanceGate(settings.data_dir),
        now=lambda: dt.datetime.now(dt.UTC),
        actor=audit.Actor(None, f"cli:{getpass.getuser()}"),
        origin=audit.Origin(host=socket.gethostname()[:255]),
        progress=lambda phase: say(f"  {phase}"),
        key=_key(settings),
        allow_plain=allow_plain,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from server.services.admin.demo import DEMO_PASSWORD, seed_demo

    data_dir = args.data_dir or Path(platformdirs.user_cache_dir("countersign", False)) / "demo"
    settings = _settings(args, data_dir=data_dir, demo=True)
    port_free(settings.host, settings.port)
    claim_data_dir(settings.data_dir)()  # refused while a server runs on it; released again
    marker = data_dir / DEMO_MARKER
    if any(data_dir.iterdir()):
        if not marker.exists():
            raise DomainError("cli.demo_refuses", path=str(data_dir))
        shutil.rmtree(data_dir)  # a demo always starts fresh
    data_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("made by countersign-server demo; erased by the next demo\n")
    with open_database(settings) as engine, UnitOfWork(engine).transaction() as session:
        accounts = seed_demo(session)
    say(f"Demo data ready. Log in with any of these users, password {DEMO_PASSWORD!r}:")
    for account in accounts:
        roles = ", ".join(role.value for role in account.roles)
        say(f"  {account.username:<10} {roles:<10} {account.display_name}")
    _serve(settings)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="countersign-server", description=__doc__)
    parser.add_argument("--config", dest="config_file", type=Path, help="TOML settings file")
    commands = parser.add_subparsers(dest="command", required=True)

    def with_data_dir(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--data-dir", type=Path, help="data directory (default: per user)")
        return sub

    def with_address(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--host", help="address to listen on (default 127.0.0.1)")
        sub.add_argument("--port", type=int, help="port (default 8443)")
        return sub

    run = with_address(with_data_dir(commands.add_parser("run", help="run the server")))
    run.set_defaults(handler=cmd_run)
    migrate = with_data_dir(commands.add_parser("migrate", help="migrate the database to head"))
    migrate.set_defaults(handler=cmd_migrate)
    admin = with_data_dir(commands.add_parser("create-admin", help="create an administrator"))
    admin.add_argument("name", help="username")
    admin.add_argument("--display-name", help="full name shown in the UI")
    admin.add_argument(
        "--force",
        action="store_true",
        help="create it although an active administrator exists (logged; otherwise later "
        "administrators come from the console, approved by a second administrator)",
    )
    admin.set_defaults(handler=cmd_create_admin)
    verify = with_data_dir(
        commands.add_parser("verify-audit", help="verify the operation log's hash chain")
    )
    verify.set_defaults(handler=cmd_verify_audit)
    backup = with_data_dir(commands.add_parser("backup", help="a full backup with its manifest"))
    backup.add_argument("--verify", action="store_true", help="test-restore it and compare")
    backup.set_defaults(handler=cmd_backup)
    check = with_data_dir(
        commands.add_parser("verify-backup", help="test-restore a backup and compare")
    )
    check.add_argument("file", help="the .dump file (its .manifest.json beside it)")
    plain_help = "accept a plain dump or an unsigned manifest (an older server's backup)"
    check.add_argument("--allow-plain", action="store_true", help=plain_help)
    check.set_defaults(handler=cmd_verify_backup)
    restore = with_data_dir(
        commands.add_parser("restore", help="carry out an approved restore plan")
    )
    restore.add_argument("--plan", type=int, required=True, help="the plan's request number")
    restore.add_argument("--allow-plain", action="store_true", help=plain_help)
    restore.set_defaults(handler=cmd_restore)
    demo = with_address(
        with_data_dir(commands.add_parser("demo", help="fresh demo data, then run"))
    )
    demo.set_defaults(handler=cmd_demo)
    add_key_commands(commands, with_data_dir, _settings)
    return parser


def configure_logging(level: str = "info") -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)-7s %(name)s: %(message)s"
    )
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM outside serving (while starting, migrating, seeding): unwind like
    Ctrl-C so every context manager, the embedded PostgreSQL included, cleans up."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    """Bad input answers with one line and exit 2, never a traceback (cli_support)."""
    args = build_parser().parse_args(argv)
    configure_logging()
    signal.signal(signal.SIGTERM, _terminate)
    return guarded(lambda: int(args.handler(args)), getattr(args, "data_dir", None))


if __name__ == "__main__":
    sys.exit(main())
