"""Every button of both windows has an icon and a tooltip, the tooltip names the
shortcut the page really answers to, and the tooltips follow a language change."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.core.i18n import install_language
from client.shell.main_window import ShellWindow
from client.widgets.icons import BUTTONS, shortcut_text
from client.workbench.main_window import WorkbenchWindow
from common.enums import Language
from tests.client.test_window_sizes import window

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def buttons(shell: ShellWindow) -> list[QPushButton | QToolButton]:
    """The buttons a user sees with words on them (Qt's own arrows and calendar
    buttons, and the OK/Cancel of a button box, are Qt's, the same everywhere)."""
    found: list[QPushButton | QToolButton] = list(shell.findChildren(QPushButton))
    found += [b for b in shell.findChildren(QToolButton) if b.text()]
    return [b for b in found if not isinstance(b.parent(), QDialogButtonBox)]


def shortcuts_around(button: QWidget) -> set[str]:
    """The key sequences installed on the button's page (or any widget above it)."""
    keys: set[str] = set()
    widget: QWidget | None = button
    while widget is not None:
        for shortcut in widget.findChildren(QShortcut):
            keys.add(shortcut.key().toString())
        widget = widget.parentWidget()
    return keys


def test_every_button_of_both_windows_has_an_icon_and_a_tooltip(
    qtbot: QtBot, client_home: Path
) -> None:
    for kind in (WorkbenchWindow, AdminWindow):
        shell = window(qtbot, kind, Language.ZH_CN)
        seen = buttons(shell)
        assert len(seen) > 20, kind
        bare = [b.objectName() or b.text() for b in seen if b.icon().isNull()]
        assert bare == [], (kind.__name__, "without an icon", bare)
        untold = [b.objectName() or b.text() for b in seen if not b.toolTip().strip()]
        assert untold == [], (kind.__name__, "without a tooltip", untold)


def test_a_tooltip_names_the_shortcut_the_page_answers_to(qtbot: QtBot, client_home: Path) -> None:
    checked = 0
    for kind in (WorkbenchWindow, AdminWindow):
        shell = window(qtbot, kind, Language.ZH_CN)
        for button in buttons(shell):
            dress = BUTTONS.get(button.objectName())
            if dress is None or not dress.keys:
                continue
            assert shortcut_text(dress.keys) in button.toolTip(), button.objectName()
            installed = shortcuts_around(button)
            assert QKeySequence(dress.keys).toString() in installed, (
                button.objectName(),
                installed,
            )
            checked += 1
    assert checked >= 8  # save, submit ×3 forms, approve/reject/return/delegate, run, remove line
    bench = window(qtbot, WorkbenchWindow, Language.ZH_CN)
    assert "Ctrl+L" in bench.lock_action.toolTip()
    assert not bench.lock_action.icon().isNull()


def test_tooltips_follow_a_language_change(qtbot: QtBot, client_home: Path) -> None:
    bench = window(qtbot, WorkbenchWindow, Language.ZH_CN)
    approve = bench.findChild(QPushButton, "review_approve")
    assert approve is not None and CHINESE.search(approve.toolTip())
    try:
        install_language(Language.EN)
        qtbot.waitUntil(lambda: not CHINESE.search(approve.toolTip()))
        assert approve.toolTip().startswith(approve.text().replace("&", ""))

        def chinese() -> list[str]:
            return [b.objectName() for b in buttons(bench) if CHINESE.search(b.toolTip())]

        qtbot.waitUntil(lambda: chinese() == [])  # buttons outside the pages follow as well
    finally:
        install_language(Language.ZH_CN)
