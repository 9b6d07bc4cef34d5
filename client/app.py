"""Start a desktop app: QApplication, language, settings, connection, main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from client.api import ServerAddress
from client.core.connection import ConnectionMonitor
from client.core.gui_thread_gc import install_gui_thread_collector
from client.core.i18n import install_language
from client.core.settings import SettingsStore
from client.feedback import crash_dialog
from client.shell.main_window import ClientContext, ShellWindow
from client.widgets.fonts import chinese_font_families
from client.widgets.look import apply_look
from common.enums import Language

log = logging.getLogger(__name__)


def build_context(
    *, server_url: str | None = None, language: Language | None = None
) -> ClientContext:
    store = SettingsStore()
    settings = store.load()
    if server_url:
        settings.server_url = ServerAddress.parse(server_url).url
    if language is not None:
        settings.language = language
    store.save(settings)
    monitor = ConnectionMonitor(settings, store)
    return ClientContext(settings=settings, store=store, monitor=monitor)


def run(
    app_name: str,
    window_factory: Callable[[ClientContext], ShellWindow],
    argv: list[str] | None = None,
) -> int:
    parser = argparse.ArgumentParser(prog=app_name)
    parser.add_argument("--server", help="server address, e.g. https://127.0.0.1:8443")
    parser.add_argument("--language", choices=[lang.value for lang in Language])
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (offscreen; with --server, the connection too) and exit",
    )
    parser.add_argument(
        "--report",
        help="with --self-test: write the report to this file (a Windows program has no console)",
    )
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(
        level=logging.WARNING if args.self_test else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no desktop needed

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(app_name)
    app.setOrganizationName("Countersign")
    install_gui_thread_collector(app)  # Qt objects are destroyed on the GUI thread only
    apply_look(app)
    if args.self_test:
        return self_test(app_name, args.server, args.report)
    try:
        context = build_context(
            server_url=args.server, language=Language(args.language) if args.language else None
        )
    except ValueError as exc:
        parser.error(str(exc))
    install_language(context.settings.language)
    window = window_factory(context)
    crash_dialog.install(window)
    window.show()
    QTimer.singleShot(0, lambda: log.info("main window shown"))  # after the first paint
    if not chinese_font_families():
        QTimer.singleShot(0, lambda: warn_no_chinese_font(window))
    context.monitor.start()
    return app.exec()


def self_test(app_name: str, server: str | None, report: str | None) -> int:
    from client.self_test import run_self_test

    if report is None and sys.stdout is not None:
        return run_self_test(app_name, server, sys.stdout)
    target = report or os.path.join(os.environ.get("TEMP", "."), f"{app_name}-self-test.txt")
    with open(target, "w", encoding="utf-8") as out:
        return run_self_test(app_name, server, out)


def warn_no_chinese_font(parent: QWidget) -> None:
    """Said once at start: without a Chinese font, screens show boxes and printed
    vouchers and reports have no Chinese text at all."""
    log.warning("no font can draw Chinese")
    QMessageBox.warning(
        parent,
        QApplication.translate("App", "缺少中文字体"),
        QApplication.translate(
            "App",
            "本机没有可显示中文的字体,随程序提供的字体也无法载入:界面会显示方框,"
            "打印和导出的PDF将没有中文。请联系信息技术人员重新安装本程序。",
        ),
    )
