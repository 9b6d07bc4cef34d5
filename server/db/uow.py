"""The unit of work: one transaction per request, owned at the boundary (rule 4).

Services receive the open session and never commit; the boundary commits when the
request's work returned normally and rolls back on any exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside BEGIN … COMMIT (ROLLBACK on error)."""
        with self._sessions.begin() as session:
            yield session
