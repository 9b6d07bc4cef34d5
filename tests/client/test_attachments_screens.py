"""Source documents on the screens, against a real server: a clerk attaches a scan
by drop and one by the picker, submits; the reviewer cannot approve before opening
them, reads them in the viewer, then approves. A file the server never
acknowledged stays on this computer and goes up at the next save. The scanner
folder offers each new scan once; a file comes off with a reason; an upload is
cancelled from its progress bar; paper pages kept outside need a reason; 查询
shows the files and exports the archive."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from decimal import Decimal
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import QDate, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from client.api import ServerUnreachable
from client.workbench.entry.attachments_panel import AttachmentsPanel
from client.workbench.entry.record_forms import IncomeForm
from client.workbench.entry.scanner_offer import ScannerOfferDialog
from client.workbench.main_window import WorkbenchWindow
from client.workbench.query.results_model import FILES_COLUMN
from client.workbench.review import archive_export
from common.enums import DocumentStatus, ReviewLevel
from common.schemas.documents import DocumentOut
from tests.client.test_shell import make_context
from tests.support.accounts import Account, log_in
from tests.support.documents import Codes, clerk, income, office, today
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


def saved_income(
    qtbot: QtBot, window: WorkbenchWindow, server: LiveServer, codes: Codes, payer: str
) -> tuple[IncomeForm, AttachmentsPanel, DocumentOut]:
    """The income screen with a draft saved: its form, its strip, its document."""
    window.show_page("income")
    form = window.income_form
    fill_income(form, server, codes, payer)
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)
    assert form.document is not None
    return form, form.attachment_panel, form.document


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
    form, panel, document = saved_income(qtbot, window, live_server, codes, "附件缴款人")

    drop(panel.strip, two_page_pdf(tmp_path / "发票.pdf"))
    panel.choose_files = lambda: [png(tmp_path / "收据.png")]  # the file dialog's answer
    panel.strip.add_button.click()
    qtbot.waitUntil(lambda: len(panel.entries) == 2 and panel.waiting() == 0, timeout=WAIT_MS)
    assert form.attachments.value() == 3  # 附件张数: two PDF pages and a picture
    assert not panel.spool().entries()  # acknowledged: nothing kept locally
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
    viewer.show_file(0)  # the file already current: shown again from its first page
    assert viewer.page == 0
    qtbot.keyClick(viewer, Qt.Key.Key_PageDown)
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
    assert api.documents.get(document.id).status is DocumentStatus.POSTED  # posted at approval


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


def test_scanner_folder_offers_each_new_scan_once_and_files_come_off_with_a_reason(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
) -> None:
    maker = clerk(live_server, f"scan.folder{next(_names)}")
    window = workbench(qtbot, live_server, maker)
    scanner = tmp_path / "扫描仪"
    scanner.mkdir()
    window.context.settings.scanner_folder = str(scanner)
    window.context.settings.scanner_offered_until = 0.0
    two_page_pdf(scanner / "scan-001.pdf")
    png(scanner / "scan-002.png")
    (scanner / "notes.txt").write_text("not a scan")
    os.utime(scanner / "scan-001.pdf", (1_800_000_000, 1_800_000_000))
    os.utime(scanner / "scan-002.png", (1_800_000_060, 1_800_000_060))

    form, panel, document = saved_income(qtbot, window, live_server, codes, "扫描件缴款人")

    panel.strip.scanner_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ScannerOfferDialog), timeout=WAIT_MS)
    offer = panel.dialog
    assert isinstance(offer, ScannerOfferDialog)
    offered = [offer.files.item(n).text() for n in range(offer.files.count())]
    assert offered == ["scan-001.pdf", "scan-002.png"]  # oldest first, no text file
    offer.files.item(1).setCheckState(Qt.CheckState.Unchecked)  # another slip's
    offer.accept()
    qtbot.waitUntil(lambda: len(panel.entries) == 1 and panel.waiting() == 0, timeout=WAIT_MS)
    assert form.attachments.value() == 2
    api = log_in(live_server, maker)
    assert [row.name for row in api.attachments.listing(document.id)] == ["scan-001.pdf"]

    panel.strip.scanner_button.click()  # both were offered: nothing new
    qtbot.waitUntil(lambda: "没有新文件" in form.message.text(), timeout=WAIT_MS)
    png(scanner / "scan-003.png")
    os.utime(scanner / "scan-003.png", (1_800_000_120, 1_800_000_120))
    panel.strip.scanner_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ScannerOfferDialog), timeout=WAIT_MS)
    offer = panel.dialog
    assert isinstance(offer, ScannerOfferDialog)
    assert [offer.files.item(n).text() for n in range(offer.files.count())] == ["scan-003.png"]
    offer.reject()

    # two more pages kept on paper: the screen asks what they are, the server insists
    paper_row = form.field_rows["paper_reason"]
    assert not paper_row[0].isRowVisible(paper_row[1])
    form.attachments.setValue(4)
    assert paper_row[0].isRowVisible(paper_row[1])
    assert "2 张纸质附件" in form.paper_reason_edit.placeholderText()
    form.dirty = True
    form.save_draft()
    error = form.field_errors["paper_reason"]
    qtbot.waitUntil(lambda: "纸质附件说明" in error.text(), timeout=WAIT_MS)
    assert api.documents.get(document.id).attachment_count == 2  # nothing saved half
    form.paper_reason_edit.setText("合同原件两页,存档案室")
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(
        lambda: api.documents.get(document.id).paper_reason == "合同原件两页,存档案室",
        timeout=WAIT_MS,
    )
    assert api.documents.get(document.id).attachment_count == 4

    # taken off while the draft may change: the server asks for, and keeps, the reason
    panel.strip.files.setCurrentRow(0)
    panel.strip.remove_button.click()
    qtbot.waitUntil(lambda: isinstance(panel.dialog, QInputDialog), timeout=WAIT_MS)
    reason = panel.dialog
    assert isinstance(reason, QInputDialog)
    reason.setTextValue("扫错了单据")
    reason.accept()
    qtbot.waitUntil(lambda: not panel.entries, timeout=WAIT_MS)
    assert api.attachments.listing(document.id) == []
    assert form.attachments.value() == 2  # the paper kept outside is still counted
    assert api.documents.get(document.id).attachment_count == 2


def test_an_upload_is_cancelled_from_its_progress_bar(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    maker = clerk(live_server, f"scan.cancel{next(_names)}")
    window = workbench(qtbot, live_server, maker)
    form, panel, document = saved_income(qtbot, window, live_server, codes, "取消上传的缴款人")

    # the upload's first progress report waits until the clerk has pressed 取消:
    # the real upload, held at a known point instead of racing the click
    api = form.context.api()
    assert api is not None
    real_add = api.attachments.add
    clicked = threading.Event()

    def held_add(*args: Any, progress: Callable[[int], bool], **kwargs: Any) -> Any:
        def report(sent: int) -> bool:
            going_on = progress(sent)
            clicked.wait(WAIT_MS / 1000)
            return going_on and progress(sent)

        return real_add(*args, progress=report, **kwargs)

    monkeypatch.setattr(api.attachments, "add", held_add)
    big = tmp_path / "厚合同.pdf"
    two_page_pdf(big)
    with big.open("ab") as handle:  # a PDF with 6 MB of trailing bytes after its end
        handle.write(b"\n" + bytes(6 * 1024 * 1024))
    drop(panel.strip, big)
    qtbot.waitUntil(lambda: panel.strip.progress.isVisible(), timeout=WAIT_MS)
    assert panel.strip.cancel_button.isVisible()
    panel.strip.cancel_button.click()
    clicked.set()
    qtbot.waitUntil(lambda: "已取消上传" in form.message.text(), timeout=WAIT_MS)
    assert not panel.entries and not panel.strip.progress.isVisible()
    assert not panel.spool().entries()  # given up: not sent again at the next save
    assert log_in(live_server, maker).attachments.listing(document.id) == []


def test_query_shows_the_files_and_exports_the_archive_of_the_selected_row(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    maker = clerk(live_server, f"scan.query{next(_names)}")
    api = log_in(live_server, maker)
    payer = f"查询附件缴款人{next(_names)}"
    with_files = api.documents.create(income(codes, today(live_server), payer=payer))
    api.attachments.add_bytes(
        with_files.id, "发票.pdf", two_page_pdf(tmp_path / "a.pdf").read_bytes()
    )
    api.attachments.add_bytes(with_files.id, "收据.png", png(tmp_path / "b.png").read_bytes())
    api.documents.create(income(codes, today(live_server), payer=payer, amount="5.00"))

    window = workbench(qtbot, live_server, maker)
    window.show_page("query")
    page = window.query
    page.filters.text.setText(payer)
    page.filters.search_button.click()
    qtbot.waitUntil(lambda: len(page.model.rows) == 2, timeout=WAIT_MS)
    column = page.model.headerData(
        FILES_COLUMN, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
    )
    assert column == "附件"
    shown = {page.model.rows[n].id: page.model.index(n, FILES_COLUMN).data() for n in range(2)}
    assert shown[with_files.id] == "2" and list(shown.values()).count("") == 1
    tip = page.model.index(
        [page.model.rows[n].id for n in range(2)].index(with_files.id), FILES_COLUMN
    ).data(Qt.ItemDataRole.ToolTipRole)
    assert "2" in tip and "3" in tip  # two files, 附件张数 3

    assert not page.archive_button.isEnabled()  # nothing chosen yet
    page.table.selectRow([row.id for row in page.model.rows].index(with_files.id))
    assert page.archive_button.isEnabled()
    target = tmp_path / "查询档案.pdf"
    monkeypatch.setattr(archive_export, "ask_target", lambda _owner, _name: str(target))
    page.archive_button.click()
    qtbot.waitUntil(lambda: "电子档案已保存" in page.message.text(), timeout=WAIT_MS)
    assert len(PdfReader(target).pages) == 1 + 2 + 1  # the slip, the PDF's pages, the picture
