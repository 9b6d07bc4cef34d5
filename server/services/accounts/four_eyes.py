"""Four eyes on administration (双人复核, DOMAIN.md "Administration console").

Some administrative acts — reopening a period today; granting the administrator
or auditor role, resetting a second factor and restoring a database as they
arrive — take effect only when a second administrator approves them. This module
keeps the request and its decision; the act itself is carried out by the caller
(server/services/admin/admin_request_actions.py) in the approving transaction, so an
approval and its effect commit together. Requests, approvals, refusals and
withdrawals are each in the operation log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.schemas.admin_requests import AdminRequestOut, RequestState
from server.db.models import AdminRequest, User
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.params import admin_parameters


def required(session: Session) -> bool:
    """Whether a second administrator must approve (a parameter, on by default)."""
    return admin_parameters(session).four_eyes


def pending(session: Session, action: str, target: str) -> AdminRequest | None:
    return session.scalars(
        select(AdminRequest).where(
            AdminRequest.action == action,
            AdminRequest.target == target,
            AdminRequest.state == RequestState.PENDING.value,
        )
    ).one_or_none()


def submit(
    session: Session,
    auth: Authenticated,
    action: str,
    target: str,
    reason: str,
    *,
    origin: audit.Origin,
    now: dt.datetime,
    payload: dict[str, Any] | None = None,
) -> AdminRequest:
    waiting = pending(session, action, target)
    if waiting is not None:
        raise DomainError("admin_request.pending_exists", status=409, id=waiting.id)
    request = AdminRequest(
        action=action,
        target=target,
        reason=reason,
        payload=payload or {},
        requested_by=auth.user.id,
        requested_at=now,
    )
    session.add(request)
    session.flush()
    _log(session, auth, "admin_request.submitted", request, origin=origin, now=now)
    return request


def _locked(session: Session, request_id: int) -> AdminRequest:
    request = session.scalars(
        select(AdminRequest).where(AdminRequest.id == request_id).with_for_update()
    ).one_or_none()
    if request is None:
        raise DomainError("admin_request.not_found", status=404, id=request_id)
    if request.state != RequestState.PENDING.value:
        raise DomainError("admin_request.decided", status=409, id=request_id)
    return request


def decide(
    session: Session,
    auth: Authenticated,
    request_id: int,
    *,
    approve: bool,
    note: str,
    origin: audit.Origin,
    now: dt.datetime,
) -> AdminRequest:
    """Approve or refuse a pending request; never the requester's own. A refusal
    needs a note saying why."""
    request = _locked(session, request_id)
    if request.requested_by == auth.user.id:
        raise DomainError("admin_request.own", status=403, id=request_id)
    note = note.strip()
    if not approve and len(note) < 2:
        raise DomainError("admin_request.note_required", status=422, field="note")
    request.state = (RequestState.APPROVED if approve else RequestState.REFUSED).value
    request.decided_by, request.decided_at, request.decision_note = auth.user.id, now, note or None
    session.flush()
    action = "admin_request.approved" if approve else "admin_request.refused"
    _log(session, auth, action, request, origin=origin, now=now)
    return request


def withdraw(
    session: Session,
    auth: Authenticated,
    request_id: int,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> AdminRequest:
    request = _locked(session, request_id)
    if request.requested_by != auth.user.id:
        raise DomainError("admin_request.not_requester", status=403, id=request_id)
    request.state = RequestState.WITHDRAWN.value
    request.decided_by, request.decided_at = auth.user.id, now
    session.flush()
    _log(session, auth, "admin_request.withdrawn", request, origin=origin, now=now)
    return request


def listing(session: Session, state: RequestState | None) -> list[AdminRequestOut]:
    query = select(AdminRequest).order_by(AdminRequest.id.desc()).limit(500)
    if state is not None:
        query = query.where(AdminRequest.state == state.value)
    return [out(session, request) for request in session.scalars(query)]


def out(session: Session, request: AdminRequest) -> AdminRequestOut:
    def name(user_id: int | None) -> str | None:
        user = session.get(User, user_id) if user_id else None
        return user.display_name if user else None

    return AdminRequestOut(
        id=request.id,
        action=request.action,
        target=request.target,
        reason=request.reason,
        state=RequestState(request.state),
        requested_by=name(request.requested_by) or "",
        requested_by_id=request.requested_by,
        requested_at=request.requested_at,
        decided_by=name(request.decided_by),
        decided_at=request.decided_at,
        decision_note=request.decision_note,
        payload=dict(request.payload or {}),
    )


def _log(
    session: Session,
    auth: Authenticated,
    action: str,
    request: AdminRequest,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    audit.record(
        session,
        auth.actor,
        action,
        origin=origin,
        at=now,
        target_type="admin_request",
        target_id=request.id,
        after={
            "action": request.action,
            "target": request.target,
            "reason": request.reason,
            "note": request.decision_note,
        }
        # what was asked (a grant's roles and scope), kept with the request's record
        | ({"payload": request.payload} if request.payload else {}),
    )
