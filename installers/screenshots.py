"""``python -m installers.screenshots``: the manual's pictures, taken of the real
screens, so they can be made again after every change of the UI.

It starts a PostgreSQL and a Countersign server of its own (as the tests do:
tests/support), fills them with demo units, users and a few documents, opens the
workbench and the admin console under the offscreen Qt platform, logs in, goes to
each screen that resources/manual/contents.json gives a picture and saves the
window to resources/manual/images/<page>.png (1280×800).

    QT_QPA_PLATFORM=offscreen python -m installers.screenshots [--only voucher,users] [--out DIR]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from client.help.manual import IMAGES_DIR, contents

SIZE = (1280, 800)
SETTLE_S = 1.5  # after a page is shown: its lists load in the background
WAIT_S = 20.0


@dataclass(frozen=True)
class Shot:
    page: str  # the manual page whose picture it is
    app: str  # "workbench" or "admin"
    screen: str  # the navigation key ("login": the login dialog)
    image: str  # file name under images/


def shots() -> list[Shot]:
    """Every picture the contents ask for, in reading order."""
    return [
        Shot(entry.id, entry.shot[0], entry.shot[1], entry.image)
        for entry in contents().pages()
        if entry.shot is not None and entry.image is not None
    ]


def _wait(until: Callable[[], bool] | None = None, seconds: float = WAIT_S) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if until is not None and until():
            return True
        time.sleep(0.02)
    return until is None


def _save(picture: object, path: Path) -> None:
    """A PNG of 256 colours (a screen has few; a third of the size), else as Qt writes it."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):  # type: ignore[attr-defined]
        raise RuntimeError(f"could not draw {path.name}")
    buffer.close()
    try:
        import io

        from PIL import Image
    except ImportError:
        path.write_bytes(bytes(data.data()))
        return
    with Image.open(io.BytesIO(bytes(data.data()))) as image:
        image.convert("RGB").quantize(colors=256).save(path, optimize=True)


def _seed(server: object) -> dict[str, object]:
    """Users with every workbench post and an administrator; a few documents."""
    from common.enums import ReviewLevel, Role
    from tests.support.accounts import add_user, log_in
    from tests.support.documents import (
        approve,
        expenditure,
        income,
        office,
        run_sql,
        submitted,
        today,
        voucher,
    )
    from tests.support.reviews import give_post

    codes = office(server)  # type: ignore[arg-type]
    suffix = str(int(time.time() * 1000))[-6:]
    worker = add_user(
        server,  # type: ignore[arg-type]
        f"zhang{suffix}",
        [Role.CLERK, Role.REVIEWER, Role.ANALYST, Role.POSTER, Role.CASHIER],
        unit_codes=("001",),
    )
    give_post(server, worker.id, ReviewLevel.SUPERVISOR, "001001")  # type: ignore[arg-type]
    admin = add_user(server, f"admin{suffix}", [Role.ADMIN], unit_codes=("001",))  # type: ignore[arg-type]
    maker = add_user(server, f"li{suffix}", [Role.CLERK], unit_codes=("001001",))  # type: ignore[arg-type]
    for username, name in (
        (worker.username, "张会计"),
        (admin.username, "系统管理员"),
        (maker.username, "李经办"),
    ):
        run_sql(
            server,  # type: ignore[arg-type]
            "UPDATE users SET display_name = :n WHERE username = :u",
            n=name,
            u=username,
        )
    day = today(server)  # type: ignore[arg-type]
    theirs = log_in(server, maker)  # type: ignore[arg-type]
    for amount in ("1200.00", "3560.00"):
        submitted(theirs, income(codes, day, amount))
    submitted(theirs, expenditure(codes, day, "860.00"))
    done = submitted(theirs, expenditure(codes, day, "2480.00", summary="购买教学用品"))
    approve(server, done.id)  # type: ignore[arg-type]
    mine = log_in(server, worker)  # type: ignore[arg-type]
    mine.documents.create(voucher(codes, day))
    mine.documents.create(income(codes, day, "800.00", summary="场地租金收入"))
    theirs.close()
    mine.close()
    return {"workbench": worker, "admin": admin}


def _open(app_name: str, server: object, user: object, home: Path) -> object:
    """A window of ``app_name``, trusted to the server, logged in as ``user``."""
    from client.admin.main_window import AdminWindow
    from client.api import ServerAddress
    from client.api.tls import fetch_presented_certificate
    from client.core.connection import ConnectionMonitor
    from client.core.settings import SettingsStore
    from client.shell.main_window import ClientContext
    from client.workbench.main_window import WorkbenchWindow

    os.environ["COUNTERSIGN_CLIENT_HOME"] = str(home / app_name)
    os.environ["COUNTERSIGN_MACHINE_CONFIG"] = str(home / "machine")
    store = SettingsStore()
    settings = store.load()
    settings.server_url = server.url  # type: ignore[attr-defined]
    address = ServerAddress.parse(settings.server_url)
    settings.trust(address, fetch_presented_certificate(address))
    store.save(settings)
    monitor = ConnectionMonitor(settings, store, interval_ms=200, max_retry_ms=300)
    context = ClientContext(settings=settings, store=store, monitor=monitor)
    window_class = WorkbenchWindow if app_name == "workbench" else AdminWindow
    window = window_class(context)
    window.resize(*SIZE)
    window.show()
    monitor.start()
    return window


def _log_in(window: object, server: object, user: object, grab_dialog: Path | None) -> None:
    from tests.support.accounts import code_now, next_step

    login = window.login  # type: ignore[attr-defined]
    if not _wait(lambda: login.dialog is not None):
        raise RuntimeError("the login dialog did not open")
    dialog = login.dialog
    _wait(seconds=0.5)
    if grab_dialog is not None:
        _save(dialog.grab(), grab_dialog)
    dialog.username_edit.setText(user.username)  # type: ignore[attr-defined]
    dialog.password_edit.setText(user.password)  # type: ignore[attr-defined]
    dialog.password_edit.returnPressed.emit()
    if not _wait(lambda: dialog.steps.currentIndex() == dialog.STEP_CODE):
        raise RuntimeError(f"no code step: {dialog.error_label.text()}")
    next_step(server)  # type: ignore[arg-type]
    dialog.code_edit.setText(code_now(server, user.totp_secret))  # type: ignore[arg-type, attr-defined]
    dialog.code_edit.returnPressed.emit()
    if not _wait(lambda: login.auth.me is not None):
        raise RuntimeError(f"not logged in: {dialog.error_label.text()}")


def capture(server: object, out_dir: Path, only: set[str] | None = None) -> list[Path]:
    """Take the pictures (of the pages in ``only``, else all) with ``server`` running
    (a tests.support LiveServer); returns the files written."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from client.core.gui_thread_gc import install_gui_thread_collector
    from client.widgets.fonts import install_cjk_font

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_cjk_font()
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    previous_keyring = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())  # nothing of these sessions is kept
    # the apps collect cycles on the GUI thread only; a test session already does
    collector = install_gui_thread_collector(app) if gc.isenabled() else None
    wanted = [shot for shot in shots() if only is None or shot.page in only]
    out_dir.mkdir(parents=True, exist_ok=True)
    users = _seed(server)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="countersign-shots-") as home:
        for app_name in ("workbench", "admin"):
            mine = [shot for shot in wanted if shot.app == app_name]
            if not mine:
                continue
            window = _open(app_name, server, users[app_name], Path(home))
            login_shot = next((s for s in mine if s.screen == "login"), None)
            target = out_dir / login_shot.image if login_shot else None
            _log_in(window, server, users[app_name], target)
            if target is not None:
                written.append(target)
            _wait(seconds=SETTLE_S)
            for shot in mine:
                if shot.screen == "login":
                    continue
                if not window.show_page(shot.screen):  # type: ignore[attr-defined]
                    raise RuntimeError(f"{shot.screen} is not offered to the screenshot user")
                _wait(seconds=SETTLE_S)
                path = out_dir / shot.image
                _save(window.grab(), path)  # type: ignore[attr-defined]
                written.append(path)
                print(f"  {path.name}")
            window.login.logout_now()  # type: ignore[attr-defined]
            window.monitor.stop()  # type: ignore[attr-defined]
            window.close()  # type: ignore[attr-defined]
            window.deleteLater()  # type: ignore[attr-defined]
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            _wait(seconds=0.3)
    if collector is not None:
        collector.stop()
    keyring.set_keyring(previous_keyring)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installers.screenshots", description=__doc__)
    parser.add_argument("--only", help="page ids, comma-separated (default: every picture)")
    parser.add_argument("--out", type=Path, default=IMAGES_DIR, help="where to write the PNGs")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None

    from tests.support.live_server import LiveServer
    from tests.support.postgres import postgres_for_tests

    with tempfile.TemporaryDirectory(prefix="countersign-shots-db-") as folder:
        base = Path(folder)
        (base / "cluster").mkdir()
        with postgres_for_tests(base / "cluster") as cluster:
            server = LiveServer(cluster.create_database(), base / "tls").start()
            try:
                written = capture(server, args.out, only)
            finally:
                server.close()
    print(f"{len(written)} pictures in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
