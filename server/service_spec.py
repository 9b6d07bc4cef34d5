"""What ``countersign-server service`` registers, whatever the platform: one
description of the service, and the three things a platform backend does with
it (server/service_linux.py, server/windows_service.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SERVICE_USER = "countersign"  # the unprivileged account on Linux

# ``service status`` answers like ``systemctl status`` (LSB): scripts test the code.
STATUS_RUNNING = 0  # installed and running
STATUS_STOPPED = 3  # not installed, or installed but not running
STATUS_UNKNOWN = 4  # installed, but its state cannot be asked (no systemd)


@dataclass(frozen=True)
class ServiceSpec:
    """The server as a service: this Python runs ``-m server run`` on the data
    directory (with the configuration file) as ``user``."""

    python: Path
    data_dir: Path
    config_file: Path | None
    user: str
    port: int

    def run_arguments(self) -> list[str]:
        """The command line the service runs (``--config`` belongs before ``run``)."""
        config = ["--config", str(self.config_file)] if self.config_file else []
        # -P: the working directory (the data directory) is not put on sys.path
        python = [str(self.python), "-P", "-m", "server"]
        return [*python, *config, "run", "--data-dir", str(self.data_dir)]


@dataclass(frozen=True)
class InstalledService:
    """What an installed service serves, read back from the unit or registry: an
    upgrade registers the new version with the same."""

    data_dir: Path
    config_file: Path | None
    user: str


class ServiceBackend(Protocol):
    """A platform's service manager. Each method says what it did (``say``)
    and returns the command's exit code."""

    def check_account(self, user: str, data_dir: Path) -> None:
        """Refuse an account the service may not run as, before anything is made."""

    def install(self, spec: ServiceSpec) -> int: ...

    def uninstall(self) -> int: ...

    def status(self) -> int: ...

    def installed(self) -> InstalledService | None:
        """The installed service's settings; None when none is installed."""

    def stop(self) -> None: ...

    def start(self) -> None: ...

    def as_account(self, user: str, command: list[str]) -> list[str]:
        """``command`` run as the service's account (its data is that account's)."""
