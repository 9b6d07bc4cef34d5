"""What the console's pages share: background calls, the fresh-code prompt, one
message line for what happened or what the server refused, and the look of a list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from client.admin.fresh_code import AsksForFreshCode
from client.api import ApiClient
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable, shape_list
from client.widgets.message_line import MessageLine


def list_table(model: QAbstractItemModel, name: str) -> QTableView:
    """A list kept in the order it comes: a year's months, a file's problems, the
    operation log (which the server filters and pages). A list the user sorts and
    narrows on screen is a ListTable."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    shape_list(table)
    return table


def page_bar(left: Sequence[QWidget], right: Sequence[QWidget]) -> QHBoxLayout:
    """The row at the top of a console page: its title and what qualifies the list
    on the left, the count, filter and actions on the right."""
    bar = QHBoxLayout()
    for widget in left:
        bar.addWidget(widget)
    bar.addStretch(1)
    for widget in right:
        bar.addWidget(widget)
    return bar


def lay_out_list_page(
    page: QWidget,
    *,
    left: Sequence[QWidget],
    table: ListTable[Any],
    actions: Sequence[QWidget],
    message: QLabel,
    hint: QLabel,
    above: Sequence[QWidget] = (),
    body: QLayout | None = None,
) -> None:
    """A console list page, top to bottom: the bar (title left; count, filter and
    actions right), the message line, what qualifies the list, the list (or a
    ``body`` holding it beside something), the hint."""
    layout = QVBoxLayout(page)
    layout.addLayout(page_bar(left, [table.count_label, table.filter_edit, *actions]))
    layout.addWidget(message)
    for widget in above:
        layout.addWidget(widget)
    if body is None:
        layout.addWidget(table, 1)
    else:
        layout.addLayout(body, 1)
    layout.addWidget(hint)


def page_title(name: str) -> QLabel:
    """The page's heading, a size larger and bold, as on every console page."""
    title = QLabel()
    title.setObjectName(name)
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    title.setFont(font)
    return title


def ask_yes_no(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    *,
    on_yes: Callable[[], object],
    on_closed: Callable[[], None],
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
) -> QMessageBox:
    """A window-modal question with 否 as the default; ``on_closed`` when it closes,
    then ``on_yes`` if that was the answer. Returned open, so a test can answer it."""
    box = QMessageBox(
        icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent
    )
    box.setObjectName(name)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(_: int) -> None:
        on_closed()
        box.deleteLater()
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box


class AdminPage(AsksForFreshCode):
    """A console page that talks to the server only through ``run``; what it
    changes it announces on ``context.changes`` (the window refreshes the pages
    that show it)."""

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        self._login = context.login
        self.pending_confirm: QMessageBox | None = None  # an ask_yes_no being asked
        self.message = MessageLine("pageMessage")

    def run(
        self,
        op: Callable[[ApiClient], Any],
        success: Callable[[Any], None],
        *,
        failure: Callable[[Exception], object] | None = None,
    ) -> bool:
        """Run ``op`` in the background (False when there is no connection yet),
        with the page context's failure path: a stale code is asked for and the
        call retried, a lost session goes to the login, anything else is shown on
        the message line (after ``failure``, if given)."""
        return self.context.run(self, op, success, say=self.message.say_error, failure=failure)

    def showEvent(self, event: QShowEvent) -> None:
        """Another administrator may have acted meanwhile: coming to the page
        shows the server's current state."""
        super().showEvent(event)
        if self._login.auth.me is not None and not self._login.locked:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def _confirm_closed(self) -> None:
        self.pending_confirm = None

    def say(self, text: str) -> None:
        self.message.say(text)

    def say_error(self, text: str) -> None:
        self.message.say_error(text)
