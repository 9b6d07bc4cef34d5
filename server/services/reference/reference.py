"""Reference data: lists for the pickers, and the checks every entry must pass.

Only codes that exist, are active and are leaves can be used in an entry.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from common.enums import ItemKind, NormalSide
from common.errors import DomainError
from common.schemas.reference import AccountOut, BudgetItemOut, ReferenceOut
from server.db.models import Account, BudgetItem, BudgetUnit
from server.services.accounts.accounts import list_units
from server.services.core.params import document_parameters


def reference_data(session: Session) -> ReferenceOut:
    child_account = aliased(Account)
    has_children = exists().where(child_account.parent_id == Account.id)
    accounts = [
        AccountOut(
            id=a.id,
            code=a.code,
            name=a.name,
            parent_id=a.parent_id,
            normal_side=NormalSide(a.normal_side),
            is_active=a.is_active,
            is_leaf=not parent,
        )
        for a, parent in session.execute(select(Account, has_children).order_by(Account.code))
    ]
    child_item = aliased(BudgetItem)
    item_has_children = exists().where(child_item.parent_id == BudgetItem.id)
    items = [
        BudgetItemOut(
            id=i.id,
            kind=ItemKind(i.kind),
            code=i.code,
            name=i.name,
            parent_id=i.parent_id,
            is_active=i.is_active,
            is_leaf=not parent,
        )
        for i, parent in session.execute(
            select(BudgetItem, item_has_children).order_by(BudgetItem.kind, BudgetItem.code)
        )
    ]
    return ReferenceOut(
        accounts=accounts,
        items=items,
        units=list_units(session),
        double_entry_threshold=document_parameters(session).double_entry_threshold,
    )


def _refuse_unusable(
    row: Account | BudgetItem | None, has_children: bool, row_id: int, field: str
) -> None:
    if row is None:
        raise DomainError("reference.unknown", status=422, field=field, id=row_id)
    if not row.is_active:
        raise DomainError(
            "reference.inactive", status=422, field=field, code=row.code, name=row.name
        )
    if has_children:
        raise DomainError(
            "reference.not_leaf", status=422, field=field, code=row.code, name=row.name
        )


def usable_accounts(session: Session, wanted: list[tuple[str, int]]) -> dict[int, Account]:
    """Check every (field, account id) in one query; the first unusable one is refused."""
    child = aliased(Account)
    has_children = exists().where(child.parent_id == Account.id)
    ids = {account_id for _, account_id in wanted}
    found = {
        account.id: (account, bool(parent))
        for account, parent in session.execute(
            select(Account, has_children).where(Account.id.in_(ids))
        )
    }
    for field, account_id in wanted:
        account, parent = found.get(account_id, (None, False))
        _refuse_unusable(account, parent, account_id, field)
    return {account_id: account for account_id, (account, _) in found.items()}


def usable_unit(session: Session, unit_id: int) -> BudgetUnit:
    """A document's unit must be active: one deactivated keeps its old documents,
    but takes no new ones (DOMAIN.md: only active codes can be used)."""
    unit = session.get(BudgetUnit, unit_id)
    if unit is None:
        raise DomainError("reference.unknown", status=422, field="unit_id", id=unit_id)
    if not unit.is_active:
        raise DomainError(
            "reference.inactive", status=422, field="unit_id", code=unit.code, name=unit.name
        )
    return unit


def usable_item(session: Session, item_id: int, kind: ItemKind, *, field: str) -> BudgetItem:
    item = session.get(BudgetItem, item_id)
    if item is not None and item.kind != kind.value:
        item = None  # an economic item offered as a functional one does not exist there
    child = session.scalar(select(BudgetItem.id).where(BudgetItem.parent_id == item_id).limit(1))
    _refuse_unusable(item, child is not None, item_id, field)
    assert item is not None
    return item
