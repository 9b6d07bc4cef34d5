"""报表格式: an analyst adjusts the lines of 资产负债表, 收入费用表 and
预算收入支出表 — what each line is called, which accounts (code prefixes) it
takes or which lines it totals — without code (分析员调整报表格式). The whole
layout is saved at once; the server checks it and names the row it refuses."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.core.labels import shown
from client.shell.page_context import PageContext
from client.widgets.list_table import shape_list
from client.widgets.look import hint_label, set_look
from client.widgets.message_line import MessageLine
from client.workbench.statements.layout_model import LayoutModel
from common.schemas.statements import LayoutIn, LayoutOut, StatementKind


class LayoutPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        self.loaded: LayoutOut | None = None
        self._generation = 0
        self.title = QLabel()
        set_look(self.title, "title")
        self.kind = QComboBox()
        self.kind.setObjectName("layoutKind")
        for kind in StatementKind:
            self.kind.addItem("", kind.value)
        self.kind.currentIndexChanged.connect(lambda _: self.refresh())
        self.buttons: dict[str, QPushButton] = {}
        for key, slot in (
            ("add", self.add_line),
            ("remove", self.remove_line),
            ("up", lambda: self.move_line(-1)),
            ("down", lambda: self.move_line(1)),
            ("save", self.save),
            ("refresh", self.refresh),
        ):
            button = QPushButton()
            button.setObjectName(f"layout_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
        self.model = LayoutModel()
        self.table = QTableView()
        self.table.setObjectName("layoutTable")
        self.table.setModel(self.model)
        shape_list(self.table, stretch=5)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.message = MessageLine("layoutMessage")
        self.state = QLabel()
        self.state.setObjectName("layoutState")
        self.hint = hint_label("layoutHint")
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addWidget(self.kind)
        bar.addStretch(1)
        for button in self.buttons.values():
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        context.login.auth.logged_out.connect(self.clear)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("报表格式"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, shown(StatementKind(self.kind.itemData(index))))
        texts = {
            "add": self.tr("插入行"),
            "remove": self.tr("删除行"),
            "up": self.tr("上移"),
            "down": self.tr("下移"),
            "save": self.tr("保存"),
            "refresh": self.tr("放弃修改"),
        }
        for key, button in self.buttons.items():
            button.setText(texts[key])
        self.model.retranslate()
        self.hint.setText(
            self.tr(
                "每行或取数(科目编码前缀,空格分隔,按行的方向取余额或发生额),或合计其他行"
                "(行代码,空格分隔,前加“-”表示减去)。资产负债表以最后一个顶格借方行与最后一个"
                "顶格贷方行核对平衡。保存后立即用于所有单位的报表。"
            )
        )
        self._show_state()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.context.login.auth.me is not None and self.loaded is None:
            self.refresh()

    def chosen(self) -> StatementKind:
        return StatementKind(self.kind.currentData())

    def clear(self) -> None:
        self._generation += 1
        self.loaded = None
        self.model.set_rows([])
        self.message.clear()
        self._show_state()

    def refresh(self) -> None:
        self._generation += 1
        generation, kind = self._generation, self.chosen()

        def loaded(found: LayoutOut) -> None:
            if generation == self._generation:
                self.loaded = found
                self.model.load(found.lines)
                self._show_state()

        self.context.run(
            self, lambda api: api.statements.layout(kind), loaded, say=self.message.say_error
        )

    def _show_state(self) -> None:
        found = self.loaded
        if found is None or found.updated_at is None:
            self.state.setText(self.tr("系统预置格式") if found else "")
            return
        self.state.setText(
            self.tr("{who} 于 {at} 调整").format(
                who=found.updated_by, at=f"{found.updated_at.astimezone():%Y-%m-%d %H:%M}"
            )
        )

    def _current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else len(self.model.rows) - 1

    def add_line(self) -> None:
        row = self.model.insert_after(self._current_row())
        self.table.setCurrentIndex(self.model.index(row, 0))

    def remove_line(self) -> None:
        self.model.remove(self._current_row())

    def move_line(self, by: int) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            row = self.model.move(index.row(), by)
            self.table.setCurrentIndex(self.model.index(row, index.column()))

    def save(self) -> None:
        kind = self.chosen()
        try:
            layout: LayoutIn = self.model.layout()
        except ValidationError as error:
            where = error.errors()[0]
            self.message.say_error(
                self.tr("第 {row} 行填写有误:{what}").format(
                    row=int(where["loc"][1]) + 1 if len(where["loc"]) > 1 else "?",
                    what=where["msg"],
                )
            )
            return

        def saved(found: LayoutOut) -> None:
            if self.chosen() is kind:  # not if another statement was chosen meanwhile
                self.loaded = found
                self.model.load(found.lines)
                self._show_state()
            self.message.say(self.tr("报表格式已保存"))

        self.context.run(
            self,
            lambda api: api.statements.change_layout(kind, layout),
            saved,
            say=self.message.say_error,
        )
