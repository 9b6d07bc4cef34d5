"""Per-address throttling of login attempts (in memory, per server process)."""

from __future__ import annotations

import threading
import time
from collections import deque

from common.errors import DomainError


class AttemptThrottle:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, address: str) -> None:
        """Count one attempt from ``address``; refuse it past the limit."""
        now = time.monotonic()
        with self._lock:
            window = self._seen.setdefault(address, deque())
            while window and now - window[0] > 60:
                window.popleft()
            if len(window) >= self.per_minute:
                wait = int(60 - (now - window[0])) + 1
                raise DomainError("auth.throttled", status=429, seconds=wait)
            window.append(now)
            if len(self._seen) > 10_000:  # forget idle addresses
                for key in [k for k, v in self._seen.items() if not v]:
                    del self._seen[key]
