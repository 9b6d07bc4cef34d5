"""``run --workers N``: several server processes on one listening socket.

The parent starts (and migrates) the database, makes the keys a first start
makes, binds the socket, then uvicorn's supervisor spawns N worker processes
that accept on it and restarts one that dies. Every worker is a whole server
(create_app over its own engine): whatever several processes must agree on
lives in PostgreSQL, so any worker — or any host behind a load balancer —
answers any request (README "Several processes and hosts").

A spawned worker gets the parent's settings through one environment variable:
the settings the parent was given, with the database URLs it resolved (the
embedded cluster's, when it started one).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess
from uvicorn.supervisors.multiprocess import SIGNALS  # the signals it takes over

from server.app import create_app
from server.db.engine import build_engine
from server.logfiles import configure_logging, log_worker_to_data_dir
from server.runtime import replica_engine
from server.settings import ServerSettings

SETTINGS_ENV = "COUNTERSIGN_WORKER_SETTINGS"
FACTORY = "server.workers:worker_app"
# More worker deaths than this within the window is a crash loop, not bad luck:
# the supervisor stops instead of restarting workers forever.
CRASH_LOOP_DEATHS = 5
CRASH_LOOP_WINDOW_S = 60.0

log = logging.getLogger(__name__)


def worker_settings(settings: ServerSettings, *, app_url: str, privileged_url: str) -> str:
    """What a worker needs to build the same server: the settings given to the
    parent (secrets included: the variable is the process's own), one worker
    each, on the database the parent opened."""
    given: dict[str, Any] = settings.model_dump(mode="json", include=settings.model_fields_set)
    if settings.secret_key is not None:
        given["secret_key"] = settings.secret_key.get_secret_value()
    given.update(database_url=app_url, migration_database_url=privileged_url, workers=1)
    given.pop("config_file", None)  # read once, by the parent: its values are in `given`
    return json.dumps(given)


def worker_app() -> FastAPI:
    """uvicorn's factory in each worker process."""
    settings = ServerSettings(**json.loads(os.environ[SETTINGS_ENV]))
    configure_logging(settings.log_level)
    log_worker_to_data_dir(settings.data_dir)
    assert settings.database_url is not None
    engine = build_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        privileged_url=settings.migration_database_url,
    )
    return create_app(settings, engine, replica=replica_engine(settings))


class Supervisor(Multiprocess):
    """uvicorn's supervisor, with three changes: its signal handlers are put back
    when it ends; SIGINT/SIGTERM are logged as the one-process server logs them;
    and workers dying over and over (a crash loop: a broken interpreter path, a
    database refusing every connection) stop it rather than being restarted
    forever. Its signal handlers can only be installed from the main thread;
    run from a Windows service's thread, it is stopped through ``should_exit``
    instead (never run on Windows here)."""

    def __init__(
        self,
        config: uvicorn.Config,
        sockets: list[Any],
        on_ready: Callable[[], None] | None = None,
    ) -> None:
        """``on_ready`` is called once, when every worker has started serving."""
        self._deaths: list[float] = []
        self._on_ready = on_ready
        self.crash_loop = False
        on_main_thread = threading.current_thread() is threading.main_thread()
        self._previous = {sig: signal.getsignal(sig) for sig in SIGNALS} if on_main_thread else {}
        if on_main_thread:
            super().__init__(config, sockets)
            return
        install = signal.signal
        signal.signal = _ignore  # type: ignore[assignment]
        try:
            super().__init__(config, sockets)
        finally:
            signal.signal = install

    def run(self) -> None:
        try:
            super().run()
        finally:
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)

    def handle_int(self) -> None:
        self._stop_on("SIGINT")

    def handle_term(self) -> None:
        self._stop_on("SIGTERM")

    def handle_break(self) -> None:
        self._stop_on("SIGBREAK")

    def _stop_on(self, name: str) -> None:
        log.info("received %s, shutting down", name)
        self.should_exit.set()

    def keep_subprocess_alive(self) -> None:
        before = {process.pid for process in self.processes}
        super().keep_subprocess_alive()
        replaced = before - {process.pid for process in self.processes}
        now = time.monotonic()
        self._deaths = [t for t in self._deaths if now - t < CRASH_LOOP_WINDOW_S]
        self._deaths.extend(now for _ in replaced)
        if len(self._deaths) > CRASH_LOOP_DEATHS:
            log.error(
                "%d worker processes died within %.0f s: stopping the server",
                len(self._deaths),
                CRASH_LOOP_WINDOW_S,
            )
            self.crash_loop = True
            self.should_exit.set()
            return
        self._tell_when_ready()

    def _tell_when_ready(self) -> None:
        """Asked on the supervisor's own loop: a worker's health pipe answers one
        ping at a time, and a second thread pinging it could take the answer the
        loop waits for — the loop then kills a healthy worker as hung."""
        if self._on_ready is None or self.should_exit.is_set():
            return
        if len(self.processes) == self.processes_num and all(
            process.is_ready(timeout=1) for process in self.processes
        ):
            self._on_ready()
            self._on_ready = None


def _ignore(signum: int, handler: Callable[..., Any]) -> None:
    return None
