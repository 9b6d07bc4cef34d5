"""The unit of work: one transaction per request, owned at the boundary (rule 4).

Services receive the open session and never commit; the boundary commits when the
request's work returned normally and rolls back on any exception — except a
DomainError raised with ``commit=True`` (a refused login whose failure must count).

A read-only transaction (``BEGIN READ ONLY``, psycopg2's ``readonly``) is what a
GET request gets (server/api/read_only.py): PostgreSQL refuses any write in it
(25006), so a read that writes by mistake fails in the tests instead of writing.
:meth:`UnitOfWork.reading` is a read-only transaction on the read replica when
one is configured (``database_url_replica``), else on the primary.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.errors import DomainError

READ_ONLY = "read_only"  # Session.info key: the session's transaction is READ ONLY


def _read_only(engine: Engine) -> Engine:
    """The same pool, each transaction begun READ ONLY (reset when the connection
    goes back to the pool)."""
    return engine.execution_options(postgresql_readonly=True)


class UnitOfWork:
    def __init__(self, engine: Engine, *, replica: Engine | None = None) -> None:
        self.engine = engine
        self.replica = replica
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            _read_only(engine), expire_on_commit=False, info={READ_ONLY: True}
        )
        self._replica_sessions = (
            sessionmaker(_read_only(replica), expire_on_commit=False, info={READ_ONLY: True})
            if replica is not None
            else self._read_sessions
        )

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """A session inside BEGIN … COMMIT (ROLLBACK on error) on the primary;
        ``read_only``: BEGIN READ ONLY."""
        with _run(self._read_sessions() if read_only else self._sessions()) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction on the replica, or on the primary without one.
        Only for reads that need not see a write the caller has just made: a
        streaming standby replays the primary's changes a moment later."""
        with _run(self._replica_sessions()) as session:
            yield session


@contextmanager
def _run(session: Session) -> Iterator[Session]:
    try:
        yield session
        session.commit()
    except DomainError as exc:
        if exc.commit:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def is_read_only(session: Session) -> bool:
    return bool(session.info.get(READ_ONLY))
