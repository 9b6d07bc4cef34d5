"""A statement layout on screen: its lines in order, every cell editable, rows
added, removed and moved; the server checks the whole layout when it is saved."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from client.widgets.rows_model import RowsModel
from common.schemas.statements import LayoutIn, LayoutLineIn, LayoutLineOut

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LayoutRow:
    code: str
    label: str
    label_en: str = ""
    indent: int = 0
    side: str = "debit"
    accounts: str = ""
    total_of: str = ""


SIDES = ("debit", "credit")


class LayoutModel(RowsModel[LayoutRow]):
    COLUMNS = ("code", "label", "label_en", "indent", "side", "accounts", "total_of")

    def titles(self) -> dict[str, str]:
        return {
            "code": self.tr("行代码"),
            "label": self.tr("项目"),
            "label_en": self.tr("项目(英文)"),
            "indent": self.tr("缩进"),
            "side": self.tr("方向"),
            "accounts": self.tr("取数科目"),
            "total_of": self.tr("合计的行"),
        }

    def text(self, row: LayoutRow, column: str) -> str:
        if column == "side":
            return self.tr("借") if row.side == "debit" else self.tr("贷")
        return str(getattr(row, column))

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.EditRole and index.isValid():
            column = self.COLUMNS[index.column()]
            row = self.rows[index.row()]
            return row.side if column == "side" else str(getattr(row, column))
        return super().data(index, role)

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.COLUMNS[index.column()]
        typed = str(value).strip()
        row = self.rows[index.row()]
        if column == "indent":
            if not typed.isdigit() or int(typed) > 4:
                return False
            changed = replace(row, indent=int(typed))
        elif column == "side":
            side = {"借": "debit", "贷": "credit", "dr": "debit", "cr": "credit"}.get(
                typed.lower(), typed.lower()
            )
            if side not in SIDES:
                return False
            changed = replace(row, side=side)
        else:
            fields: dict[str, Any] = asdict(row)
            fields[column] = typed
            changed = LayoutRow(**fields)
        self.rows[index.row()] = changed
        self.dataChanged.emit(index, index)
        return True

    def load(self, lines: list[LayoutLineOut]) -> None:
        self.set_rows(
            [
                LayoutRow(
                    line.code,
                    line.label,
                    line.label_en,
                    line.indent,
                    line.side,
                    line.accounts,
                    line.total_of,
                )
                for line in lines
            ]
        )

    def insert_after(self, row: int) -> int:
        """A new line below ``row`` (or at the end); its index."""
        at = min(max(row + 1, 0), len(self.rows))
        taken = {r.code for r in self.rows}
        code = next(f"X{n:02d}" for n in range(1, 1000) if f"X{n:02d}" not in taken)
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows = [*self.rows[:at], LayoutRow(code, self.tr("新项目")), *self.rows[at:]]
        self.endInsertRows()
        return at

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            self.rows = self.rows[:row] + self.rows[row + 1 :]
            self.endRemoveRows()

    def move(self, row: int, by: int) -> int:
        """Swap the line with its neighbour above (-1) or below (+1); its new index."""
        other = row + by
        if not (0 <= row < len(self.rows) and 0 <= other < len(self.rows)):
            return row
        rows = list(self.rows)
        rows[row], rows[other] = rows[other], rows[row]
        self.set_rows(rows)
        return other

    def layout(self) -> LayoutIn:
        return LayoutIn(
            lines=[
                LayoutLineIn(
                    code=r.code,
                    label=r.label,
                    label_en=r.label_en,
                    indent=r.indent,
                    side=r.side,
                    accounts=r.accounts,
                    total_of=r.total_of,
                )
                for r in self.rows
            ]
        )
