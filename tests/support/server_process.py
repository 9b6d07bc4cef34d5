"""``countersign-server run`` in an operating-system process of its own, for the
tests of several server processes on one database (issue 21).

Each process has its own data directory (its own certificate and logs, as a
second host would) and connects to the test database as the restricted role;
all share the secret key that seals second-factor secrets, as every host of
one office must. The object looks enough like :class:`LiveServer` for the
helpers of tests/support (``engine``, ``clock``, ``app.state.secret_box``,
``identity``, ``url``, ``fingerprint``): its clock is the real one — a
separate process cannot be told another time — so logging a user in uses
the code of the current 30 s step.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import Engine

from server.clock import Clock
from server.crypto import SecretBox
from server.db.engine import build_engine
from server.tls import TlsIdentity, ensure_self_signed
from tests.support.live_server import free_port
from tests.support.postgres import app_url_for

START_S = 90
SERVER_RUN = [sys.executable, "-m", "server", "run"]


class RealClock(Clock):
    """The time of the server processes: it cannot be moved."""

    def advance(self, delta: dt.timedelta) -> None:
        return None


def shared_secret_key() -> str:
    """One office's key for sealing second-factor secrets (base64 of 32 bytes)."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


class ServerProcess:
    def __init__(
        self,
        database_url: str,
        data_dir: Path,
        *,
        secret_key: str,
        settings: dict[str, str] | None = None,
    ) -> None:
        """``settings``: more COUNTERSIGN_* variables (name without the prefix)."""
        self.port = free_port()
        self.data_dir = data_dir
        self.database_url = database_url
        self.engine: Engine = build_engine(database_url, pool_size=2)
        self.clock = RealClock()
        box = SecretBox(base64.b64decode(secret_key))
        self.app = SimpleNamespace(state=SimpleNamespace(secret_box=box))
        self._env = _environment(database_url, secret_key, settings or {})
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._process: subprocess.Popen[str] | None = None
        self.identity: TlsIdentity | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        assert self.identity is not None
        return self.identity.fingerprint

    def start(self) -> ServerProcess:
        self._process = subprocess.Popen(
            [*SERVER_RUN, "--data-dir", str(self.data_dir), "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self._env,
        )
        threading.Thread(target=self._read, name=f"server-{self.port}", daemon=True).start()
        self.wait_for("listening on https://", timeout=START_S)
        self.identity = ensure_self_signed(self.data_dir / "tls")  # the one it made
        return self

    def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        for line in self._process.stdout:
            with self._changed:
                self._lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def log(self) -> str:
        """What the process printed so far (its console: our log lines too)."""
        with self._changed:
            return "\n".join(self._lines)

    def lines_with(self, text: str) -> list[str]:
        with self._changed:
            return [line for line in self._lines if text in line]

    def wait_for(self, text: str, *, timeout: float = 30, count: int = 1) -> list[str]:
        """Until ``count`` lines contain ``text``; fails when the process ends first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [line for line in self._lines if text in line]
                if len(found) >= count:
                    return found
                assert self._process is not None
                if self._process.poll() is not None:
                    raise AssertionError(f"server ended before {text!r}:\n{self.log()[-4000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no {text!r} within {timeout} s:\n{self.log()[-4000:]}")
                self._changed.wait(min(left, 0.5))

    def stop(self) -> None:
        """SIGTERM: a graceful stop."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def kill(self) -> None:
        """SIGKILL: the process dies without cleaning up (a crash, a lost host)."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        self.stop()
        self.engine.dispose()


def _environment(database_url: str, secret_key: str, settings: dict[str, str]) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("COUNTERSIGN_") and name != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=app_url_for(database_url),
        COUNTERSIGN_MIGRATION_DATABASE_URL=database_url,
        COUNTERSIGN_SECRET_KEY=secret_key,
        COUNTERSIGN_BACKUP_SCHEDULE="false",
        COUNTERSIGN_CONTINUOUS_PROTECTION="false",
        COUNTERSIGN_WORKERS="1",
        COUNTERSIGN_SHUTDOWN_GRACE_S="2",
        COUNTERSIGN_LOGIN_ATTEMPTS_PER_MINUTE="100000",
    )
    env.update({f"COUNTERSIGN_{name.upper()}": value for name, value in settings.items()})
    return env
