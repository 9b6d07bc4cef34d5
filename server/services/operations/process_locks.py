"""Work that exactly one server process may do at a time, whichever process
and host it is: PostgreSQL session-level advisory locks, each held on a
connection of its own. When the holding process dies, PostgreSQL ends its
session and the lock is free for the next process that asks — the take-over
needs no heartbeat of ours."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

SPACE = 21_002  # first key of pg_try_advisory_lock(SPACE, key)
BACKUP_RUN = 1  # a backup or restore is running
BACKUP_SCHEDULE = 2  # this process checks whether the nightly backup is due


class HeldLock:
    """One advisory lock, taken without waiting and kept until released."""

    def __init__(self, engine: Engine, key: int) -> None:
        self._engine = engine
        self.key = key
        self._connection: Connection | None = None
        self._guard = threading.Lock()

    def try_take(self) -> bool:
        """Take the lock if nobody has it; True if this process holds it now."""
        with self._guard:
            if self._alive():
                return True
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                got = connection.execute(
                    text("SELECT pg_try_advisory_lock(:space, :key)"),
                    {"space": SPACE, "key": self.key},
                ).scalar_one()
            except BaseException:
                connection.close()
                raise
            if not got:
                connection.close()
                return False
            self._connection = connection
            return True

    def holding(self) -> bool:
        """Whether this process still holds it (a connection the database ended,
        e.g. by a restart or a restore's switch, lost it)."""
        with self._guard:
            return self._alive()

    def release(self) -> None:
        with self._guard:
            if self._connection is not None:
                try:
                    self._connection.execute(
                        text("SELECT pg_advisory_unlock(:space, :key)"),
                        {"space": SPACE, "key": self.key},
                    )
                except DBAPIError:
                    pass  # the session is gone, and the lock with it
                finally:
                    self._connection.close()
                    self._connection = None

    def _alive(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute(text("SELECT 1"))
            return True
        except DBAPIError:
            log.warning("lost the connection holding advisory lock %s", self.key)
            self._connection.invalidate()
            self._connection.close()
            self._connection = None
            return False


def held_by_anyone(connection: Connection, key: int) -> bool:
    """Whether some session of this database holds the lock (pg_locks is
    readable by every role)."""
    return bool(
        connection.execute(
            text(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
                "AND granted AND database = (SELECT oid FROM pg_database "
                "WHERE datname = current_database()) "
                "AND classid = :space AND objid = :key AND objsubid = 2)"
            ),
            {"space": SPACE, "key": key},
        ).scalar_one()
    )
