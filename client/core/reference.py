"""Reference data for the entry screens, fetched once per login in the background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject, Signal

from client.api import ApiClient
from client.core.ops import QueryOp
from common.enums import ItemKind
from common.schemas.reference import ReferenceOut


@dataclass(frozen=True)
class PickEntry:
    id: int
    code: str
    name: str
    usable: bool = True

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


class ReferenceCache(QObject):
    loaded = Signal()
    failed = Signal(object)  # Exception

    def __init__(self, api: Callable[[], ApiClient | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.data: ReferenceOut | None = None

    def load(self) -> None:
        api = self._api()
        if api is None:
            return
        QueryOp(
            parent=self, op=api.documents.reference, success=self._got, failure=self.failed.emit
        ).run()

    def _got(self, data: ReferenceOut) -> None:
        self.data = data
        self.loaded.emit()

    @property
    def double_entry_threshold(self) -> Decimal:
        if self.data is None:
            return Decimal("100000.00")  # DOMAIN.md's default until the server's is known
        return self.data.double_entry_threshold

    def accounts(self) -> list[PickEntry]:
        if self.data is None:
            return []
        return [PickEntry(a.id, a.code, a.name, a.usable) for a in self.data.accounts]

    def items(self, kind: ItemKind) -> list[PickEntry]:
        if self.data is None:
            return []
        return [
            PickEntry(i.id, i.code, i.name, i.usable) for i in self.data.items if i.kind is kind
        ]

    def unit_name(self, unit_id: int) -> str:
        """A unit as lists show it (its name; the code until the data is in)."""
        if self.data is not None:
            for unit in self.data.units:
                if unit.id == unit_id:
                    return unit.name
        return f"#{unit_id}"

    def units(self, allowed: set[int] | None = None) -> list[PickEntry]:
        """Units to enter for: the user's scope (and the subtrees below it)."""
        if self.data is None:
            return []
        units = self.data.units
        if allowed is not None:
            children: dict[int | None, list[int]] = {}
            for unit in units:
                children.setdefault(unit.parent_id, []).append(unit.id)
            scope, stack = set(), list(allowed)
            while stack:
                unit_id = stack.pop()
                if unit_id not in scope:
                    scope.add(unit_id)
                    stack.extend(children.get(unit_id, []))
            units = [u for u in units if u.id in scope]
        return [PickEntry(u.id, u.code, u.name, u.is_active) for u in units]
