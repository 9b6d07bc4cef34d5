"""The parameter widgets of one report, built from its definition: a calendar
date edit per date, a spin box per year, a code picker per account, a combo box
per choice. A field the server refuses (its error names the field), or a
required account not chosen, is marked here, with the message as its tooltip."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QSpinBox, QWidget

from client.core.reference import PickEntry
from client.widgets.code_picker import CodePicker
from client.widgets.look import set_state, state_of
from client.workbench.reports.period_edit import PeriodEdit
from client.workbench.reports.report_spec import (
    AccountParam,
    ChoiceParam,
    DateParam,
    Parameter,
    PeriodParam,
    UnitParam,
    YearParam,
)

FIRST_YEAR, LAST_YEAR = 2000, 2999  # the years the server keeps books for
PICKER_WIDTH = 220  # room for "100201 银行存款—基本户"

Editor = QDateEdit | QSpinBox | CodePicker | QComboBox | PeriodEdit


class ParameterPanel(QWidget):
    def __init__(self, parameters: tuple[Parameter, ...], today: dt.date) -> None:
        super().__init__()
        self.parameters = parameters
        self.captions: dict[str, QLabel] = {}
        self.editors: dict[str, Editor] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for parameter in parameters:
            editor: Editor
            if isinstance(parameter, DateParam):
                editor = QDateEdit()
                editor.setCalendarPopup(True)
                editor.setDisplayFormat("yyyy-MM-dd")
                day = parameter.default(today)
                editor.setDate(QDate(day.year, day.month, day.day))
            elif isinstance(parameter, YearParam):
                editor = QSpinBox()
                editor.setRange(FIRST_YEAR, LAST_YEAR)
                editor.setValue(today.year)
            elif isinstance(parameter, AccountParam):
                editor = CodePicker()
                editor.setMinimumWidth(PICKER_WIDTH)
                editor.setClearButtonEnabled(True)
            elif isinstance(parameter, UnitParam):
                editor = QComboBox()
                editor.setMinimumContentsLength(14)
            elif isinstance(parameter, PeriodParam):
                editor = PeriodEdit(today)
            else:
                editor = QComboBox()
                for choice in parameter.choices:
                    editor.addItem("", choice.value)
            editor.setObjectName(f"report_{parameter.field}")
            caption = QLabel()
            caption.setBuddy(editor)
            self.captions[parameter.field] = caption
            self.editors[parameter.field] = editor
            layout.addWidget(caption)
            layout.addWidget(editor)
        self.retranslate()

    def retranslate(self) -> None:
        for parameter in self.parameters:
            self.captions[parameter.field].setText(parameter.caption())
            editor = self.editors[parameter.field]
            if isinstance(parameter, ChoiceParam) and isinstance(editor, QComboBox):
                for index, choice in enumerate(parameter.choices):
                    editor.setItemText(index, choice.caption())
            elif isinstance(editor, CodePicker):
                editor.setPlaceholderText(self.tr("输入科目编码、名称或拼音首字母"))
            elif isinstance(editor, PeriodEdit):
                editor.retranslate()

    def set_accounts(self, entries: list[PickEntry]) -> None:
        for editor in self.editors.values():
            if isinstance(editor, CodePicker):
                editor.set_entries(entries)

    def set_units(self, entries: list[PickEntry]) -> None:
        """The units a statement may be run for (the user's scope), keeping the choice."""
        for parameter in self.parameters:
            editor = self.editors[parameter.field]
            if isinstance(parameter, UnitParam) and isinstance(editor, QComboBox):
                chosen = editor.currentData()
                editor.clear()
                for entry in entries:
                    editor.addItem(entry.label, entry.id)
                editor.setCurrentIndex(max(editor.findData(chosen), 0))

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for field, editor in self.editors.items():
            if isinstance(editor, QDateEdit):
                value = editor.date().toPython()
                assert isinstance(value, dt.date)
                found[field] = value
            elif isinstance(editor, QSpinBox):
                found[field] = editor.value()
            elif isinstance(editor, CodePicker):
                # text that names nothing chooses nothing (it is not searched by)
                found[field] = editor.current_id if editor.text().strip() else None
            elif isinstance(editor, PeriodEdit):
                found[field] = editor.period()
            else:
                found[field] = editor.currentData()
        return found

    def missing(self) -> str | None:
        """The first required field left empty (an account not chosen), if any."""
        for field, value in self.values().items():
            if value is None and isinstance(self.editors[field], CodePicker | QComboBox):
                return field
        return None

    def describe(self) -> str:
        """The parameters as a line for the printed report: 开始日期 … · 汇总方式 …"""
        parts = []
        for parameter in self.parameters:
            editor = self.editors[parameter.field]
            shown = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
            parts.append(f"{parameter.caption()} {shown}")
        return " · ".join(parts)

    def take_values_from(self, other: ParameterPanel) -> None:
        """Switching reports keeps the period, the year and the account the user chose."""
        for field, editor in self.editors.items():
            theirs = other.editors.get(field)
            if isinstance(editor, QDateEdit) and isinstance(theirs, QDateEdit):
                editor.setDate(theirs.date())
            elif isinstance(editor, QSpinBox) and isinstance(theirs, QSpinBox):
                editor.setValue(theirs.value())
            elif isinstance(editor, CodePicker) and isinstance(theirs, CodePicker):
                editor.set_current(theirs.current_id if theirs.text().strip() else None)
            elif isinstance(editor, PeriodEdit) and isinstance(theirs, PeriodEdit):
                editor.set_period(theirs.period())
            elif (
                isinstance(editor, QComboBox)
                and isinstance(theirs, QComboBox)
                and field in ("unit", "subtree")
            ):
                editor.setCurrentIndex(max(editor.findData(theirs.currentData()), 0))

    def mark(self, field: str, message: str) -> bool:
        editor = self.editors.get(field)
        if editor is None:
            return False
        set_state(editor, "marked")
        editor.setToolTip(message)
        return True

    def clear_marks(self) -> None:
        for editor in self.editors.values():
            set_state(editor, None)
            editor.setToolTip("")

    def is_marked(self, field: str) -> bool:
        return state_of(self.editors[field]) == "marked"
