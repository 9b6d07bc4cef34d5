"""``service install|uninstall|status`` and ``upgrade``: the server as an office
installs it (DOMAIN.md "Installation and operation"): a service that starts on
boot as an unprivileged account, and an in-place upgrade that backs up first.

Every platform decision is in :func:`service_backend`: systemd on Linux
(server/service_linux.py, tested here), the service manager on Windows
(server/windows_service.py, written but never run here).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common.errors import DomainError
from server.cli_support import say
from server.cli_upgrade import cmd_upgrade
from server.service_linux import DEFAULT_DATA_DIR as LINUX_DATA_DIR
from server.service_linux import UNIT_DIR_ENV, LinuxSystemd
from server.service_spec import SERVICE_USER, STATUS_STOPPED, ServiceBackend, ServiceSpec
from server.settings import ServerSettings

SettingsOf = Callable[..., ServerSettings]
ServeWith = Callable[[ServerSettings], None]


def service_backend(platform: str = sys.platform) -> ServiceBackend:
    """The service manager of this machine."""
    if platform == "win32":
        from server.windows_service import WindowsService

        return WindowsService()
    if platform.startswith("linux"):
        return LinuxSystemd.from_environment()
    raise DomainError("cli.service_unsupported", platform=platform)


def default_service_data_dir(platform: str = sys.platform) -> Path:
    """A machine-wide place, not the installing administrator's home (the
    service account could not enter it)."""
    if platform == "win32":
        from server.windows_service import DEFAULT_DATA_DIR

        return DEFAULT_DATA_DIR
    return LINUX_DATA_DIR


def _unseen_settings() -> list[str]:
    """Settings given in this shell's environment: the service will not have them."""
    names = {f"COUNTERSIGN_{name.upper()}" for name in ServerSettings.model_fields}
    names = (names | {"DATABASE_URL"}) - {"COUNTERSIGN_CONFIG"}  # the config file is kept
    return sorted(name for name in names if name in os.environ)


def service_spec(args: argparse.Namespace, settings_of: SettingsOf, data_dir: Path) -> ServiceSpec:
    """The service to install, its settings checked now rather than at boot."""
    settings = settings_of(args, data_dir=data_dir)
    unseen = _unseen_settings()
    if unseen:
        say(
            f"WARNING: {', '.join(unseen)} set in this shell will not reach the service: "
            "put such settings in the configuration file (--config)."
        )
    config = settings.config_file.expanduser().absolute() if settings.config_file else None
    return ServiceSpec(
        python=Path(sys.executable).absolute(),
        data_dir=settings.data_dir,
        config_file=config,
        user=args.user,
        port=settings.port,
    )


def upgrade_service(backend: ServiceBackend, settings_of: SettingsOf) -> int:
    """The installed service moves to this version (what the install scripts run
    over an existing install): stop it, run this version's ``upgrade`` on its
    data directory and configuration as its account (a verified backup, then
    every migration in one transaction), and only when that succeeds register
    the service again with this version's Python. When it fails, the installed
    version starts again, on data the failed migration left as it was.
    3: no service installed (the script then upgrades a bare data directory)."""
    installed = backend.installed()
    if installed is None:
        say("Not installed: no service to upgrade.")
        return STATUS_STOPPED
    say(f"Upgrading the service on {installed.data_dir} to this version.")
    backend.stop()
    config = ["--config", str(installed.config_file)] if installed.config_file else []
    command = [sys.executable, "-m", "server", *config, "upgrade", "--no-start",
               "--data-dir", str(installed.data_dir)]  # fmt: skip
    done = subprocess.run(backend.as_account(installed.user, command), check=False)
    if done.returncode != 0:
        backend.start()
        raise DomainError("cli.service_upgrade_failed")
    again = argparse.Namespace(config_file=installed.config_file, user=installed.user)
    return backend.install(service_spec(again, settings_of, installed.data_dir))


def cmd_service(args: argparse.Namespace, settings_of: SettingsOf) -> int:
    """Exit codes of ``status`` follow systemctl: 0 installed and running,
    3 not installed or not running, 4 installed but its state unknown;
    ``upgrade``: 0 upgraded, 3 nothing installed, 2 failed (the old version runs)."""
    backend = service_backend()
    if args.action == "upgrade":
        return upgrade_service(backend, settings_of)
    if args.action == "install":
        data_dir = Path(args.data_dir or default_service_data_dir()).expanduser().absolute()
        backend.check_account(args.user, data_dir)
        return backend.install(service_spec(args, settings_of, data_dir))
    if args.action == "uninstall":
        return backend.uninstall()
    return backend.status()


def _with_config(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``--config`` after the command too; SUPPRESS keeps one given before it."""
    sub.add_argument(
        "--config",
        dest="config_file",
        type=Path,
        default=argparse.SUPPRESS,
        help="TOML settings file",
    )
    return sub


def add_service_commands(
    commands: Any,
    with_data_dir: Callable[[argparse.ArgumentParser], argparse.ArgumentParser],
    settings_of: SettingsOf,
    serve_with: ServeWith,
) -> None:
    service = _with_config(
        commands.add_parser(
            "service",
            help="install the server as a service (systemd unit, Windows service)",
            description="install: register, start on boot, start now; uninstall: stop and "
            "remove (the data directory stays); status: exit 0 running, 3 not installed "
            "or not running, 4 installed but state unknown (no systemd); upgrade (run by the "
            "new version over an installed service): stop, back up and migrate its data, "
            "register and start the new version, or start the old one again on failure. "
            f"{UNIT_DIR_ENV} writes the unit to another folder and leaves systemd alone.",
        )
    )
    service.add_argument("action", choices=("install", "uninstall", "status", "upgrade"))
    service.add_argument(
        "--data-dir",
        type=Path,
        help=f"data directory (default {LINUX_DATA_DIR}, on Windows %%ProgramData%%\\Countersign"
        "\\server)",
    )
    service.add_argument(
        "--user",
        default=SERVICE_USER,
        help=f"the unprivileged account it runs as on Linux (default {SERVICE_USER}; never root)",
    )
    service.set_defaults(handler=lambda args: cmd_service(args, settings_of))
    upgrade = _with_config(
        with_data_dir(
            commands.add_parser(
                "upgrade",
                help="over an existing install: verified backup, migrate, then serve",
                description="Takes a backup and verifies it, migrates the database (all "
                "migrations in one transaction: a failure leaves it as it was, for the "
                "previous version), then serves unless --no-start. Stop the service first.",
            )
        )
    )
    upgrade.add_argument(
        "--no-start", action="store_true", help="stop after migrating (the service starts it)"
    )
    upgrade.set_defaults(handler=lambda args: cmd_upgrade(args, settings_of, serve_with))
