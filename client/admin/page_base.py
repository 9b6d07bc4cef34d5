"""What the console's pages share: background calls, the fresh-code prompt, one
message line for what happened or what the server refused, and the look of a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from client.admin.fresh_code import CodePrompt, ask_fresh_code
from client.api import ApiClient, ApiError
from client.core.ops import QueryOp
from client.login.controller import LoginController
from client.widgets.errors import describe
from client.widgets.look import set_state


def list_table(model: QAbstractItemModel, name: str) -> QTableView:
    """A read-only list of whole rows, one selected at a time, columns sized to
    their contents and the last one stretched (every console list looks alike)."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


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
    on_yes: Callable[[], None],
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


class AdminPage(QWidget):
    """A console page that talks to the server only through ``run``.

    ``changed`` is emitted after this page changed something another page shows
    (a month closed, a request filed or decided), so that page can refresh.
    """

    changed = Signal()

    def __init__(self, api: Callable[[], ApiClient | None], login: LoginController) -> None:
        super().__init__()
        self._api = api
        self._login = login
        self.pending_prompt: CodePrompt | None = None
        self.pending_confirm: QMessageBox | None = None  # an ask_yes_no being asked
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def run(
        self,
        op: Callable[[ApiClient], Any],
        success: Callable[[Any], None],
        *,
        failure: Callable[[Exception], None] | None = None,
    ) -> bool:
        """Run ``op`` in the background (False when there is no connection yet).
        A stale code is asked for and the call retried; a lost session goes to
        the login controller; anything else is shown on the message line (after
        ``failure``, if given)."""
        api = self._api()
        if api is None:
            return False

        def failed(error: Exception) -> None:
            if self._login.report_failure(error):
                return
            if isinstance(error, ApiError) and error.code == "auth.fresh_code_required":
                self._ask_code(lambda: self.run(op, success, failure=failure))
                return
            if failure is not None:
                failure(error)
            self.say_error(describe(error))

        QueryOp(parent=self, op=lambda: op(api), success=success, failure=failed).run()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        """Another administrator may have acted meanwhile: coming to the page
        shows the server's current state."""
        super().showEvent(event)
        if self._login.auth.me is not None and not self._login.locked:
            self.refresh()

    def refresh(self) -> None:
        raise NotImplementedError

    def _ask_code(self, retry: Callable[[], object]) -> None:
        def verified(_: object) -> None:
            retry()

        def reverify(code: str) -> None:
            self.run(lambda api: api.auth.reverify(code), verified)

        self.pending_prompt = ask_fresh_code(self, reverify, self._prompt_closed)

    def _prompt_closed(self) -> None:
        self.pending_prompt = None

    def _confirm_closed(self) -> None:
        self.pending_confirm = None

    def say(self, text: str) -> None:
        set_state(self.message, "ok")
        self.message.setText(text)

    def say_error(self, text: str) -> None:
        set_state(self.message, "error")
        self.message.setText(text)
