"""The server's own log file in its data directory, rotated by size.

A server run as a service has no console anyone reads: what it logged must be
in a file IT can find (``<data_dir>/logs/server.log``) and that never fills the
disk (10 files of 10 MB at most). The console keeps getting the same lines.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FOLDER = "logs"
LOG_FILE = "server.log"
MAX_BYTES = 10 * 1024 * 1024
KEEP_FILES = 10
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def configure_logging(level: str = "info") -> None:
    """The console's log lines (a command, or a worker process of ``run``)."""
    logging.basicConfig(level=level.upper(), format=FORMAT)
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # two lines a job run


def server_log(data_dir: Path) -> Path:
    """Where the server's log of ``data_dir`` is."""
    return data_dir / LOG_FOLDER / LOG_FILE


def log_to_data_dir(data_dir: Path, name: str = LOG_FILE) -> Path:
    """Add the rotating file to the root logger (once per file); its path.
    The root logger passes INFO at least (a Windows service has no
    ``configure_logging`` call that would have set it)."""
    path = Path(os.path.abspath(data_dir / LOG_FOLDER / name))
    root = logging.getLogger()
    if root.getEffectiveLevel() > logging.INFO:
        root.setLevel(logging.INFO)
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=KEEP_FILES, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    return path


def stop_logging_to(data_dir: Path) -> None:
    """Close and remove the data directory's file handler (tests and the
    Windows service, which may serve again in the same process)."""
    path = Path(os.path.abspath(server_log(data_dir)))
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler) and Path(handler.baseFilename) == path:
            root.removeHandler(handler)
            handler.close()


WORKER_LOG = "server-worker-{pid}.log"
WORKER_LOGS_KEPT = dt.timedelta(days=30)


def log_worker_to_data_dir(data_dir: Path) -> Path:
    """A worker process of ``run --workers N`` logs to a file of its own
    (several processes rotating one file would lose lines)."""
    return log_to_data_dir(data_dir, WORKER_LOG.format(pid=os.getpid()))


def forget_old_worker_logs(data_dir: Path, now: dt.datetime) -> None:
    """Worker logs untouched for a month go (each start makes new ones)."""
    for path in (data_dir / LOG_FOLDER).glob("server-worker-*.log*"):
        try:
            touched = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            if now - touched > WORKER_LOGS_KEPT:
                path.unlink()
        except OSError:
            pass
