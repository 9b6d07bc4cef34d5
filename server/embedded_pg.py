"""The embedded PostgreSQL (pgserver) that runs when no DATABASE_URL is configured.

The cluster lives in ``<data_dir>/pgdata`` and listens on a Unix socket only (TCP
on localhost on Windows), so nothing outside this machine can reach it. The
server connects as the restricted role ``countersign_app`` (server/db/roles.py),
made on first start with a password kept in the data directory; the superuser
``postgres`` is for migrations, restores and base backups only; the server's
role may not connect to the maintenance databases (postgres, template1).

Authentication is pgserver's ``trust``: on Linux and macOS the socket is in the
0700 ``pgdata``, so only the server's OS user reaches it, unless that path is too
long for a socket (over ~100 characters: pgserver then uses a runtime directory
other local users may reach); on Windows the cluster listens on 127.0.0.1 and
any local user of the machine can connect as ``postgres``. Both are known
limits (README "Database roles").
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import psutil
import psycopg2
from psycopg2 import sql

from server.db import roles
from server.services.operations.wal_archive import configure as configure_archiving

log = logging.getLogger(__name__)

DATABASE_NAME = "countersign"
HANDLE_FILE = ".handle_pids.json"  # pgserver's list of processes using the cluster


def ensure_database(maintenance_url: str, name: str) -> None:
    """Create database ``name`` unless it exists (CREATE DATABASE cannot run in a
    transaction, hence autocommit); one left refusing connections by a restore
    killed during its switch (restore_run._switch) takes them again."""
    connection = psycopg2.connect(maintenance_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT datallowconn FROM pg_database WHERE datname = %s", (name,))
            found = cursor.fetchone()
            if found is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name))
                )
                log.info("created database %s", name)
            elif not found[0]:
                cursor.execute(
                    sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS true").format(
                        sql.Identifier(name)
                    )
                )
                log.warning("database %s refused connections (a restore's switch cut off)", name)
    finally:
        connection.close()


def _forget_dead_handles(pgdata: Path) -> None:
    """pgserver counts the processes using a cluster in a file and never forgets
    one that died (kill -9, power loss); such a stale entry would keep a later
    clean stop from stopping PostgreSQL."""
    handles = pgdata / HANDLE_FILE
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except (OSError, ValueError):
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and psutil.pid_exists(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _postmaster_alive(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return False
    return bool(psutil.pid_exists(pid))


def _system_user() -> str | None:
    """pgserver runs PostgreSQL as the user 'pgserver' when we are root."""
    return "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM (delivered afterwards) so a stop is never cut short."""
    wanted = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


INTERRUPTED_START_WAIT_S = 3.0  # a postmaster pg_ctl launched writes its pid file at once


def _wait_for_postmaster(pgdata: Path, seconds: float) -> None:
    """Until a postmaster of ``pgdata`` is up (its pid file names a live process),
    or ``seconds`` have passed (none was started after all)."""
    deadline = time.monotonic() + seconds
    while not _postmaster_alive(pgdata) and time.monotonic() < deadline:
        time.sleep(0.1)


class EmbeddedPostgres:
    """Starts the cluster on enter and stops it on exit, even after an error."""

    def __init__(self, data_dir: Path, *, archive: Path | None = None) -> None:
        """``archive``: where finished WAL segments go (continuous protection)."""
        self.data_dir = data_dir
        self.pgdata = data_dir / "pgdata"
        self.app_url = ""  # the server's role, set by start()
        self.archive = archive
        self._server: object | None = None
        self._shared = False  # another process (a running server) had started it

    def start(self) -> str:
        """Start (initialising on first use) and return the superuser's URL of our
        database; :attr:`app_url` is then the server's (restricted) one."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pgserver warns when XDG_RUNTIME_DIR is unset
            import pgserver

            self.pgdata.parent.mkdir(parents=True, exist_ok=True)
            _forget_dead_handles(self.pgdata)
            self._shared = _postmaster_alive(self.pgdata)
            server = pgserver.get_server(self.pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
            self._server = server
            if self.archive is not None and configure_archiving(
                server.get_uri("postgres"), self.archive
            ):
                log.info("WAL archiving switched on: restarting PostgreSQL once")
                self.stop()
                server = pgserver.get_server(self.pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
                self._server = server
        ensure_database(server.get_uri("postgres"), DATABASE_NAME)
        url: str = server.get_uri(DATABASE_NAME)
        password = roles.app_password(self.data_dir)
        # the password from the file and no settings of its own, whatever the
        # server's role did to itself since the last start (it may ALTER ROLE itself)
        roles.ensure_roles(server.get_uri("postgres"), password=password)
        roles.lock_cluster(server.get_uri("postgres"))
        # a data directory of the single-role layout moves to the role split here
        roles.adopt_database(url)
        self.app_url = roles.as_app(url, password)
        log.info("embedded PostgreSQL ready in %s", self.pgdata)
        return url

    @property
    def bin_dir(self) -> Path:
        """Where pg_dump, pg_restore, pg_basebackup … of this PostgreSQL live."""
        from pgserver._commands import POSTGRES_BIN_PATH

        return Path(POSTGRES_BIN_PATH)

    def stop(self, *, interrupted: bool = False) -> None:
        """Stop the cluster; further Ctrl-C / SIGTERM wait until it is down.
        ``interrupted``: the start was cut short by a signal, perhaps while
        pg_ctl was still bringing the postmaster up (it goes on without us): wait
        a little for its pid file, so that it is stopped, not left running."""
        with _signals_held():
            server, self._server = self._server, None
            if server is not None:
                server.cleanup()  # type: ignore[attr-defined]
            if interrupted and server is None and not self._shared:
                _wait_for_postmaster(self.pgdata, INTERRUPTED_START_WAIT_S)
            if _postmaster_alive(self.pgdata) and not self._shared:
                # pgserver leaves it running when it believes another process still
                # uses it, or start was interrupted; a cluster this process started
                # is stopped regardless. One a running server started (a CLI
                # command beside it) is left to that server.
                from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=_system_user())
            log.info("embedded PostgreSQL stopped")

    def __enter__(self) -> str:
        try:
            return self.start()
        except BaseException as exc:
            # failed or interrupted while starting: leave nothing running
            self.stop(interrupted=isinstance(exc, KeyboardInterrupt | SystemExit))
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
