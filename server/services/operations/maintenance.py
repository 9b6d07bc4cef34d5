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

from common.errors import DomainError

MARKER = "maintenance.json"
STALE_UNREADABLE_S = 60


def _age_s(path: Path) -> float:
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _owner() -> list[float]:
    """This process: its pid and start time (a pid alone may be reused)."""
    return [os.getpid(), psutil.Process().create_time()]


def _alive(owner: list[Any]) -> bool:
    try:
        return bool(psutil.Process(int(owner[0])).create_time() == owner[1])
    except (psutil.Error, ValueError, IndexError, TypeError):
        return False


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
            # being written this instant, or left half-written by a crash long ago
            if _age_s(self.marker) > STALE_UNREADABLE_S:
                self.marker.unlink(missing_ok=True)
                return None
            return {"reason": "restore", "phase": "unknown"}
        owner = loaded.get("owner")
        if isinstance(owner, list) and not _alive(owner):
            # the restoring process died (a crash, a kill): nothing is restoring now,
            # and the switch is one transaction, so the live database is whole
            self.marker.unlink(missing_ok=True)
            return None
        return loaded

    def enter(self, info: dict[str, Any], *, drain_s: float = 30.0) -> None:
        """Turn maintenance on — refused (``restore.busy``) while another process
        holds it — then wait (at most ``drain_s``) for the requests already
        running to end."""
        self._claim(info)
        self.update(info)
        deadline = time.monotonic() + drain_s
        with self._changed:
            while self._busy > 0 and time.monotonic() < deadline:
                self._changed.wait(0.1)

    def _claim(self, info: dict[str, Any]) -> None:
        """Only one restore at a time, whoever runs it: the marker is created
        exclusively (a stale one, of a process gone, is taken over)."""
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                handle = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                pass
            else:
                with os.fdopen(handle, "w", encoding="utf-8") as marker:
                    json.dump({**info, "owner": _owner()}, marker, ensure_ascii=False)
                return
            held = self.state()  # clears a stale marker, then try again
            if held is not None and held.get("owner") == _owner():
                return  # ours already (the runner, then the restore itself)
            if held is not None:
                raise DomainError("restore.busy", status=409)
        raise DomainError("restore.busy", status=409)

    def update(self, info: dict[str, Any]) -> None:
        self.marker.parent.mkdir(parents=True, exist_ok=True)
        partial = self.marker.with_suffix(".part")
        stamped = {**info, "owner": _owner()}
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
