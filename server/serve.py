"""Run the HTTPS server until Ctrl-C or SIGTERM, then stop everything it started."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from common.errors import DomainError
from server import workers
from server.app import create_app
from server.crypto import load_or_create_key
from server.db.engine import privileged_url_of
from server.logfiles import forget_old_worker_logs
from server.runtime import open_database, open_replica, tls_identity
from server.services.operations import backup_crypto
from server.settings import ServerSettings
from server.tls import TlsIdentity

log = logging.getLogger(__name__)


def build_uvicorn(
    settings: ServerSettings, app: FastAPI | str, identity: TlsIdentity | None, *, workers: int = 1
) -> uvicorn.Server:
    """The uvicorn server for ``app``; signals are left to the caller.

    uvicorn would re-raise a captured SIGTERM after its shutdown, killing the
    process before the embedded PostgreSQL is stopped, so its own signal capture
    is switched off (see ``_stop_on_signals``).

    X-Forwarded-For is believed only from ``trusted_proxies``: uvicorn's own
    default trusts it from 127.0.0.1, which would let any local client (or
    anything reaching the server through a local port forward) pick the address
    the login throttle counts and the operation log records.
    """
    trusted = settings.trusted_proxies
    config = uvicorn.Config(
        app,
        factory=isinstance(app, str),
        workers=workers,
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(identity.cert_file) if identity else None,
        ssl_keyfile=str(identity.key_file) if identity else None,
        log_config=None,
        log_level=settings.log_level,
        access_log=settings.log_level == "debug",
        server_header=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=list(trusted) if trusted else None,
        timeout_graceful_shutdown=settings.shutdown_grace_s,
    )
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    return server


def serve(
    settings: ServerSettings,
    *,
    announce: Callable[[str], None],
    stop: threading.Event | None = None,
) -> None:
    """Start the database (migrating it), then serve until asked to stop: by a
    signal, or by ``stop`` set from another thread (a Windows service's stop
    request arrives on the service manager's thread, not as a signal).

    Leaving the ``open_database`` block stops the embedded PostgreSQL, so no
    postgres process outlives the server.
    """
    started = time.perf_counter()
    identity = tls_identity(settings)
    if identity is not None:
        if identity.created:
            announce(f"Generated a self-signed certificate: {identity.cert_file}")
        announce(f"Certificate SHA-256 fingerprint: {identity.fingerprint}")
    with open_database(settings) as engine:
        if settings.worker_count > 1:
            _serve_workers(settings, engine, identity, announce, stop, started)
        else:
            _serve_one(settings, engine, identity, announce, stop, started)
    announce("Countersign server stopped.")


def _listening(settings: ServerSettings, started: float, workers: int) -> str:
    elapsed = time.perf_counter() - started
    several = f", {workers} worker processes" if workers > 1 else ""
    return (
        f"Countersign server listening on {settings.scheme}://{settings.host}:{settings.port}"
        f" (ready in {elapsed:.1f} s{several})"
    )


def _serve_one(
    settings: ServerSettings,
    engine: Engine,
    identity: TlsIdentity | None,
    announce: Callable[[str], None],
    stop: threading.Event | None,
    started: float,
) -> None:
    """The server in this process."""
    with open_replica(settings) as replica:
        app = create_app(settings, engine, replica=replica)
        _run_one(build_uvicorn(settings, app, identity), settings, announce, stop, started)


def _run_one(
    server: uvicorn.Server,
    settings: ServerSettings,
    announce: Callable[[str], None],
    stop: threading.Event | None,
    started: float,
) -> None:
    original_startup = server.startup

    async def startup_then_announce(sockets: object = None) -> None:
        await original_startup(sockets=sockets)  # type: ignore[arg-type]
        if server.started:
            announce(_listening(settings, started, 1))

    server.startup = startup_then_announce  # type: ignore[method-assign]
    with _stop_on_signals(server), _stop_on_event(server, stop):
        server.run()


def _serve_workers(
    settings: ServerSettings,
    engine: Engine,
    identity: TlsIdentity | None,
    announce: Callable[[str], None],
    stop: threading.Event | None,
    started: float,
) -> None:
    """``settings.worker_count`` processes on one socket, supervised by uvicorn
    (a worker that dies is replaced); SIGINT/SIGTERM or ``stop`` end them all,
    then the embedded PostgreSQL stops."""
    count = settings.worker_count
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    load_or_create_key(settings.data_dir, secret)  # made once, before the workers race to
    backup_crypto.load_or_create(settings.data_dir)
    forget_old_worker_logs(settings.data_dir, dt.datetime.now(dt.UTC))
    os.environ[workers.SETTINGS_ENV] = workers.worker_settings(
        settings,
        app_url=engine.url.render_as_string(hide_password=False),
        privileged_url=privileged_url_of(engine),
    )
    engine.dispose()  # the parent serves nothing; its pool is not inherited
    config = build_uvicorn(settings, workers.FACTORY, identity, workers=count).config
    supervisor = workers.Supervisor(
        config,
        sockets=[config.bind_socket()],
        on_ready=lambda: announce(_listening(settings, started, count)),
    )
    if stop is not None:
        threading.Thread(
            target=_forward_stop, args=(stop, supervisor), name="serve-stop", daemon=True
        ).start()
    supervisor.run()
    if supervisor.crash_loop:
        raise DomainError(
            "cli.workers_crashing",
            deaths=workers.CRASH_LOOP_DEATHS + 1,
            window=int(workers.CRASH_LOOP_WINDOW_S),
        )


def _forward_stop(stop: threading.Event, supervisor: workers.Supervisor) -> None:
    """A Windows service's stop request ends the workers (it is no signal)."""
    stop.wait()
    log.info("stop requested, shutting down")
    supervisor.should_exit.set()


@contextlib.contextmanager
def _stop_on_event(server: uvicorn.Server, stop: threading.Event | None) -> Iterator[None]:
    """Graceful shutdown once ``stop`` is set (also when it was set before the
    server started); the watcher ends with the server."""
    if stop is None:
        yield
        return
    finished = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            if finished.is_set():
                return
        server.should_exit = True
        log.info("stop requested, shutting down")

    watcher = threading.Thread(target=watch, name="serve-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        finished.set()


@contextlib.contextmanager
def _stop_on_signals(server: uvicorn.Server) -> Iterator[None]:
    """First SIGINT/SIGTERM: graceful shutdown; a second one: stop at once."""
    if threading.current_thread() is not threading.main_thread():
        yield  # embedded in a thread: its owner sets should_exit
        return
    wanted = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGBREAK"):  # Ctrl-Break in a Windows console
        wanted.append(signal.SIGBREAK)

    def handle(signum: int, frame: FrameType | None) -> None:
        if server.should_exit:
            server.force_exit = True
        server.should_exit = True
        log.info("received %s, shutting down", signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handle) for sig in wanted}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
