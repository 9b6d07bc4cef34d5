"""Source documents on the screens, against a real server: a clerk attaches a scan
by drop and one by the picker, submits; the reviewer cannot approve before opening
them, reads them in the viewer, then approves. A file the server never
acknowledged stays on this computer and goes up at the next save."""

from __future__ import annotations

import io
from decimal import Decimal
from itertools import count
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from client.api import ServerUnreachable
from client.workbench.entry.record_forms import IncomeForm
from client.workbench.main_window import WorkbenchWindow
from client.workbench.review import archive_export
from common.enums import DocumentStatus, ReviewLevel
from tests.client.test_shell import make_context
from tests.support.accounts import Account, log_in
from tests.support.documents import Codes, clerk, office, today
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

_names = count(1)


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def two_page_pdf(path: Path) -> Path:
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def png(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), (200, 40, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def workbench(qtbot: QtBot, server: LiveServer, user: Account) -> WorkbenchWindow:
    shell = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(shell, WorkbenchWindow)
    log_in_through_dialog(qtbot, shell, server, user)
    qtbot.waitUntil(lambda: shell.reference.data is not None, timeout=WAIT_MS)
    return shell


def fill_income(form: IncomeForm, server: LiveServer, codes: Codes, payer: str) -> None:
    day = today(server)
    form.date_edit.setDate(QDate(day.year, day.month, day.day))
    form.item_picker.set_current(codes.item("income", "1030412"))
    form.payer_edit.setText(payer)
    form.amount_edit.set_value(Decimal("860.00"))
    form.dirty = True


def drop(widget: QWidget, *paths: Path) -> None:
    """A drag from the file manager: it enters (Qt delivers the drop only to the
    widget that accepted the entry), then drops."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    assert QApplication.sendEvent(widget, enter) and enter.isAccepted()
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def test_a_reviewer_opens_the_dropped_scans_before_approving(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
) -> None:
    maker = clerk(live_server, f"scan.maker{next(_names)}")
    window = workbench(qtbot, live_server, maker)
    window.show_page("income")
    form = window.income_form
    panel = form.attachment_panel
    fill_income(form, live_server, codes, "附件缴款人")
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)

    drop(panel.strip, two_page_pdf(tmp_path / "发票.pdf"))
    panel.choose_files = lambda: [png(tmp_path / "收据.png")]  # the file dialog's answer
    panel.strip.add_button.click()
    qtbot.waitUntil(lambda: len(panel.entries) == 2 and panel.waiting() == 0, timeout=WAIT_MS)
    assert form.attachments.value() == 3  # 附件张数: two PDF pages and a picture
    assert not panel.spool().entries()  # acknowledged: nothing kept locally
    document = form.document
    assert document is not None
    form.submit()
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    assert not panel.entries  # a blank strip for the next slip

    boss = reviewer(live_server, f"scan.super{next(_names)}", (ReviewLevel.SUPERVISOR, "001001"))
    window.login.logout()  # the reviewer at the same desk
    qtbot.waitUntil(lambda: window.login.auth.me is None, timeout=WAIT_MS)
    log_in_through_dialog(qtbot, window, live_server, boss)
    bench = window
    page = bench.review
    bench.show_page("review")
    page.show_list("todo", document.id)
    box = page.detail.attachments_box
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == document.id and len(box.rows) == 2,
        timeout=WAIT_MS,
    )
    assert box.unopened() == 2

    page.approve()
    qtbot.waitUntil(lambda: "未打开" in page.message.text(), timeout=WAIT_MS)
    assert "2" in page.message.text()  # says how many are unopened
    api = log_in(live_server, maker)
    assert api.documents.get(document.id).status is DocumentStatus.SUBMITTED

    viewer = page.open_attachments(0)
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.page_count() == 2, timeout=WAIT_MS)
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
    assert viewer.page == 1 and viewer.list.currentRow() == 0
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)  # past the last page: the next file
    assert viewer.list.currentRow() == 1
    qtbot.waitUntil(lambda: box.unopened() == 0, timeout=WAIT_MS)
    assert viewer.page_count() == 1 and viewer.image.pixmap() is not None
    viewer.zoom_by(2.0)
    viewer.rotate(90)
    assert viewer.image.pixmap().height() == 640  # a 320-wide picture, turned and doubled
    qtbot.keyClick(viewer, Qt.Key.Key_PageUp)
    assert viewer.list.currentRow() == 0
    viewer.close()

    page.approve()
    qtbot.waitUntil(lambda: "已审核通过" in page.message.text(), timeout=WAIT_MS)
    assert api.documents.get(document.id).status is DocumentStatus.APPROVED


def test_a_file_the_server_never_acknowledged_stays_here_and_goes_up_at_the_next_save(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    maker = clerk(live_server, f"scan.offline{next(_names)}")
    window = workbench(qtbot, live_server, maker)
    window.show_page("income")
    form = window.income_form
    panel = form.attachment_panel
    fill_income(form, live_server, codes, "断网时的缴款人")
    drop(panel.strip, two_page_pdf(tmp_path / "合同.pdf"))  # a new slip: kept until saved
    qtbot.waitUntil(lambda: len(panel.spool().entries()) == 1, timeout=WAIT_MS)
    assert panel.waiting() == 1 and form.has_unsaved_input()

    api = form.context.api()
    assert api is not None
    real_add = api.attachments.add

    def unreachable(*_args: object, **_kwargs: object) -> object:
        raise ServerUnreachable("line dropped")

    monkeypatch.setattr(api.attachments, "add", unreachable)
    form.save_draft()
    qtbot.waitUntil(lambda: "本机" in panel.strip.note.text(), timeout=WAIT_MS)
    document = form.document
    assert document is not None
    kept = panel.spool().entries()
    assert len(kept) == 1 and kept[0].path.exists() and kept[0].document_id == document.id
    form.submit()  # not while a file is missing on the server
    assert "没有上传" in form.message.text()

    monkeypatch.setattr(api.attachments, "add", real_add)
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: panel.waiting() == 0, timeout=WAIT_MS)
    assert not panel.spool().entries()
    assert [row.name for row in api.attachments.listing(document.id)] == ["合同.pdf"]

    # 导出电子档案 from 我的单据: the document's page, then the contract's two pages
    target = tmp_path / "档案.pdf"
    monkeypatch.setattr(archive_export, "ask_target", lambda _owner, _name: str(target))
    mine = window.my_documents
    window.show_page("documents")
    mine.refresh(select=document.id)
    qtbot.waitUntil(
        lambda: mine.selected() is not None and mine.buttons["archive"].isEnabled(),
        timeout=WAIT_MS,
    )
    mine.buttons["archive"].click()
    qtbot.waitUntil(lambda: "电子档案已保存" in mine.message.text(), timeout=WAIT_MS)
    assert len(PdfReader(target).pages) >= 3
