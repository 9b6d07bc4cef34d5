"""The unit of work: one transaction per request, owned at the boundary (rule 4).

Services receive the open session and never commit; the boundary commits when the
request's work returned normally and rolls back on any exception — except a
DomainError raised with ``commit=True`` (a refused login whose failure must count).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from common.errors import DomainError


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside BEGIN … COMMIT (ROLLBACK on error)."""
        session = self._sessions()
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
