"""Maintenance mode (系统维护): while a restore runs nobody else works on the data.

The state is a small file in the data directory, so a restore started from the
command line and the running server agree on it. While it is there the server
answers every request but the health check (which says so, for the clients'
status line) and the backup page (which shows the restore's progress) with 503
``system.maintenance``; clients keep what is typed in their local drafts. A
restore entering maintenance first waits for the requests already running to
finish.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import psutil

MARKER = "maintenance.json"


class MaintenanceGate:
    def __init__(self, data_dir: Path) -> None:
        self.marker = data_dir / MARKER
        self._busy = 0
        self._changed = threading.Condition()

    def state(self) -> dict[str, Any] | None:
        """What is going on (``reason``, ``phase`` …), or None when not in maintenance."""
        try:
            loaded: dict[str, Any] = json.loads(self.marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"reason": "restore", "phase": "unknown"}
        owner = loaded.get("pid")
        if isinstance(owner, int) and not psutil.pid_exists(owner):
            # the restoring process died (a crash, a kill): nothing is restoring now,
            # and the switch is one transaction, so the live database is whole
            self.marker.unlink(missing_ok=True)
            return None
        return loaded

    def enter(self, info: dict[str, Any], *, drain_s: float = 30.0) -> None:
        """Turn maintenance on, then wait (at most ``drain_s``) for the requests
        already running to end."""
        self.update(info)
        deadline = time.monotonic() + drain_s
        with self._changed:
            while self._busy > 0 and time.monotonic() < deadline:
                self._changed.wait(0.1)

    def update(self, info: dict[str, Any]) -> None:
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        partial = self.marker.with_suffix(".part")
        stamped = {**info, "pid": os.getpid()}
        partial.write_text(json.dumps(stamped, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.marker)

    def leave(self) -> None:
        self.marker.unlink(missing_ok=True)

    # -- the middleware's side -------------------------------------------------
    def begin_request(self) -> bool:
        """Count a request in; False (and not counted) when in maintenance."""
        with self._changed:
            self._busy += 1
        if self.marker.exists() and self.state() is not None:
            self.end_request()
            return False
        return True

    def end_request(self) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()
