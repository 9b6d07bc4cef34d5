"""Start a desktop app: QApplication, language, settings, connection, main window."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from client.api import ServerAddress
from client.core.connection import ConnectionMonitor
from client.core.i18n import install_language
from client.core.settings import SettingsStore
from client.shell.main_window import ClientContext, ShellWindow
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
    args, qt_args = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(app_name)
    app.setOrganizationName("Countersign")
    apply_look(app)
    try:
        context = build_context(
            server_url=args.server, language=Language(args.language) if args.language else None
        )
    except ValueError as exc:
        parser.error(str(exc))
    install_language(context.settings.language)
    window = window_factory(context)
    window.show()
    QTimer.singleShot(0, lambda: log.info("main window shown"))  # after the first paint
    context.monitor.start()
    return app.exec()
