"""审批记录 as a list people read: who did what when, with their opinion, then the
steps still to come. The reviewer's detail and the clerk's 我的单据 both show it,
so a rejected or returned item says why in the same words everywhere."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from client.core.labels import action_name, level_name
from client.widgets import look
from common.enums import ReviewAction
from common.money import format_money
from common.schemas.reviews import TimelineOut

ATTENTION = {ReviewAction.REJECTED: look.ERROR.name(), ReviewAction.RETURNED: look.WARN.name()}


class TimelineView(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def show_timeline(self, timeline: TimelineOut) -> None:
        self.clear()
        for entry in timeline.entries:
            when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
            level = self.tr("第 {step} 级").format(step=entry.step_no) if entry.step_no else ""
            text = f"{when}  {entry.actor_name}  {action_name(entry.action)} {level}".rstrip()
            if entry.delegate_name:
                text += " → " + entry.delegate_name
            if entry.routed_amount is not None:
                text += "\n    " + self.tr(
                    "拆分规避:同一对方 30 天内合计 {amount},按合计金额审批"
                ).format(amount=format_money(entry.routed_amount))
            if entry.opinion:
                text += f"\n    {entry.opinion}"
            item = QListWidgetItem(text)
            if entry.action in ATTENTION:
                item.setForeground(QColor(ATTENTION[entry.action]))
            self.addItem(item)
        for step in timeline.steps:
            if step.status in ("active", "waiting"):
                waiting = self.tr("待 {level} 审批(第 {step} 级)").format(
                    level=level_name(step.level), step=step.step_no
                )
                self.addItem(waiting)
