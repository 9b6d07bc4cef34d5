"""Bad input on the command line answers with one line, never a traceback.

Every ``countersign-server`` command runs through :func:`guarded`: the error
kinds an operator can cause (a missing file, a wrong data directory, an
unknown plan, a port in use, bad settings) become one line in Chinese and
English and exit 2; anything unexpected is written with its traceback to a
log file, and the one line names that file.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import socket
import sys
import time
import traceback
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

import platformdirs
import psutil
import psycopg2
from pydantic import ValidationError
from sqlalchemy.exc import OperationalError

from common.enums import Language
from common.errors import DomainError

log = logging.getLogger("countersign.server")

LOCK_FILE = "server.lock"


def say(line: str) -> None:
    """Console output for the operator (not logging: it must always be shown)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def one_line(error: DomainError) -> str:
    """The message in both languages, on one line."""
    chinese = error.message(Language.ZH_CN)
    english = error.message(Language.EN)
    return f"错误:{chinese} | Error: {english}".replace("\n", " ")


def settings_error(exc: ValidationError) -> DomainError:
    """The first broken setting, named, with pydantic's rule."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first.get("loc", ())) or "?"
    return DomainError("cli.settings_invalid", field=field, rule=first.get("msg", ""))


def usable_data_dir(path: Path) -> None:
    """The data directory exists (or can be made) and is writable."""
    try:
        if path.exists() and not path.is_dir():
            raise DomainError("cli.data_dir_unusable", path=str(path), reason="not a directory")
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError(
            "cli.data_dir_unusable", path=str(path), reason=exc.strerror or str(exc)
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise DomainError("cli.data_dir_unusable", path=str(path), reason="not writable")


def existing_cluster(data_dir: Path) -> None:
    """Commands that work on existing data refuse a data directory without a
    database rather than quietly making an empty one there."""
    if not (data_dir / "pgdata" / "PG_VERSION").exists():
        raise DomainError("cli.data_dir_empty", path=str(data_dir))


def port_free(host: str, port: int) -> None:
    """Refused before anything starts: another server (or program) listens there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        _probe_options(probe)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                raise DomainError("cli.port_in_use", host=host, port=port) from exc
            raise DomainError("cli.settings_invalid", field="host", rule=str(exc)) from exc


def _probe_options(probe: socket.socket) -> None:
    """On POSIX, SO_REUSEADDR only lets the probe ignore connections of a server
    just stopped (TIME_WAIT), as uvicorn does. On Windows it would let the bind
    succeed on a port another program listens on, so the probe asks for the
    port exclusively instead."""
    if sys.platform == "win32":
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined,unused-ignore]
    else:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)


_FRESH_S = 2.0  # a lock file this young but unreadable is still being written
_GUARD_STALE_S = 10.0  # a take-over guard this old was left by a killed process


def _lock_text() -> str:
    me = psutil.Process()
    return f"{me.pid} {me.create_time()!r}\n"


def _owner(lock: Path) -> int | None:
    """The pid of the live process the lock file names; -1 while a new lock is
    (maybe) still being written: unreadable but only just made; None for no
    lock, a damaged one, or a dead owner."""
    try:
        pid_text, started_text = lock.read_text().split()
        pid, started = int(pid_text), float(started_text)
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        with suppress(OSError):
            if time.time() - lock.stat().st_mtime < _FRESH_S:
                return -1
        return None
    try:
        owner = psutil.Process(pid)
        if abs(owner.create_time() - started) < 0.01:
            return pid
    except psutil.Error:
        pass  # its process is gone
    return None


def _create_lock(lock: Path) -> bool:
    """A new lock file, made atomically (O_EXCL): False when one exists."""
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w") as handle:
        handle.write(_lock_text())
    return True


def _take_over_stale(lock: Path) -> bool:
    """Replace a dead owner's lock (a private file renamed over it), one process
    at a time: the take-over itself is guarded by an O_EXCL file, and the lock
    is checked again inside it. True when this process now holds the lock."""
    guard = lock.with_name(f"{LOCK_FILE}.takeover")
    try:
        os.close(os.open(guard, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
    except FileExistsError:
        with suppress(OSError):
            if time.time() - guard.stat().st_mtime > _GUARD_STALE_S:
                guard.unlink()
        return False
    try:
        if _owner(lock) is not None:
            return False  # taken (or being made) by another process meanwhile
        partial = lock.with_name(f"{LOCK_FILE}.{os.getpid()}.part")
        partial.write_text(_lock_text())
        os.replace(partial, lock)
        return _owner(lock) == os.getpid()
    finally:
        guard.unlink(missing_ok=True)


def claim_data_dir(data_dir: Path, *, wait_s: float = 5.0) -> Callable[[], None]:
    """One server per data directory: a lock file with this process's id and
    start time, created atomically; a dead owner's lock is taken over. The
    release function; ``cli.server_running`` when another live process has it."""
    lock = data_dir / LOCK_FILE
    deadline = time.monotonic() + wait_s
    while not _create_lock(lock):
        owner = _owner(lock)
        if owner == os.getpid():
            break
        if owner is not None and owner > 0:
            raise DomainError("cli.server_running", path=str(data_dir), pid=owner)
        if owner is None and _take_over_stale(lock):
            break
        if time.monotonic() > deadline:
            raise DomainError("cli.server_running", path=str(data_dir), pid="?")
        time.sleep(0.02)

    def release() -> None:
        try:
            if lock.read_text().split()[0] == str(os.getpid()):
                lock.unlink()
        except (OSError, IndexError):
            pass

    return release


def log_file(data_dir: Path | None) -> Path:
    """Where a traceback goes: the data directory's logs, else the user's log folder."""
    for folder in (
        data_dir / "logs" if data_dir else None,
        Path(platformdirs.user_log_dir("countersign", appauthor=False)),
    ):
        if folder is None:
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "countersign-server.log"
            with path.open("a", encoding="utf-8"):
                return path
        except OSError:
            continue
    return Path(os.devnull)


def _expected(exc: BaseException) -> DomainError | None:
    """The error kinds an operator causes, as a message; None for a real fault."""
    from server.services.operations.backups import BackupError

    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, ValidationError):
        return settings_error(exc)
    if isinstance(exc, BackupError):
        return DomainError("cli.backup_failed", reason=str(exc)[:300])
    if isinstance(exc, (psycopg2.OperationalError, OperationalError)):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return DomainError("cli.database_unavailable", reason=(reason or ["?"])[0][:300])
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return DomainError("cli.file_missing", path=str(exc.filename))
    if isinstance(exc, OSError) and exc.filename:
        return DomainError("cli.io_error", path=str(exc.filename), reason=exc.strerror or "")
    return None


def guarded(run: Callable[[], int], data_dir: Path | None) -> int:
    """Run a command; the expected failures print one line and exit 2, an
    unexpected one is logged with its traceback and prints one line too."""
    try:
        return run()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        known = _expected(exc)
        if known is None:
            path = log_file(data_dir)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"{dt.datetime.now(dt.UTC).isoformat()} countersign-server failed\n")
                handle.write("".join(traceback.format_exception(exc)))
            known = DomainError("cli.unexpected", kind=type(exc).__name__, log=str(path))
        sys.stderr.write(one_line(known) + "\n")
        sys.stderr.flush()
        return 2
