"""Every server process's export worker: it writes the export jobs any process queued.

Two writer threads claim queued jobs (export_runs.claim) and write them, so a
process writes at most two exports at a time. They wake when a job is queued —
one listening thread holds its own connection that ``LISTEN``s on
export_jobs.CHANNEL and reconnects when it drops — and also look every
:data:`POLL_SECONDS` whatever they heard, so a lost notification (the listening
connection was down) only delays a job. The listening thread also keeps house
every :data:`POLL_SECONDS`: it renews the lease of the jobs this process writes,
fails the jobs of processes whose lease ran out, and (every
:data:`SWEEP_SECONDS`) removes files nobody fetched.

The threads start with the application and stop with it; a job being written
when the process stops goes back to the queue at its next batch.
"""

from __future__ import annotations

import collections
import logging
import os
import secrets
import select
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psycopg2
from psycopg2.extensions import connection as PgConnection
from sqlalchemy.exc import SQLAlchemyError

from server.clock import Clock
from server.db.listen import listening_connection
from server.db.uow import UnitOfWork
from server.services.exports import export_jobs, export_runs
from server.services.exports.export_jobs import CHANNEL
from server.services.exports.export_runs import BatchHold

log = logging.getLogger(__name__)

SLOTS = 2
POLL_SECONDS = 5.0
SWEEP_SECONDS = 60.0
RECONNECT_SECONDS = (1.0, 30.0)  # first wait after a failed connection, and the longest
STOP_SECONDS = 10.0
LISTEN_APPLICATION = "countersign-export-listen"
HEARD_KEPT = 1000  # the job ids last heard of (what wait_heard looks at)


def process_name() -> str:
    """Names this worker in the jobs it claims: host, process and a random part
    (two servers in one process, as in tests, are two workers)."""
    return f"{socket.gethostname()[:80]}:{os.getpid()}:{secrets.token_hex(4)}"


class ExportWorker:
    def __init__(
        self,
        uow: UnitOfWork,
        *,
        listen_url: str,
        data_dir: Path,
        clock: Clock,
        hold: Callable[[], BatchHold | None],
        slots: int = SLOTS,
    ) -> None:
        """``listen_url``: a libpq URL of the database (the LISTEN connection is
        the worker's own, outside the engine's pool); ``hold``: read at every
        batch (export_runs.BatchHold, None in production)."""
        self.uow, self.clock, self.name = uow, clock, process_name()
        self._listen_url, self._data_dir, self._hold, self._slots = (
            listen_url,
            data_dir,
            hold,
            slots,
        )
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._changed = threading.Condition()
        self._writing: set[uuid.UUID] = set()
        self._heard: collections.deque[str] = collections.deque(maxlen=HEARD_KEPT)
        self._threads: list[threading.Thread] = []
        self._interrupt: tuple[socket.socket, socket.socket] | None = None

    def start(self) -> None:
        """Start the threads (again after :meth:`stop`: a thread of the last run
        still finishing a job keeps that run's stop signal)."""
        if self._threads:
            return
        self._stopping = stopping = threading.Event()
        self._interrupt = socket.socketpair()
        self._tidy_scratch()
        self._threads = [
            threading.Thread(
                target=self._write_jobs, args=(stopping,), name=f"export-{n}", daemon=True
            )
            for n in range(self._slots)
        ]
        self._threads.append(
            threading.Thread(
                target=self._listen,
                args=(stopping, self._interrupt[0]),
                name="export-listen",
                daemon=True,
            )
        )
        for thread in self._threads:
            thread.start()
        log.info("export worker %s started", self.name)

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Stop the threads; a job being written goes back to the queue at its
        next batch (a held test job is let go by its test)."""
        self._stopping.set()
        self._wake.set()
        if self._interrupt is not None:
            self._interrupt[1].send(b"x")
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            # a job held at a batch (tests) or a long last step: the thread ends
            # by itself, and the job goes back to the queue at its next batch
            log.warning("export worker %s: a thread did not stop within %ss", self.name, timeout)
        elif self._interrupt is not None:
            for end in self._interrupt:
                end.close()
        self._interrupt = None
        self._threads = []

    def writing(self) -> frozenset[uuid.UUID]:
        """The jobs this worker is writing now."""
        with self._changed:
            return frozenset(self._writing)

    def wait_heard(self, job_id: uuid.UUID, timeout: float) -> bool:
        """True once the LISTEN connection has heard of ``job_id`` (False after ``timeout``)."""
        with self._changed:
            return self._changed.wait_for(lambda: str(job_id) in self._heard, timeout)

    def wait_not_writing(self, job_id: uuid.UUID, timeout: float) -> bool:
        """True once this worker is not writing ``job_id`` (False after ``timeout``)."""
        with self._changed:
            return self._changed.wait_for(lambda: job_id not in self._writing, timeout)

    # -- writer threads ---------------------------------------------------------

    def _write_jobs(self, stopping: threading.Event) -> None:
        trouble = _Trouble("claiming export jobs")
        while not stopping.is_set():
            try:
                job_id = export_runs.claim(self.uow, self.name)
                trouble.over()
            except Exception as exc:  # the database away: try again in a while
                trouble.seen(exc)
                job_id = None
            if job_id is None:
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                continue
            with self._changed:
                self._writing.add(job_id)
            try:
                export_runs.run(
                    self.uow,
                    job_id,
                    worker=self.name,
                    scratch=export_jobs.folder(self._data_dir),
                    clock=self.clock,
                    hold=self._hold,
                    stopping=stopping.is_set,
                )
            except Exception:  # run() ends its job itself; this is the database gone meanwhile
                log.exception("export %s: could not record how it ended", job_id)
            finally:
                with self._changed:
                    self._writing.discard(job_id)
                    self._changed.notify_all()

    # -- listening thread -------------------------------------------------------

    def _listen(self, stopping: threading.Event, interrupt: socket.socket) -> None:
        connection: PgConnection | None = None
        retry_at = next_tick = next_sweep = time.monotonic()
        backoff = RECONNECT_SECONDS[0]
        try:
            while not stopping.is_set():
                now = time.monotonic()
                if connection is None and now >= retry_at:
                    connection = self._connect()
                    if connection is None:
                        retry_at, backoff = now + backoff, min(backoff * 2, RECONNECT_SECONDS[1])
                    else:
                        backoff = RECONNECT_SECONDS[0]
                        self._wake.set()  # whatever was queued while nobody listened
                until = next_tick if connection is not None else min(next_tick, retry_at)
                watched: list[PgConnection | socket.socket] = [interrupt]
                if connection is not None:
                    watched.append(connection)
                readable, _, _ = select.select(watched, [], [], max(0.0, until - time.monotonic()))
                if connection is not None and connection in readable:
                    connection = self._hear(connection)
                now = time.monotonic()
                if now >= next_tick:
                    self._keep_house(sweep=now >= next_sweep)
                    next_tick = now + POLL_SECONDS
                    if now >= next_sweep:
                        next_sweep = now + SWEEP_SECONDS
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> PgConnection | None:
        try:
            connection = listening_connection(
                self._listen_url, CHANNEL, application_name=LISTEN_APPLICATION
            )
        except psycopg2.Error as exc:
            log.warning(
                "export worker cannot listen for jobs (%s); looking every %ss", exc, POLL_SECONDS
            )
            return None
        log.info("export worker %s listening on %s", self.name, CHANNEL)
        return connection

    def _hear(self, connection: PgConnection) -> PgConnection | None:
        """Take what arrived; None when the connection broke (the caller reconnects)."""
        try:
            connection.poll()
        except (psycopg2.Error, OSError) as exc:
            log.warning("export worker lost its LISTEN connection (%s); reconnecting", exc)
            connection.close()
            return None
        if connection.notifies:
            with self._changed:
                self._heard.extend(note.payload for note in connection.notifies)
                self._changed.notify_all()
            connection.notifies.clear()
            self._wake.set()
        return connection

    def _keep_house(self, *, sweep: bool) -> None:
        try:
            export_runs.heartbeat(self.uow, self.name, self.writing())
            if export_runs.recover(self.uow, self.clock.now()):
                self._wake.set()  # a place for another job of their owners
            if sweep:
                export_runs.sweep(self.uow, self.clock.now())
        except SQLAlchemyError as exc:
            log.warning("export housekeeping failed: %s", exc)
        except Exception:
            log.exception("export housekeeping failed")

    def _tidy_scratch(self) -> None:
        """Workbooks of the old layout (DATA_DIR/exports/<job id>.xlsx: nobody can
        fetch them now) and scratch files a killed process left a day ago go."""
        folder = export_jobs.folder(self._data_dir)
        old_enough = time.time() - export_runs.KEEP_FILES.total_seconds()
        for path in folder.iterdir():
            try:
                if _is_job_id(path.name.removesuffix(".xlsx")) or (
                    path.name.endswith(".part") and path.stat().st_mtime < old_enough
                ):
                    path.unlink(missing_ok=True)
            except OSError:  # another process on this data directory took it first
                continue


def _is_job_id(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class _Trouble:
    """Logs a failure once when it starts and once when it is over (the loops
    retry every few seconds; the log should not)."""

    def __init__(self, what: str) -> None:
        self.what, self.failing = what, False

    def seen(self, exc: Exception) -> None:
        if not self.failing:
            log.warning("export worker: %s failed (%s); retrying", self.what, exc)
        self.failing = True

    def over(self) -> None:
        if self.failing:
            log.info("export worker: %s works again", self.what)
        self.failing = False
