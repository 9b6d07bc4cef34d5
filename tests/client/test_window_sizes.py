"""The main windows fit a 1366×768 screen (with a 40 px taskbar) in every language,
whichever page or report is showing: a stacked window is as large as its largest
page, so one wide page makes the whole window too wide."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.admin.main_window import AdminWindow
from client.core.connection import ConnectionMonitor
from client.core.i18n import install_language
from client.core.settings import SettingsStore
from client.shell.main_window import ClientContext, ShellWindow
from client.workbench.main_window import WorkbenchWindow
from common.enums import Language, Role
from tests.support.qt import require_chinese_font

SCREEN_WIDTH, SCREEN_HEIGHT = 1366, 768 - 40


@pytest.fixture(params=list(Language))
def language(request: pytest.FixtureRequest, client_home: Path) -> Iterator[Language]:
    require_chinese_font()
    install_language(request.param)
    yield request.param
    install_language(Language.ZH_CN)


def window(qtbot: QtBot, kind: type[ShellWindow], language: Language) -> ShellWindow:
    store = SettingsStore()
    settings = store.load()
    settings.language = language
    context = ClientContext(
        settings=settings, store=store, monitor=ConnectionMonitor(settings, store)
    )
    shown = kind(context)
    qtbot.addWidget(shown)
    return shown


def fits(shell: ShellWindow) -> bool:
    hint = shell.minimumSizeHint()
    return hint.width() <= SCREEN_WIDTH and hint.height() <= SCREEN_HEIGHT


def test_the_admin_console_fits_the_screen(qtbot: QtBot, language: Language) -> None:
    console = window(qtbot, AdminWindow, language)
    hint = console.minimumSizeHint()
    assert fits(console), (language, hint.width(), hint.height())


def test_the_workbench_fits_the_screen_with_every_report(qtbot: QtBot, language: Language) -> None:
    bench = window(qtbot, WorkbenchWindow, language)
    assert isinstance(bench, WorkbenchWindow)
    bench.reports.offer(list(Role))  # every report, as if all roles were held
    assert len(bench.reports.offered()) >= 7
    for key in bench.reports.offered():
        bench.reports.choose(key)
        hint = bench.minimumSizeHint()
        assert fits(bench), (language, key, hint.width(), hint.height())
