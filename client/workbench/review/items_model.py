"""The rows of a reviewer's list, with the deadline's traffic light (督办提醒)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from client.core.labels import kind_name, level_name, status_name
from client.widgets import look
from client.widgets.rows_model import SORT_ROLE, ListModel
from common.enums import DeadlineState
from common.money import format_money
from common.schemas.reviews import ReviewItemOut

Index = QModelIndex | QPersistentModelIndex
LIGHT_COLOURS = {
    DeadlineState.GREEN: look.OK,
    DeadlineState.YELLOW: look.AMBER,
    DeadlineState.RED: look.ERROR,
}


def light_name(state: DeadlineState | None) -> str:
    if state is None:
        return ""
    return {
        DeadlineState.GREEN: QCoreApplication.translate("Review", "正常"),
        DeadlineState.YELLOW: QCoreApplication.translate("Review", "临期"),
        DeadlineState.RED: QCoreApplication.translate("Review", "超期"),
    }[state]


class ReviewItemsModel(ListModel[ReviewItemOut]):
    COLUMNS = 9

    def __init__(self, unit_name: Callable[[int], str] = str) -> None:
        super().__init__()
        self.unit_name = unit_name

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("时限"),
            self.tr("编号"),
            self.tr("类别"),
            self.tr("金额"),
            self.tr("对方 / 摘要"),
            self.tr("制单人"),
            self.tr("环节"),
            self.tr("截止时间"),
            self.tr("预算单位"),
        )[section]

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:  # amounts and times sort as what they are
            if column == 3:
                return float(row.amount)
            if column == 7:
                return row.deadline_at.timestamp() if row.deadline_at else 0.0
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 0 and row.deadline_state is not None:
                return LIGHT_COLOURS[row.deadline_state]
            if column == 3 and row.amount < 0:
                return look.ERROR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: ReviewItemOut, column: int) -> str:
        if column == 0:
            light = light_name(row.deadline_state)
            return f"● {light}" if light else status_name(row.status)
        if column == 1:
            return row.number or ""
        if column == 2:
            return kind_name(row.kind)
        if column == 3:
            return format_money(row.amount)
        if column == 4:
            return " / ".join(p for p in (row.counterparty, row.summary) if p)
        if column == 5:
            return row.maker_name
        if column == 6:
            if row.step_no is None:
                return status_name(row.status)
            step = f"{row.step_no}/{row.steps} {level_name(row.level)}"
            if row.on_behalf_of:  # 代办: here because I stand in for them while away
                return step + QCoreApplication.translate("Review", "(代 {name})").format(
                    name=row.on_behalf_of
                )
            return step + (QCoreApplication.translate("Review", "(委托)") if row.delegated else "")
        if column == 8:
            return self.unit_name(row.unit_id)
        deadline = row.deadline_at
        return deadline.astimezone().strftime("%m-%d %H:%M") if deadline else ""
