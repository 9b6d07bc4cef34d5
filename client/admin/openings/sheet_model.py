"""The opening-balance sheet on screen: every usable (active, leaf) account, its
debit and credit editable, and the totals of each group of accounts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.money import MoneyError, format_money, to_money
from common.schemas.openings import OpeningRowIn, account_group
from common.schemas.reference import AccountOut

_Index = QModelIndex | QPersistentModelIndex
ZERO = Decimal("0.00")
EDITABLE = ("debit", "credit")


@dataclass(frozen=True)
class SheetRow:
    code: str
    name: str
    normal_side: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO


class SheetModel(RowsModel[SheetRow]):
    COLUMNS = ("code", "name", "side", "debit", "credit")
    edited = Signal()
    refused = Signal(str)  # an amount that is not one, as the user typed it

    def __init__(self) -> None:
        super().__init__()
        self.read_only = False

    def titles(self) -> dict[str, str]:
        return {
            "code": self.tr("科目编码"),
            "name": self.tr("科目名称"),
            "side": self.tr("余额方向"),
            "debit": self.tr("借方余额"),
            "credit": self.tr("贷方余额"),
        }

    def text(self, row: SheetRow, column: str) -> str:
        if column == "side":
            return self.tr("借") if row.normal_side == "debit" else self.tr("贷")
        if column in EDITABLE:
            amount: Decimal = getattr(row, column)
            return format_money(amount) if amount else ""
        return str(getattr(row, column))

    def colour(self, row: SheetRow, column: str) -> QColor | None:
        return look.ERROR if row.debit and row.credit and column in EDITABLE else None

    def sort_key(self, row: SheetRow, column: str) -> object | None:
        return getattr(row, column) if column in EDITABLE else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        found = super().flags(index)
        if not self.read_only and self.COLUMNS[index.column()] in EDITABLE:
            return found | Qt.ItemFlag.ItemIsEditable
        return found

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        column = self.COLUMNS[index.column()] if index.isValid() else ""
        if role == Qt.ItemDataRole.EditRole and column in EDITABLE:
            amount: Decimal = getattr(self.rows[index.row()], column)
            return str(amount) if amount else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in EDITABLE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return super().data(index, role)

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        column = self.COLUMNS[index.column()]
        if role != Qt.ItemDataRole.EditRole or column not in EDITABLE:
            return False
        typed = str(value).strip().replace(",", "")
        try:
            amount = to_money(typed) if typed else ZERO
        except MoneyError:
            self.refused.emit(str(value))
            return False
        if amount < 0:
            self.refused.emit(str(value))
            return False
        row = self.rows[index.row()]
        self.rows[index.row()] = (
            replace(row, debit=amount) if column == "debit" else replace(row, credit=amount)
        )
        self.dataChanged.emit(self.index(index.row(), 3), self.index(index.row(), 4))
        self.edited.emit()
        return True

    def load(self, accounts: list[AccountOut], amounts: dict[str, tuple[Decimal, Decimal]]) -> None:
        """Every usable account, plus any account with an amount (so nothing saved
        is hidden even if the account was since closed)."""
        rows = [
            SheetRow(a.code, a.name, a.normal_side.value, *amounts.get(a.code, (ZERO, ZERO)))
            for a in accounts
            if a.usable or a.code in amounts
        ]
        self.set_rows(sorted(rows, key=lambda r: r.code))

    def fill(self, amounts: dict[str, tuple[Decimal, Decimal]]) -> None:
        """Replace every amount (an imported file says the whole sheet)."""
        self.set_rows(
            [
                replace(
                    r,
                    debit=amounts.get(r.code, (ZERO, ZERO))[0],
                    credit=amounts.get(r.code, (ZERO, ZERO))[1],
                )
                for r in self.rows
            ]
        )
        self.edited.emit()

    def entered(self) -> list[OpeningRowIn]:
        return [
            OpeningRowIn(account_code=r.code, debit=r.debit, credit=r.credit)
            for r in self.rows
            if r.debit or r.credit
        ]

    def totals(self) -> dict[str, tuple[Decimal, Decimal]]:
        sums = {"financial": (ZERO, ZERO), "budget": (ZERO, ZERO)}
        for r in self.rows:
            debit, credit = sums[account_group(r.code)]
            sums[account_group(r.code)] = (debit + r.debit, credit + r.credit)
        return sums
