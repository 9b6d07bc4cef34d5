"""Tables of the reference data page: the rows of one kind, and the dry run's
report of an import (what would be added or changed, and what is wrong)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from client.admin.reference_data.names import column_title, shown
from client.widgets import look
from client.widgets.rows_model import RowsModel
from common.enums import Language
from common.errors import render_message
from common.reference_admin import COLUMNS, RefKind
from common.schemas.imports import ImportProblem
from common.schemas.reference_admin import RefChange, RefRowOut

GREY = look.MUTED


class RefRowsModel(RowsModel[RefRowOut]):
    """The rows of one kind in code order; inactive ones grey."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = RefKind.UNITS
        self.COLUMNS = tuple(c.key for c in COLUMNS[self.kind])

    def set_kind(self, kind: RefKind, rows: list[RefRowOut]) -> None:
        self.beginResetModel()
        self.kind = kind
        self.COLUMNS = tuple(c.key for c in COLUMNS[kind])
        self.rows = rows
        self.endResetModel()

    def titles(self) -> dict[str, str]:
        return {key: column_title(key) for key in self.COLUMNS}

    def text(self, row: RefRowOut, column: str) -> str:
        return shown(column, row.values.get(column, ""))

    def colour(self, row: RefRowOut, column: str) -> QColor | None:
        return None if row.is_active else GREY

    def find(self, key: str) -> int:
        for number, row in enumerate(self.rows):
            if row.key == key:
                return number
        return -1


class ChangesModel(RowsModel[RefChange]):
    """One line per row of the file that adds or changes something."""

    COLUMNS = ("row", "action", "key", "what")

    def titles(self) -> dict[str, str]:
        return {
            "row": self.tr("行号"),
            "action": self.tr("操作"),
            "key": self.tr("编码"),
            "what": self.tr("内容"),
        }

    def text(self, row: RefChange, column: str) -> str:
        if column == "row":
            return str(row.row)
        if column == "action":
            return self.tr("新增") if row.action == "add" else self.tr("修改")
        if column == "key":
            return row.key
        if column == "what":
            if row.before is None:
                return ";".join(
                    f"{column_title(k)}={shown(k, v)}" for k, v in row.after.items() if v
                )
            changed = [k for k, v in row.after.items() if row.before.get(k, "") != v]
            return ";".join(
                f"{column_title(k)}:{shown(k, row.before.get(k, ''))} → {shown(k, row.after[k])}"
                for k in changed
            )
        return ""


class ProblemsModel(RowsModel[ImportProblem]):
    COLUMNS = ("row", "column", "message")

    def __init__(self) -> None:
        super().__init__()
        self.language = Language.ZH_CN

    def titles(self) -> dict[str, str]:
        return {"row": self.tr("行号"), "column": self.tr("列"), "message": self.tr("问题")}

    def text(self, row: ImportProblem, column: str) -> str:
        if column == "row":
            return str(row.row)
        if column == "column":
            return column_title(row.column)
        if column == "message":
            return render_message(row.code, row.params, self.language)
        return ""

    def colour(self, row: ImportProblem, column: str) -> QColor | None:
        return look.ERROR
