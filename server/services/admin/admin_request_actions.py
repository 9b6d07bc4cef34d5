"""What each four-eyes request does once a second administrator approves it.

Kept apart from four_eyes.py so that the request bookkeeping knows nothing of
periods, roles, parameters or restores, and those know nothing of each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.schemas.admin_requests import AdminRequestOut
from common.schemas.restores import RESTORE_PLAN
from server.db.models import AdminRequest
from server.services.accounts import four_eyes, guarded_access
from server.services.accounts.sessions import Authenticated
from server.services.accounts.users import lock_user
from server.services.core import audit
from server.services.ledger import period_close
from server.services.operations import system_parameters

# A carry-out may answer with an account's new initial password (privileged
# credentials come from the approver, guarded_access.py): shown once, in the
# approval's answer, never stored.
CarryOut = Callable[..., str | None]


def _restore_after_commit(*_: object, **__: object) -> None:
    """A restore cannot run inside the approving transaction: the approval route
    hands the plan to the backup runner (server/services/operations/backup_runs.py), which
    waits for that transaction to end before it reads the plan again."""


def _lock_account_first(session: Session, target: str) -> None:
    """The account a grant or reset acts on is locked before the approval is
    written to the operation log: logins hold the account's row while they write
    to the log, so taking the log's lock first could deadlock with one."""
    if target.isdigit():
        lock_user(session, int(target))


def _lock_parameters_first(session: Session, _target: str) -> None:
    """A parameter change takes the parameters' lock before it writes to the log,
    as PUT /admin/parameters does: the other order deadlocked with a save."""
    system_parameters.lock(session)


# What each act locks before four_eyes.decide writes the approval to the log.
PRE_LOCK: dict[str, Callable[[Session, str], None]] = {
    guarded_access.GRANT: _lock_account_first,
    guarded_access.RESET_SECOND_FACTOR: _lock_account_first,
    system_parameters.CHANGE: _lock_parameters_first,
}


def _lock_first(session: Session, request_id: int) -> None:
    """The act's own lock, taken before the log's (columns only: the request
    itself is read under its own lock by four_eyes.decide)."""
    found = session.execute(
        select(AdminRequest.action, AdminRequest.target).where(AdminRequest.id == request_id)
    ).first()
    if found is not None and found.action in PRE_LOCK:
        PRE_LOCK[found.action](session, found.target)


CARRY_OUT: dict[str, CarryOut] = {
    period_close.REOPEN: period_close.carry_out_reopen,
    RESTORE_PLAN: _restore_after_commit,
    guarded_access.GRANT: guarded_access.carry_out_grant,
    guarded_access.RESET_SECOND_FACTOR: guarded_access.carry_out_reset,
    system_parameters.CHANGE: system_parameters.carry_out_change,
}


def approve(
    session: Session,
    auth: Authenticated,
    request_id: int,
    note: str,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AdminRequestOut:
    """Approve and carry out in one transaction: if the act is refused (the month
    can no longer be reopened, say) the approval is not recorded either."""
    _lock_first(session, request_id)
    request: AdminRequest = four_eyes.decide(
        session, auth, request_id, approve=True, note=note, origin=origin, now=now
    )
    password = CARRY_OUT[request.action](session, auth, request, origin=origin, now=now)
    return four_eyes.out(session, request).model_copy(update={"initial_password": password})
