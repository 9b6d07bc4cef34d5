"""Maintenance mode (系统维护): while a restore runs nobody else works on the data.

Several server processes serve one database (``run --workers N``, or hosts
each with a data directory of its own behind a load balancer), and a restore
may run from the command line beside them: the state is one row
(``maintenance_state``) that every process watches — a LISTEN on
:data:`CHANNEL` with a poll (maintenance_watch.py) — and keeps a copy of, so
the check of every request costs no query. While it is on, the server answers
every request but the health check (which says so, for the clients' status
line) and the backup page (which shows the restore's progress) with 503
``system.maintenance``; clients keep what is typed in their local drafts.

Entering claims the row: refused (``restore.busy``) while another owner holds
it, unless that owner has been silent for :data:`STALE_OWNER_S` on the
database's clock (a process that died: its heartbeat stops), then waits (at
most ``drain_s``) until every live serving process has seen the change and has
no request running — each reports both in ``server_processes``. The owner
beats the row's heartbeat until it leaves; a process that sees an owner
silent that long serves again.

A restore's switch replaces the database that holds the row: the restore
carries the row into the restored database first (:meth:`MaintenanceGate.carry_into`).
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from common.errors import DomainError

log = logging.getLogger(__name__)

CHANNEL = "countersign_maintenance"
STALE_OWNER_S = 60.0  # an owner silent this long (database clock) is gone
OWNER_BEAT_S = 5.0  # how often the owner says it is still there
LIVE_S = 15.0  # a serving process silent this long is not waited for
DRAIN_LOOK_S = 0.1  # how often entering looks whether the processes have drained
SWITCH = "switch"  # the phase in which the databases are renamed: nobody connects

_READ = (
    "SELECT owner, reason, phase, info, generation,"
    " extract(epoch FROM now() - heartbeat_at)::float8"
    " FROM maintenance_state WHERE id = 1"
)
_WRITE = (
    "UPDATE maintenance_state SET owner = %(owner)s, reason = %(reason)s,"
    " phase = %(phase)s, info = %(info)s::jsonb, generation = generation + 1,"
    " heartbeat_at = now()"
    " WHERE id = 1 AND (owner IS NULL OR owner = %(owner)s OR heartbeat_at IS NULL"
    " OR heartbeat_at < now() - make_interval(secs => %(stale)s))"
    " RETURNING generation"
)
_LEAVE = (
    "UPDATE maintenance_state SET owner = NULL, reason = NULL, phase = NULL,"
    " info = '{}', generation = generation + 1, heartbeat_at = NULL"
    " WHERE id = 1 AND owner = %(owner)s RETURNING generation"
)
_CARRY = (
    "INSERT INTO maintenance_state (id, owner, reason, phase, info, generation, heartbeat_at)"
    " VALUES (1, %(owner)s, %(reason)s, %(phase)s, %(info)s::jsonb, %(generation)s, now())"
    " ON CONFLICT (id) DO UPDATE SET owner = EXCLUDED.owner, reason = EXCLUDED.reason,"
    " phase = EXCLUDED.phase, info = EXCLUDED.info, generation = EXCLUDED.generation,"
    " heartbeat_at = EXCLUDED.heartbeat_at"
)
_BEAT = "UPDATE maintenance_state SET heartbeat_at = now() WHERE id = 1 AND owner = %(owner)s"
_NOTIFY = "SELECT pg_notify(%(channel)s, %(payload)s)"
_WAITING = (
    "SELECT name FROM server_processes"
    " WHERE heartbeat_at > now() - make_interval(secs => %(live)s)"
    " AND (seen_generation < %(generation)s OR busy > 0) ORDER BY name"
)


class Cursor(Protocol):
    """A DB-API cursor (psycopg2's, also under a SQLAlchemy connection)."""

    def execute(self, query: str, params: dict[str, Any] | None = None) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


def process_name() -> str:
    """This server process (or command): host, pid and a random part (two
    servers in one process, as in tests, are two)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Snapshot:
    """The row as one process last read it; ``expires`` (monotonic) is when its
    owner, if not heard of again, counts as gone."""

    owner: str | None = None
    reason: str | None = None
    phase: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    generation: int = 0
    expires: float = 0.0

    def active(self) -> bool:
        return self.owner is not None and time.monotonic() < self.expires

    def as_state(self) -> dict[str, Any]:
        return {**self.info, "reason": self.reason or "", "phase": self.phase or ""}


def read(cursor: Cursor) -> Snapshot:
    cursor.execute(_READ)
    row = cursor.fetchone()
    if row is None:
        return Snapshot()
    owner, reason, phase, info, generation, age = row
    left = STALE_OWNER_S - (age if age is not None else STALE_OWNER_S)
    expires = time.monotonic() + left
    return Snapshot(owner, reason, phase, dict(info or {}), int(generation), expires)


def _cursor(connection: Connection) -> Cursor:
    """The DB-API cursor of a SQLAlchemy connection, inside its transaction."""
    raw: Any = connection.connection
    cursor: Cursor = raw.cursor()
    return cursor


class MaintenanceGate:
    """This process's side of maintenance mode: entering, changing and leaving
    it (the owner), and the copy of the state its requests are checked against."""

    def __init__(self, engine: Engine, *, drain_s: float = 30.0) -> None:
        """``drain_s``: how long entering waits for the running requests at most."""
        self.engine = engine
        self.drain_s = drain_s
        self.owner = process_name()
        self._guard = threading.Condition()
        self._known = Snapshot()
        self._known_at = 0.0  # monotonic: when _known was applied
        self._busy = 0
        self._beat_stop: threading.Event | None = None
        # set by maintenance_watch.MaintenanceWatch while it runs (server processes)
        self.wake: Callable[[], None] | None = None

    # -- what is known -----------------------------------------------------------
    def state(self) -> dict[str, Any] | None:
        """What is going on (``reason``, ``phase`` …), or None when not in
        maintenance: the watched copy (no query) in a server process, read now
        elsewhere (the command line, or before the watch starts)."""
        if self.wake is None:
            try:
                self.refresh()
            except SQLAlchemyError as exc:  # the database away: what we knew
                log.warning("cannot read the maintenance state: %s", exc)
        with self._guard:
            known = self._known
        return known.as_state() if known.active() else None

    def switching(self) -> bool:
        """The databases are being renamed: nothing may connect to them."""
        with self._guard:
            known = self._known
        return known.active() and known.phase == SWITCH

    def refresh(self) -> Snapshot:
        """Read the row now (tests, and state() without a watch)."""
        started = time.monotonic()
        with self.engine.connect() as connection:
            snapshot = read(_cursor(connection))
        self.apply(snapshot, read_from=started)
        return snapshot

    def apply(self, snapshot: Snapshot, *, read_from: float) -> Snapshot:
        """Take a snapshot read from ``read_from`` (monotonic) on, unless a newer
        one is known already; returns the one known before."""
        with self._guard:
            before = self._known
            if snapshot.generation >= before.generation or read_from >= self._known_at:
                self._known, self._known_at = snapshot, time.monotonic()
                self._guard.notify_all()
            return before

    def known(self) -> Snapshot:
        with self._guard:
            return self._known

    def wait_for(self, check: Callable[[Snapshot], bool], timeout: float) -> bool:
        """Until the known state satisfies ``check`` (tests); False after ``timeout``."""
        with self._guard:
            return self._guard.wait_for(lambda: check(self._known), timeout)

    # -- the owner's side ----------------------------------------------------------
    def enter(self, info: dict[str, Any], *, drain_s: float | None = None) -> bool:
        """Turn maintenance on — refused (``restore.busy``) while another live
        owner holds it — then wait (at most ``drain_s``) until every serving
        process has seen it and has no request running; False if some had not."""
        generation = self.update(info)
        drain_s = self.drain_s if drain_s is None else drain_s
        deadline = time.monotonic() + drain_s
        while True:
            try:
                with self.engine.connect() as connection:
                    cursor = _cursor(connection)
                    cursor.execute(_WAITING, {"live": LIVE_S, "generation": generation})
                    waiting = [name for (name,) in cursor.fetchall()]
            except SQLAlchemyError as exc:
                waiting = [f"(unknown: {exc})"]
            if not waiting:
                return True
            if time.monotonic() >= deadline:
                log.warning("maintenance: not drained after %ss: %s", drain_s, waiting)
                return False
            time.sleep(DRAIN_LOOK_S)

    def update(self, info: dict[str, Any]) -> int:
        """Set the state (``reason``, ``phase``, the rest as info), claiming the
        row if it is free or its owner is gone; refused (``restore.busy``) while
        another live owner holds it. Returns the new generation."""
        rest = {key: value for key, value in info.items() if key not in ("reason", "phase")}
        started = time.monotonic()
        with self.engine.begin() as connection:
            cursor = _cursor(connection)
            cursor.execute(
                _WRITE,
                {
                    "owner": self.owner,
                    "reason": str(info.get("reason") or "restore")[:40],
                    "phase": str(info.get("phase") or "")[:40],
                    "info": json.dumps(rest, ensure_ascii=False, default=str),
                    "stale": STALE_OWNER_S,
                },
            )
            claimed = cursor.fetchone()
            if claimed is None:
                raise DomainError("restore.busy", status=409)
            cursor.execute(_NOTIFY, {"channel": CHANNEL, "payload": str(claimed[0])})
            snapshot = read(cursor)
        self.apply(snapshot, read_from=started)
        self._start_beat()
        if self.wake is not None:
            self.wake()  # this process reports its own requests at once
        return int(claimed[0])

    def leave(self) -> None:
        """Maintenance off (if it is this process's)."""
        self._stop_beat()
        started = time.monotonic()
        try:
            with self.engine.begin() as connection:
                cursor = _cursor(connection)
                cursor.execute(_LEAVE, {"owner": self.owner})
                left = cursor.fetchone()
                if left is not None:
                    cursor.execute(_NOTIFY, {"channel": CHANNEL, "payload": str(left[0])})
                snapshot = read(cursor)
        except SQLAlchemyError:
            # our heartbeat has stopped: every process serves again within a minute
            log.exception("could not leave maintenance; it lapses in %ss", STALE_OWNER_S)
            return
        self.apply(snapshot, read_from=started)

    def carry_into(self, engine: Engine) -> None:
        """Write this process's maintenance into another database (the restored
        one, before the switch puts it in place of the live one): the state goes
        on after the switch."""
        with self._guard:
            known = self._known
        if known.owner != self.owner:
            return
        with engine.begin() as connection:
            _cursor(connection).execute(
                _CARRY,
                {
                    "owner": known.owner,
                    "reason": known.reason,
                    "phase": known.phase,
                    "info": json.dumps(known.info, ensure_ascii=False, default=str),
                    "generation": known.generation,
                },
            )

    def _start_beat(self) -> None:
        with self._guard:
            if self._beat_stop is not None:
                return
            self._beat_stop = stop = threading.Event()
        threading.Thread(
            target=self._beat, args=(stop,), name="maintenance-beat", daemon=True
        ).start()

    def _stop_beat(self) -> None:
        with self._guard:
            stop, self._beat_stop = self._beat_stop, None
        if stop is not None:
            stop.set()

    def _beat(self, stop: threading.Event) -> None:
        """Until leave(): the row's heartbeat (not while the databases are renamed)."""
        while not stop.wait(OWNER_BEAT_S):
            if self.switching():
                continue
            try:
                with self.engine.begin() as connection:
                    _cursor(connection).execute(_BEAT, {"owner": self.owner})
            except SQLAlchemyError as exc:
                log.warning("maintenance heartbeat failed: %s", exc)

    # -- the middleware's side -------------------------------------------------------
    def begin_request(self) -> bool:
        """Count a request in; False (and not counted) when in maintenance."""
        with self._guard:
            if self._known.active():
                return False
            self._busy += 1
            return True

    def end_request(self) -> None:
        with self._guard:
            self._busy -= 1
            waited_for = self._known.owner is not None
        if waited_for and self.wake is not None:
            self.wake()  # the drain may be waiting for this process

    def report(self) -> tuple[int, int]:
        """The generation seen and the requests running, read together: every
        request counted in after that generation was applied was refused."""
        with self._guard:
            return self._known.generation, self._busy
