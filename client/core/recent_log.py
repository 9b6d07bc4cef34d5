"""The client's recent log, kept in memory for a problem report (问题反馈): the
last lines of every logger, cleaned of secrets when they are read, so the user
sees exactly what would be sent."""

from __future__ import annotations

import collections
import logging
import threading
import unicodedata

from client.core.log_redaction import redact

KEEP_LINES = 400
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RecentLog(logging.Handler):
    def __init__(self, keep: int = KEEP_LINES) -> None:
        super().__init__(level=logging.INFO)
        self.lines: collections.deque[str] = collections.deque(maxlen=keep)
        self.guard = threading.Lock()  # loggers write from worker threads too
        self.setFormatter(logging.Formatter(FORMAT))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:  # a bad log call must not break the program
            return
        with self.guard:
            self.lines.append(line)

    def text(self) -> str:
        """Cleaned of secrets, and of control characters (a traceback's \r, a
        terminal colour): the server refuses those in text, and the report would fail."""
        with self.guard:
            joined = "\n".join(self.lines)
        printable = "".join(ch for ch in joined if ch in "\n\t" or unicodedata.category(ch) != "Cc")
        return redact(printable)


_installed: list[RecentLog] = []


def install() -> RecentLog:
    """Once per process: the root logger also writes here."""
    if not _installed:
        handler = RecentLog()
        logging.getLogger().addHandler(handler)  # at the level the program logs at
        _installed.append(handler)
    return _installed[0]


def recent_text() -> str:
    return install().text()
