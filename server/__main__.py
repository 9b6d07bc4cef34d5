"""``countersign-server``: run, migrate, create-admin, verify-audit, demo, fingerprint; the
backup commands (backup, verify-backup, restore) are in cli_backups.py, the key
commands (export-backup-key, import-backup-key, fetch-offsite) in cli_keys.py, service
and upgrade in cli_service.py."""

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
from server.cli_backups import add_backup_commands
from server.cli_keys import add_key_commands
from server.cli_service import add_service_commands
from server.cli_support import (
    claim_data_dir,
    existing_cluster,
    guarded,
    port_free,
    say,
    settings_error,
    usable_data_dir,
)
from server.db.migrate import upgrade_to_head
from server.db.uow import UnitOfWork
from server.logfiles import configure_logging, log_to_data_dir
from server.runtime import open_database
from server.serve import serve
from server.settings import ServerSettings

log = logging.getLogger("countersign.server")

DEMO_MARKER = ".countersign-demo"


def _settings(
    args: argparse.Namespace, *, existing: bool = False, **overrides: Any
) -> ServerSettings:
    """Only options given on the command line override environment and TOML.
    ``existing``: the command works on data already there, so a data directory
    without a database is a mistake (a wrong path), not a new installation."""
    given: dict[str, Any] = {
        name: value
        for name in ("config_file", "data_dir", "host", "port", "workers")
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
    logging.getLogger().setLevel(settings.log_level.upper())
    log_to_data_dir(settings.data_dir)  # rotated; a service has no console
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


def cmd_fingerprint(args: argparse.Namespace) -> int:
    """The certificate's SHA-256 fingerprint alone on stdout, for the silent client
    install (/FINGERPRINT=…); the self-signed certificate is made now if the server
    has not made it yet, so IT can prepare the roll-out before the first start."""
    from server.runtime import tls_identity

    identity = tls_identity(_settings(args))
    if identity is None:
        raise DomainError("cli.no_tls")
    print(identity.fingerprint)  # noqa: T201 - the command's output, for scripts
    return 0


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
    run.add_argument(
        "--workers",
        type=int,
        help="server processes (default: 1 with the embedded database, one per core with "
        "an external one)",
    )
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
    add_backup_commands(commands, with_data_dir, _settings)
    demo = with_address(
        with_data_dir(commands.add_parser("demo", help="fresh demo data, then run"))
    )
    demo.set_defaults(handler=cmd_demo)
    add_key_commands(commands, with_data_dir, _settings)
    fingerprint = with_data_dir(
        commands.add_parser(
            "fingerprint", help="print the certificate's SHA-256 fingerprint (for /FINGERPRINT=)"
        )
    )
    fingerprint.set_defaults(handler=cmd_fingerprint)
    add_service_commands(commands, with_data_dir, _settings, _serve)
    return parser


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
