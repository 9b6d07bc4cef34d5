"""Reference data as the client's code pickers need it (DOMAIN.md "Reference data")."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from common.enums import ItemKind, NormalSide
from common.schemas.admin import UnitOut
from common.schemas.base import Schema


class AccountOut(Schema):
    id: int
    code: str
    name: str
    parent_id: int | None
    normal_side: NormalSide
    is_active: bool
    is_leaf: bool

    @property
    def usable(self) -> bool:
        """Only active leaf accounts take entries."""
        return self.is_active and self.is_leaf


class BudgetItemOut(Schema):
    id: int
    kind: ItemKind
    code: str
    name: str
    parent_id: int | None
    is_active: bool
    is_leaf: bool

    @property
    def usable(self) -> bool:
        return self.is_active and self.is_leaf


class ReferenceOut(Schema):
    accounts: list[AccountOut]
    items: list[BudgetItemOut]
    units: list[UnitOut]
    double_entry_threshold: Decimal = Field(
        description="Amounts at or above it are typed twice before submission (二次核对)."
    )
