"""When something unexpected breaks in the client, the user is told so in a
dialog that offers 问题反馈 at once (the report then carries the log with the
traceback), instead of the program failing silently."""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


class Reports(Protocol):
    def report_problem(self) -> object: ...


class CrashDialog(QMessageBox):
    def __init__(self, window: QWidget, error: BaseException) -> None:
        super().__init__(window)
        self.setObjectName("crashDialog")
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle(self.tr("程序出错"))
        self.setText(
            self.tr("程序遇到意外错误,已记入日志。您可以继续工作;如问题再次出现,请发送问题反馈。")
        )
        self.setDetailedText(f"{type(error).__name__}: {error}")
        self.report_button = self.addButton(self.tr("问题反馈…"), QMessageBox.ButtonRole.ActionRole)
        self.report_button.setObjectName("crashReport")
        self.addButton(QMessageBox.StandardButton.Close)


def install(window: QWidget) -> None:
    """sys.excepthook for the GUI thread's uncaught errors: logged, then said."""
    shown: list[CrashDialog] = []

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("uncaught error", exc_info=(kind, error, trace))
        if shown and shown[0].isVisible():
            return  # one dialog at a time, however many errors follow
        shown[:] = [show_crash(window, error)]

    sys.excepthook = hook


def show_crash(window: QWidget, error: BaseException) -> CrashDialog:
    dialog = CrashDialog(window, error)

    def chosen() -> None:
        if dialog.clickedButton() is dialog.report_button and hasattr(window, "report_problem"):
            window.report_problem()

    dialog.finished.connect(chosen)
    dialog.open()
    return dialog
