"""The server's own log file in its data directory, rotated by size.

A server run as a service has no console anyone reads: what it logged must be
in a file IT can find (``<data_dir>/logs/server.log``) and that never fills the
disk (10 files of 10 MB at most). The console keeps getting the same lines.
"""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FOLDER = "logs"
LOG_FILE = "server.log"
MAX_BYTES = 10 * 1024 * 1024
KEEP_FILES = 10
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def server_log(data_dir: Path) -> Path:
    """Where the server's log of ``data_dir`` is."""
    return data_dir / LOG_FOLDER / LOG_FILE


def log_to_data_dir(data_dir: Path) -> Path:
    """Add the rotating file to the root logger (once per file); its path.
    The root logger passes INFO at least (a Windows service has no
    ``configure_logging`` call that would have set it)."""
    path = Path(os.path.abspath(server_log(data_dir)))
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
