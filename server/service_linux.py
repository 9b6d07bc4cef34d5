"""The server as a systemd unit: written, enabled and started by
``countersign-server service install``.

The unit runs ``<this python> -m server run`` as an unprivileged account
(PostgreSQL refuses to run as root, and a service that holds the ledger should
not be able to change the system), starts on boot (multi-user.target),
restarts after a crash, and may write only its data directory. Its log goes to
the journal and, rotated, to ``<data_dir>/logs/server.log`` (server/logfiles.py).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from common.errors import DomainError
from server.cli_support import say
from server.service_spec import (
    STATUS_RUNNING,
    STATUS_STOPPED,
    STATUS_UNKNOWN,
    InstalledService,
    ServiceSpec,
)

UNIT_NAME = "countersign-server.service"
UNIT_DIR = Path("/etc/systemd/system")
# A unit directory of its own (tests, image builds): the unit is written there
# and systemd is not told, whatever machine this is.
UNIT_DIR_ENV = "COUNTERSIGN_SYSTEMD_DIR"
DEFAULT_DATA_DIR = Path("/var/lib/countersign")
_PRIVILEGED_PORTS = 1024


def _quoted(value: str) -> str:
    """One word of a unit file: ``%`` and ``$`` escaped (systemd would expand
    them), quoted when it holds a space, a quote, a backslash or ``;``."""
    escaped = value.replace("%", "%%").replace("$", "$$")
    if not escaped or re.search(r"[\s\"'\\;]", escaped):
        escaped = '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def unit_text(spec: ServiceSpec, *, group: str) -> str:
    """The unit file. KillMode=mixed: SIGTERM goes to the server alone, which
    stops its embedded PostgreSQL before it exits; only what is left after
    TimeoutStopSec is killed."""
    data_dir = _quoted(str(spec.data_dir))
    low_port = ["AmbientCapabilities=CAP_NET_BIND_SERVICE"] if spec.port < _PRIVILEGED_PORTS else []
    lines = [
        "# Countersign server, written by `countersign-server service install`.",
        "# Remove it with `countersign-server service uninstall` (the data directory stays).",
        "[Unit]",
        "Description=Countersign server",
        "After=network-online.target",
        "Wants=network-online.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={spec.user}",
        f"Group={group}",
        # a single path: systemd takes it as written, quotes included, so unquoted
        "WorkingDirectory=" + str(spec.data_dir).replace("%", "%%"),
        "ExecStart=" + " ".join(_quoted(word) for word in spec.run_arguments()),
        "Environment=PYTHONUNBUFFERED=1",
        "Restart=on-failure",
        "RestartSec=5s",
        "KillMode=mixed",
        "TimeoutStopSec=120",
        "UMask=0077",
        *low_port,
        "NoNewPrivileges=yes",
        "ProtectSystem=full",
        "PrivateTmp=yes",
        f"ReadWritePaths={data_dir}",
        "",
        "[Install]",
        "WantedBy=multi-user.target",
        "",
    ]
    return "\n".join(lines)


def _account(user: str, data_dir: Path) -> tuple[int, int, str]:
    """uid, gid and group name of the service account; never root."""
    if sys.platform == "win32":  # also tells mypy --platform win32 what follows is not
        raise RuntimeError("systemd units are for Linux")
    import grp
    import pwd

    if user == "root":
        raise DomainError("cli.service_root_refused", user=user)
    try:
        entry = pwd.getpwnam(user)
    except KeyError as exc:
        raise DomainError("cli.service_user_missing", user=user, data_dir=str(data_dir)) from exc
    if entry.pw_uid == 0:
        raise DomainError("cli.service_root_refused", user=user)
    try:
        group = grp.getgrgid(entry.pw_gid).gr_name
    except KeyError:
        group = str(entry.pw_gid)
    return entry.pw_uid, entry.pw_gid, group


# what a data directory the server made holds (the database, its certificate)
_DATA_DIR_MARKERS = ("pgdata", "tls")


def _ours_or_empty(data_dir: Path) -> None:
    """Refuse to give away a folder that holds something else (a typo such as
    /var/lib would hand the whole tree to the service account)."""
    if not data_dir.is_dir() or not any(data_dir.iterdir()):
        return
    if not any((data_dir / marker).exists() for marker in _DATA_DIR_MARKERS):
        raise DomainError("cli.service_data_dir_foreign", path=str(data_dir))


def _hand_over(data_dir: Path, uid: int, gid: int, user: str) -> None:
    """The data directory belongs to the service account (PostgreSQL insists
    its files are its own). Done when we are root; otherwise said."""
    if sys.platform == "win32":
        raise RuntimeError("systemd units are for Linux")
    _ours_or_empty(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        if data_dir.stat().st_uid != uid:
            say(f"WARNING: {data_dir} does not belong to {user}: run `chown -R {user}: {data_dir}`")
        return
    changed = 0
    for path in [data_dir, *data_dir.rglob("*")]:
        info = path.lstat()
        if (info.st_uid, info.st_gid) != (uid, gid):
            os.lchown(path, uid, gid)
            changed += 1
    os.chmod(data_dir, 0o700)
    if changed:
        say(f"Data directory {data_dir} now belongs to {user}.")


def _unreachable_parent(python: Path) -> Path | None:
    """A folder on the way to the interpreter that other accounts cannot enter
    (a virtual environment under /root): the service could not start."""
    for folder in python.parents:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return folder
        if not mode & stat.S_IXOTH:
            return folder
    return None


class LinuxSystemd:
    """The unit file in ``unit_dir``; ``systemctl`` when systemd runs here."""

    def __init__(self, unit_dir: Path, systemctl: str | None) -> None:
        self.unit_dir = unit_dir
        self.systemctl = systemctl

    @classmethod
    def from_environment(cls) -> LinuxSystemd:
        override = os.environ.get(UNIT_DIR_ENV)
        if override:
            return cls(Path(override), None)
        booted = Path("/run/systemd/system").is_dir()  # what sd_booted() checks
        return cls(UNIT_DIR, shutil.which("systemctl") if booted else None)

    @property
    def unit_path(self) -> Path:
        return self.unit_dir / UNIT_NAME

    def _systemctl(self, *args: str, check: bool = True) -> str:
        assert self.systemctl is not None
        done = subprocess.run(
            [self.systemctl, *args], capture_output=True, text=True, check=False, timeout=180
        )
        if check and done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines() or [f"exit {done.returncode}"]
            command = f"systemctl {' '.join(args)}"
            raise DomainError("cli.service_command_failed", command=command, reason=said[0])
        return done.stdout.strip()

    def check_account(self, user: str, data_dir: Path) -> None:
        _account(user, data_dir)

    def install(self, spec: ServiceSpec) -> int:
        uid, gid, group = _account(spec.user, spec.data_dir)
        blocked = _unreachable_parent(spec.python)
        if blocked is not None:
            say(f"WARNING: {spec.user} may not be able to enter {blocked} to run {spec.python}.")
        _hand_over(spec.data_dir, uid, gid, spec.user)
        text = unit_text(spec, group=group)
        replaced = self.unit_path.exists()
        self.unit_dir.mkdir(parents=True, exist_ok=True)
        partial = self.unit_path.with_name(UNIT_NAME + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.chmod(0o644)
        partial.replace(self.unit_path)
        say(f"Unit written: {self.unit_path} (runs as {spec.user}, data in {spec.data_dir}).")
        if self.systemctl is None:
            say(
                "systemd is not running here, so nothing was started. On the machine that runs "
                "the server: systemctl daemon-reload && systemctl enable --now countersign-server"
            )
            return 0
        self._systemctl("daemon-reload")
        self._systemctl("enable", "--now", UNIT_NAME)
        if replaced:
            self._systemctl("try-restart", UNIT_NAME)  # the running one picks up the new unit
        say("Enabled (starts on boot) and started: countersign-server.")
        say(f"Logs: journalctl -u countersign-server, and {spec.data_dir}/logs/server.log")
        say(f"Run other commands on this data directory as {spec.user} (sudo -u {spec.user} ...).")
        return 0

    def uninstall(self) -> int:
        if not self.unit_path.exists():
            say(f"Not installed: no {self.unit_path}.")
            return 0
        data_dir = self._data_dir()
        if self.systemctl is not None:
            self._systemctl("disable", "--now", UNIT_NAME)
        self.unit_path.unlink()
        if self.systemctl is not None:
            self._systemctl("daemon-reload")
            say(f"Service stopped, disabled and removed: {self.unit_path}.")
        else:
            say(f"Unit removed: {self.unit_path} (systemd not running here: nothing to stop).")
        if data_dir is not None:
            say(f"The data directory {data_dir} is kept.")
        return 0

    def status(self) -> int:
        """0 running; 3 not installed or not running; 4 installed, state unknown."""
        if not self.unit_path.exists():
            say(f"Not installed: no {self.unit_path}.")
            return STATUS_STOPPED
        say(f"Installed: {self.unit_path}")
        data_dir = self._data_dir()
        if data_dir is not None:
            say(f"Data directory: {data_dir}")
        if self.systemctl is None:
            say("systemd not available: whether it runs is unknown here.")
            return STATUS_UNKNOWN
        active = self._systemctl("is-active", UNIT_NAME, check=False) or "unknown"
        enabled = self._systemctl("is-enabled", UNIT_NAME, check=False) or "unknown"
        say(f"Active: {active}")
        say(f"Enabled (starts on boot): {enabled}")
        return STATUS_RUNNING if active == "active" else STATUS_STOPPED

    def _data_dir(self) -> Path | None:
        """The data directory the installed unit serves (from its ExecStart)."""
        installed = self.installed()
        return installed.data_dir if installed else None

    def installed(self) -> InstalledService | None:
        """Data directory and configuration (from ExecStart) and account (User=)."""
        if not self.unit_path.exists():
            return None
        words: list[str] = []
        user = ""
        for line in self.unit_path.read_text(encoding="utf-8").splitlines():
            if line.startswith("ExecStart="):
                unescaped = line.removeprefix("ExecStart=").replace("$$", "$")
                words = [word.replace("%%", "%") for word in shlex.split(unescaped)]
            elif line.startswith("User="):
                user = line.removeprefix("User=")

        def after(option: str) -> Path | None:
            return Path(words[words.index(option) + 1]) if option in words[:-1] else None

        data_dir = after("--data-dir")
        if data_dir is None or not user:
            return None
        return InstalledService(data_dir, after("--config"), user)

    def stop(self) -> None:
        if self.systemctl is not None:
            self._systemctl("stop", UNIT_NAME)

    def start(self) -> None:
        if self.systemctl is not None:
            self._systemctl("start", UNIT_NAME)

    def as_account(self, user: str, command: list[str]) -> list[str]:
        """As the unit's account when systemd runs it under that account and we are
        root (PostgreSQL's files must stay that account's)."""
        if self.systemctl is not None and os.geteuid() == 0:
            return ["runuser", "-u", user, "--", *command]
        return command
