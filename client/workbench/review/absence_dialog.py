"""休假委托: while I am away my to-do list also goes to a stand-in (DOMAIN.md).

The stand-ins offered come from the server: only people who hold my posts'
levels (or higher) over my posts' units and may decide. The list shows my
absences and the ones I stand in for; one of mine not yet over can be ended.
Everything is decided by the server; what it refuses is said here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiError
from client.shell.page_context import PageContext
from client.widgets.errors import describe
from client.widgets.icons import dress
from client.widgets.list_table import ListTable
from client.widgets.look import set_state
from client.widgets.rows_model import RowsModel
from common.schemas.reviews import AbsenceIn, AbsenceOut, StandInOut


class AbsencesModel(RowsModel[AbsenceOut]):
    COLUMNS = ("dates", "who", "reason", "state")

    def __init__(self, me: int) -> None:
        super().__init__()
        self.me = me
        self.today = dt.date.min

    def titles(self) -> dict[str, str]:
        return {
            "dates": self.tr("期间"),
            "who": self.tr("委托关系"),
            "reason": self.tr("原因"),
            "state": self.tr("状态"),
        }

    def text(self, row: AbsenceOut, column: str) -> str:
        if column == "dates":
            return f"{row.starts_on.isoformat()} – {row.ends_on.isoformat()}"
        if column == "who":
            if row.user_id == self.me:
                return self.tr("由 {name} 代我审批").format(name=row.delegate_name)
            return self.tr("我代他人审批")
        if column == "reason":
            return row.reason
        if row.cancelled:
            return self.tr("已结束")
        if row.ends_on < self.today:
            return self.tr("已过期")
        return self.tr("进行中") if row.starts_on <= self.today else self.tr("未开始")


def _date(edit: QDateEdit) -> dt.date:
    picked = edit.date()
    return dt.date(picked.year(), picked.month(), picked.day())


class AbsenceDialog(QDialog):
    def __init__(self, context: PageContext, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("absenceDialog")
        self.context = context
        me = context.login.auth.me
        self.model = AbsencesModel(me.id if me else 0)
        self.model.today = today
        self.table = ListTable(self.model, "absencesTable")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._offer())
        self.end_button = QPushButton()
        self.end_button.setObjectName("absence_end")
        self.end_button.clicked.connect(self.end_selected)
        self.starts = QDateEdit(QDate(today.year, today.month, today.day))
        self.starts.setObjectName("absenceStarts")
        self.ends = QDateEdit(QDate(today.year, today.month, today.day))
        self.ends.setObjectName("absenceEnds")
        for edit in (self.starts, self.ends):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.stand_in = QComboBox()
        self.stand_in.setObjectName("absenceStandIn")
        self.reason = QLineEdit()
        self.reason.setObjectName("absenceReason")
        self.reason.setMaxLength(200)
        self.file_button = QPushButton()
        self.file_button.setObjectName("absence_file")
        self.file_button.clicked.connect(self.file_absence)
        self.message = QLabel()
        self.message.setObjectName("absenceMessage")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.new_box = QGroupBox()
        self.captions = [QLabel(), QLabel(), QLabel(), QLabel()]
        form = QFormLayout(self.new_box)
        for caption, widget in zip(
            self.captions, (self.starts, self.ends, self.stand_in, self.reason), strict=True
        ):
            form.addRow(caption, widget)
        form.addRow(self.file_button)
        under_list = QHBoxLayout()
        under_list.addWidget(self.table.count_label)
        under_list.addStretch(1)
        under_list.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(under_list)
        layout.addWidget(self.new_box)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(640, 480)
        self.retranslate()
        dress(self)
        self._offer()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("休假委托"))
        self.end_button.setText(self.tr("结束所选委托"))
        self.new_box.setTitle(self.tr("新的休假委托"))
        for caption, text in zip(
            self.captions,
            (self.tr("开始日期:"), self.tr("结束日期(含):"), self.tr("代理人:"), self.tr("原因:")),
            strict=True,
        ):
            caption.setText(text)
        self.reason.setPlaceholderText(self.tr("如:年休假"))
        self.file_button.setText(self.tr("设置委托"))
        self.table.retranslate()
        self.model.retranslate()

    # -- talking to the server ---------------------------------------------------
    def _run(self, op: Any, done: Any, *, field_errors: bool = False) -> None:
        def refused(error: Exception) -> bool:
            self.say(describe(error), error=True)
            field = error.params.get("field") if isinstance(error, ApiError) else None
            widget = {"delegate_id": self.stand_in, "ends_on": self.ends}.get(str(field))
            if field_errors and widget is not None:
                set_state(widget, "marked")
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return True

        self.context.run(self, op, done, failure=refused)

    def load(self) -> None:
        """My absences and stand-ins, and who may stand in for me."""

        def loaded(answer: tuple[list[AbsenceOut], list[StandInOut]]) -> None:
            absences, people = answer
            self.model.set_rows(list(absences))
            chosen = self.stand_in.currentData()
            self.stand_in.clear()
            for person in people:
                self.stand_in.addItem(f"{person.display_name}({person.username})", person.user_id)
            index = self.stand_in.findData(chosen)
            self.stand_in.setCurrentIndex(max(index, 0))
            self.file_button.setEnabled(bool(people))
            if not people:
                self.say(self.tr("没有可以代您审批的人:代理人须在您的单位持有同级或更高的审批岗位"))
            self._offer()

        self._run(lambda api: (api.reviews.absences(), api.reviews.stand_ins()), loaded)

    def file_absence(self) -> None:
        for widget in (self.stand_in, self.ends):
            set_state(widget, None)
        body = AbsenceIn(
            delegate_id=int(self.stand_in.currentData() or 0),
            starts_on=_date(self.starts),
            ends_on=_date(self.ends),
            reason=self.reason.text().strip(),
        )

        def filed(absence: AbsenceOut) -> None:
            self.say(
                self.tr("已设置:{start} 至 {end} 由 {name} 代您审批").format(
                    start=absence.starts_on.isoformat(),
                    end=absence.ends_on.isoformat(),
                    name=absence.delegate_name,
                )
            )
            self.reason.clear()
            self.load()

        self._run(lambda api: api.reviews.file_absence(body), filed, field_errors=True)

    def selected_own(self) -> AbsenceOut | None:
        chosen = self.table.selected()
        if chosen is None or chosen.user_id != self.model.me or chosen.cancelled:
            return None
        return chosen if chosen.ends_on >= self.model.today else None

    def _offer(self) -> None:
        self.end_button.setEnabled(self.selected_own() is not None)

    def end_selected(self) -> None:
        chosen = self.selected_own()
        if chosen is None:
            return

        def ended(_: AbsenceOut) -> None:
            self.say(self.tr("已结束委托,待办回到您的列表"))
            self.load()

        self._run(lambda api: api.reviews.cancel_absence(chosen.id), ended)

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        set_state(self.message, "error" if error else "ok")
