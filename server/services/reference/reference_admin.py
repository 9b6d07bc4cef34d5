"""The administrator's reference data editors (基础数据): budget units, budget items,
accounts and posting rules — list, add, change (rename, deactivate, activate).

Nothing is ever deleted: documents and vouchers keep pointing at what they used,
so a code that is no longer wanted is deactivated (停用) and history stays valid.
Every change is checked (server.services.reference.reference_plan) against the data as it
will be, written under one lock for all reference data (so two administrators'
changes are checked one after the other), and recorded in the operation log
with its before and after, in the same transaction. Clients read the result at
their next GET /reference (the workbench at each login); the server checks
every code again when a document is saved, so a stale list cannot slip an
inactive code through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.reference_admin import ACTIVE, COLUMNS, RefKind
from common.schemas.reference_admin import RefListOut, RefRowIn, RefRowOut
from server.db.models import Account, BudgetItem, BudgetUnit, PostingRule
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.reference.reference_plan import Change, Plan, make_plan, parent_key
from server.services.reference.reference_rules import Entry, Snapshot, load

_LOCK = 0x52454644  # "REFD": one writer of reference data at a time


def lock(session: Session) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK})


def row_out(kind: RefKind, key: str, entry: Entry) -> RefRowOut:
    assert entry.id is not None
    shown = {c.key: entry.values.get(c.key, "") for c in COLUMNS[kind]}
    return RefRowOut(id=entry.id, key=key, values=shown, is_active=entry.active)


def rows(session: Session, kind: RefKind) -> RefListOut:
    snapshot = load(session)
    return RefListOut(
        kind=kind,
        rows=[row_out(kind, key, entry) for key, entry in snapshot.rows[kind].items()],
    )


def refuse(plan: Plan) -> None:
    """The first problem of a one-row change, as the error of the request."""
    if plan.problems:
        first = plan.problems[0]
        params: dict[str, Any] = dict(first.params)
        raise DomainError(first.code, status=422, **params)


def create(
    session: Session,
    auth: Authenticated,
    kind: RefKind,
    body: RefRowIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> RefRowOut:
    lock(session)
    snapshot = load(session)
    plan = make_plan(snapshot, kind, [(1, dict(body.values))], mode="add")
    refuse(plan)
    [change] = plan.changes
    return apply(session, auth, snapshot, plan, origin=origin, now=now)[change.key]


def update(
    session: Session,
    auth: Authenticated,
    kind: RefKind,
    row_id: int,
    body: RefRowIn,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> RefRowOut:
    lock(session)
    snapshot = load(session)
    found = snapshot.by_id(kind, row_id)
    if found is None:
        raise DomainError("refdata.not_found", status=404, id=row_id)
    key, entry = found
    plan = make_plan(snapshot, kind, [(1, dict(body.values))], mode="change", target=key)
    refuse(plan)
    if not plan.changes:
        return row_out(kind, key, entry)  # nothing to change, nothing to log
    return apply(session, auth, snapshot, plan, origin=origin, now=now)[key]


def _depth(change: Change, kind: RefKind, keys: dict[str, dict[str, str]]) -> int:
    """Parents before children: code length for items and accounts, the chain of
    parents for units (a new unit may hang under another new one)."""
    if kind is not RefKind.UNITS:
        return len(change.after.get("code", ""))
    depth, parent = 0, change.after.get("parent_code") or None
    while parent is not None and parent in keys and depth < 100:
        depth, parent = depth + 1, keys[parent].get("parent_code") or None
    return depth


def apply(
    session: Session,
    auth: Authenticated,
    snapshot: Snapshot,
    plan: Plan,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> dict[str, RefRowOut]:
    """Write a plan without problems; each row's change in the operation log."""
    assert not plan.problems
    kind = plan.kind
    after_of = {c.key: c.after for c in plan.changes}
    ordered = sorted(plan.changes, key=lambda c: _depth(c, kind, after_of))
    ids: dict[str, int] = {
        key: entry.id for key, entry in snapshot.rows[kind].items() if entry.id is not None
    }
    accounts = {
        key: entry.id
        for key, entry in snapshot.rows[RefKind.ACCOUNTS].items()
        if entry.id is not None
    }
    written: dict[str, RefRowOut] = {}
    for change in ordered:
        row_id = _write(session, kind, change, ids, accounts)
        ids[change.key] = row_id
        out = row_out(kind, change.key, Entry(row_id, change.after))
        written[change.key] = out
        before = None if change.old is None else _logged(kind, change.old.values)
        audit.record(
            session,
            auth.actor,
            "reference.created" if change.old is None else "reference.changed",
            origin=origin,
            at=now,
            target_type=kind.value,
            target_id=row_id,
            before=before,
            after=_logged(kind, change.after),
        )
    return written


def _logged(kind: RefKind, values: dict[str, str]) -> dict[str, Any]:
    return {c.key: values.get(c.key, "") for c in COLUMNS[kind] if not c.read_only}


def _write(
    session: Session,
    kind: RefKind,
    change: Change,
    ids: dict[str, int],
    accounts: dict[str, int],
) -> int:
    v = change.after
    old_id = change.old.id if change.old is not None else None
    if kind is RefKind.MAPPINGS:
        rule = session.get(PostingRule, old_id) if old_id is not None else None
        if rule is None:
            rule = PostingRule(
                document_kind=v["document_kind"],
                item_prefix=v["item_prefix"],
                payment_method=v["payment_method"],
            )
            session.add(rule)
        rule.debit_account_id = accounts[v["debit_account"]]
        rule.credit_account_id = accounts[v["credit_account"]]
        rule.is_active = v["status"] == ACTIVE
        session.flush()
        return int(rule.id)
    parent = parent_key(kind, v)
    parent_id = ids[parent] if parent is not None else None
    row: BudgetUnit | BudgetItem | Account | None
    if kind is RefKind.UNITS:
        row = session.get(BudgetUnit, old_id) if old_id is not None else None
        if row is None:
            row = BudgetUnit(code=v["code"], parent_id=parent_id)
    elif kind is RefKind.ITEMS:
        row = session.get(BudgetItem, old_id) if old_id is not None else None
        if row is None:
            row = BudgetItem(kind=v["item_kind"], code=v["code"], parent_id=parent_id)
    else:
        account = session.get(Account, old_id) if old_id is not None else None
        if account is None:
            account = Account(code=v["code"], parent_id=parent_id)
        account.normal_side = v["normal_side"]
        row = account
    if row.id is None:
        session.add(row)
    row.name = v["name"]
    row.is_active = v["status"] == ACTIVE
    session.flush()
    return int(row.id)
