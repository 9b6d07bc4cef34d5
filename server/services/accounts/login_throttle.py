"""Per-address throttling of login attempts, counted in the database so that
every server process (and host) behind a load balancer counts the same
attempts: a client cannot get N × the limit by being spread over N processes.

The count runs in a short transaction of its own, committed whatever the login
then does (a refused login rolls its request back, but its attempt counts).
Attempts of one address are counted under an advisory lock on that address,
so two parallel requests cannot both take the last attempt; the database's
clock decides the window, so hosts with drifting clocks agree.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from common.errors import DomainError
from server.db.models import LoginAttempt
from server.db.uow import UnitOfWork

WINDOW = dt.timedelta(minutes=1)
LOCK_SPACE = 21_001  # pg_advisory_xact_lock(LOCK_SPACE, hashtext(address))
SWEEP_BATCH = 500


def check(uow: UnitOfWork, address: str, per_minute: int) -> None:
    """Count one attempt from ``address``; refuse it (429 ``auth.throttled``
    with the seconds to wait) past ``per_minute`` in the last minute."""
    with uow.transaction() as session:
        now = session.execute(
            select(
                func.clock_timestamp(),
                func.pg_advisory_xact_lock(LOCK_SPACE, func.hashtext(address)),
            )
        ).scalar_one()
        since = now - WINDOW
        _sweep(session, since)
        count, oldest = session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                LoginAttempt.address == address, LoginAttempt.at > since
            )
        ).one()
        if count >= per_minute:
            wait = int((oldest - since).total_seconds()) + 1
            raise DomainError("auth.throttled", status=429, seconds=wait)
        session.execute(insert(LoginAttempt).values(address=address, at=now))


def _sweep(session: Session, since: dt.datetime) -> None:
    """Forget attempts older than the window, a batch at a time, skipping rows
    another process is forgetting this instant (no waiting, no deadlock)."""
    old = (
        select(LoginAttempt.id)
        .where(LoginAttempt.at <= since)
        .limit(SWEEP_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(LoginAttempt).where(LoginAttempt.id.in_(old.scalar_subquery())))
