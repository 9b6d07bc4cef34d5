"""A real Countersign server over HTTPS in a background thread, for tests.

It can be stopped and started again on the same port (reconnection tests) and
can swap its certificate (pinning tests). Like a deployed server it connects as
the restricted database role (:attr:`app_engine`); :attr:`engine` is the
superuser's, for tests that set data up or look at it directly.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from server.app import create_app
from server.clock import Clock
from server.db.engine import build_engine
from server.runtime import replica_engine
from server.serve import build_uvicorn
from server.settings import ServerSettings
from server.tls import TlsIdentity, ensure_self_signed
from tests.support.postgres import app_url_for


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(
        self,
        database_url: str,
        tls_dir: Path,
        *,
        port: int | None = None,
        login_attempts_per_minute: int = 100_000,
        app_url: str | None = None,
        replica_url: str | None = None,
    ) -> None:
        """``app_url``: what the server connects as (default: the restricted role);
        ``replica_url``: a streaming standby's (superuser) URL, for the read replica."""
        self.port = port or free_port()
        self.app_url = app_url or app_url_for(database_url, tls_dir)
        self.settings = ServerSettings(
            data_dir=tls_dir,
            port=self.port,
            database_url=self.app_url,
            database_url_replica=app_url_for(replica_url) if replica_url else None,
            migration_database_url=database_url,
            db_pool_size=4,
            shutdown_grace_s=1,
            login_attempts_per_minute=login_attempts_per_minute,
            backup_schedule=False,  # tests start backups themselves
        )
        self.clock = Clock()
        self.engine: Engine = build_engine(database_url, pool_size=4)
        self.app_engine: Engine = build_engine(
            self.app_url, pool_size=4, privileged_url=database_url
        )
        self.replica_engine: Engine | None = replica_engine(self.settings)
        self.identity: TlsIdentity = ensure_self_signed(tls_dir)
        self._thread: threading.Thread | None = None
        self._server: uvicorn.Server | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        return self.identity.fingerprint

    def start(self) -> LiveServer:
        app = create_app(
            self.settings, self.app_engine, clock=self.clock, replica=self.replica_engine
        )
        self.app = app
        server = build_uvicorn(self.settings, app, self.identity)
        thread = threading.Thread(target=server.run, name=f"live-server-{self.port}", daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"test server on port {self.port} did not start")
            time.sleep(0.02)
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=15)
        self._server = self._thread = None

    def use_new_certificate(self, tls_dir: Path) -> None:
        """Serve a different certificate from the next start on (an impostor)."""
        self.identity = ensure_self_signed(tls_dir)

    def close(self) -> None:
        self.stop()
        self.app_engine.dispose()
        self.engine.dispose()
        if self.replica_engine is not None:
            self.replica_engine.dispose()
