"""Every server process's watch over maintenance mode (maintenance.py).

One thread holds a connection of its own that ``LISTEN``s on
maintenance.CHANNEL, and reads the row again when a change is announced and
every :data:`POLL_SECONDS` whatever it heard (a notification lost while the
connection was down only delays it). On the same connection it reports this
process in ``server_processes``: its heartbeat, the requests it has running
and the state it has seen — at every look, and at once when a request ends
during maintenance, so whoever entered maintenance sees the drain end.

The databases' switch at the end of a restore ends every connection: when the
phase becomes ``switch`` the process lets go of its pooled connections, keeps
the last state it read (its requests are refused meanwhile, without a query),
reconnects as soon as the renamed database takes connections again, and lets
go of the pool once more when the switch is over.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import threading
import time

import psycopg2
from psycopg2.extensions import connection as PgConnection

from server.db.listen import listening_connection
from server.services.operations.maintenance import (
    CHANNEL,
    SWITCH,
    MaintenanceGate,
    Snapshot,
    read,
)

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0
RECONNECT_SECONDS = (0.5, 5.0)  # first wait after a failed connection, and the longest
FORGET_AFTER = "1 day"  # rows of processes silent this long go
LISTEN_APPLICATION = "countersign-maintenance"
STOP_SECONDS = 10.0

_REPORT = (
    "INSERT INTO server_processes (name, heartbeat_at, busy, seen_generation)"
    " VALUES (%(name)s, now(), %(busy)s, %(generation)s)"
    " ON CONFLICT (name) DO UPDATE SET heartbeat_at = now(), busy = EXCLUDED.busy,"
    " seen_generation = EXCLUDED.seen_generation"
)
_FORGET = f"DELETE FROM server_processes WHERE heartbeat_at < now() - interval '{FORGET_AFTER}'"
_GONE = "DELETE FROM server_processes WHERE name = %(name)s"


class MaintenanceWatch:
    def __init__(self, gate: MaintenanceGate, *, listen_url: str) -> None:
        """``listen_url``: a libpq URL of the database (the watch's connection is
        its own, outside the engine's pool)."""
        self.gate = gate
        self._listen_url = listen_url
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._interrupt: tuple[socket.socket, socket.socket] | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = stopping = threading.Event()
        self._interrupt = socket.socketpair()
        for end in self._interrupt:
            end.setblocking(False)
        connection = self._connect()  # the state is known before the first request
        if connection is not None:
            connection = self._look(connection, look=True)
        self._thread = threading.Thread(
            target=self._run,
            args=(stopping, self._interrupt[0], connection),
            name="maintenance-watch",
            daemon=True,
        )
        self.gate.wake = self.wake
        self._thread.start()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Stop watching; this process is no longer waited for."""
        self.gate.wake = None
        self._stopping.set()
        self.wake()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._interrupt is not None and (self._thread is None or not self._thread.is_alive()):
            for end in self._interrupt:
                end.close()
        self._thread, self._interrupt = None, None
        try:
            connection = psycopg2.connect(self._listen_url, connect_timeout=5)
            try:
                connection.autocommit = True
                with connection.cursor() as cursor:
                    cursor.execute(_GONE, {"name": self.gate.owner})
            finally:
                connection.close()
        except psycopg2.Error as exc:  # its heartbeat stops: not waited for after LIVE_S
            log.info("could not remove this process from server_processes: %s", exc)

    def wake(self) -> None:
        """Report now (a request ended during maintenance, or it was just entered)."""
        interrupt = self._interrupt
        if interrupt is None:
            return
        with contextlib.suppress(OSError):  # full (a report is due anyway) or closed
            interrupt[1].send(b"x")

    # -- the thread ------------------------------------------------------------------

    def _run(
        self, stopping: threading.Event, interrupt: socket.socket, connection: PgConnection | None
    ) -> None:
        backoff = RECONNECT_SECONDS[0]
        retry_at = time.monotonic()
        next_look = time.monotonic() + POLL_SECONDS
        try:
            while not stopping.is_set():
                now = time.monotonic()
                if connection is None and now >= retry_at:
                    connection = self._connect()
                    if connection is None:
                        retry_at, backoff = now + backoff, min(backoff * 2, RECONNECT_SECONDS[1])
                    else:
                        backoff, next_look = RECONNECT_SECONDS[0], now  # what was missed
                until = next_look if connection is not None else min(next_look, retry_at)
                watched: list[PgConnection | socket.socket] = [interrupt]
                if connection is not None:
                    watched.append(connection)
                readable, _, _ = select.select(watched, [], [], max(0.0, until - time.monotonic()))
                if stopping.is_set():
                    break
                report = look = False
                if interrupt in readable:
                    _drain(interrupt)
                    report = True
                if connection is not None and connection in readable:
                    connection, look = self._hear(connection)
                if time.monotonic() >= next_look:
                    look, next_look = True, time.monotonic() + POLL_SECONDS
                if connection is not None and (look or report):
                    connection = self._look(connection, look=look)
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> PgConnection | None:
        try:
            connection = listening_connection(
                self._listen_url, CHANNEL, application_name=LISTEN_APPLICATION
            )
        except psycopg2.Error as exc:
            log.debug("maintenance watch cannot connect (%s); trying again", exc)
            return None
        return connection

    def _hear(self, connection: PgConnection) -> tuple[PgConnection | None, bool]:
        """Take what arrived: (the connection, None when it broke; whether a change
        was announced)."""
        try:
            connection.poll()
        except (psycopg2.Error, OSError) as exc:
            log.info("maintenance watch lost its connection (%s); reconnecting", exc)
            connection.close()
            return None, False
        heard = bool(connection.notifies)
        connection.notifies.clear()
        return connection, heard

    def _look(self, connection: PgConnection, *, look: bool) -> PgConnection | None:
        """Read the state (``look``), then report this process; None when the
        connection broke."""
        try:
            with connection.cursor() as cursor:
                if look:
                    started = time.monotonic()
                    self._apply(read(cursor), started)
                    cursor.execute(_FORGET)
                generation, busy = self.gate.report()
                cursor.execute(
                    _REPORT, {"name": self.gate.owner, "busy": busy, "generation": generation}
                )
        except (psycopg2.Error, OSError) as exc:
            log.info("maintenance watch lost its connection (%s); reconnecting", exc)
            connection.close()
            return None
        return connection

    def _apply(self, snapshot: Snapshot, started: float) -> None:
        before = self.gate.apply(snapshot, read_from=started)
        now = self.gate.known()
        was = before.active() and before.phase == SWITCH
        is_ = now.active() and now.phase == SWITCH
        if was != is_ or before.active() != now.active():
            log.info(
                "maintenance %s (%s)",
                "on" if now.active() else "off",
                now.phase or "-",
            )
        if was != is_:
            # into the switch: let go of the connections it will end; out of it:
            # of those it ended
            self.gate.engine.dispose()


def _drain(interrupt: socket.socket) -> None:
    try:
        while interrupt.recv(512):
            pass
    except OSError:
        pass
