"""The entry screens, typed from the keyboard against a real server."""

from __future__ import annotations

import gc
import os
from decimal import Decimal
from itertools import count
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from client.widgets.look import state_of
from client.widgets.pdf_text import pdf_text
from client.workbench.entry.local_drafts import LocalDraftStore
from client.workbench.entry.voucher_print import save_pdf
from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus
from server.db.models import Document
from server.db.uow import UnitOfWork
from tests.client.test_shell import make_context
from tests.support.documents import Codes, clerk, income, office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import (
    WAIT_MS,
    log_in_through_dialog,
    open_window,
    require_chinese_font,
)

_names = count(1)


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


@pytest.fixture
def window(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> WorkbenchWindow:
    shell = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(shell, WorkbenchWindow)
    user = clerk(live_server, f"typist{next(_names)}", unit="001001001")
    log_in_through_dialog(qtbot, shell, live_server, user)
    qtbot.waitUntil(lambda: shell.reference.data is not None, timeout=WAIT_MS)
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow, timeout=WAIT_MS)
    return shell


def keys(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus, like a user does."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:  # Chinese arrives through the input method, committed as a whole
        widget.insert(text)  # type: ignore[attr-defined]


def enter(qtbot: QtBot) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def stored(server: LiveServer, document_id: int) -> Document:
    with UnitOfWork(server.engine).transaction() as session:
        doc = session.get(Document, document_id)
        assert doc is not None
        session.expunge(doc)
        return doc


def test_a_balanced_voucher_typed_with_the_keyboard_only_is_submitted(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    first = form.rows[0]
    first.summary.setFocus()
    keys(qtbot, "报销差旅费")
    enter(qtbot)
    assert focused() is first.account
    keys(qtbot, "500102")  # 商品和服务费用, by code
    enter(qtbot)  # the exact code is taken
    assert first.account.text() == "500102 商品和服务费用"
    assert focused() is first.debit
    keys(qtbot, "1234.5")
    enter(qtbot)
    assert focused() is first.credit
    enter(qtbot)  # no credit on this line
    second = form.rows[1]
    assert focused() is second.summary and second.summary.text() == "报销差旅费"
    enter(qtbot)
    keys(qtbot, "jbhck")  # 基本户存款 by its pinyin initials
    assert [e.code for e in second.account.matches("jbhck")] == ["100201"]
    enter(qtbot)  # the only match is taken
    assert second.account.text() == "100201 基本户存款"
    assert focused() is second.debit
    enter(qtbot)  # no debit on this line
    assert focused() is second.credit
    assert form.difference.text().endswith("1,234.50")
    assert state_of(form.difference) == "error"
    keys(qtbot, "=")  # fills the balancing amount
    assert second.credit.value() == Decimal("1234.50")
    assert form.difference.text().endswith("0.00")
    assert form.capitals.text().endswith("壹仟贰佰叁拾肆元伍角整")

    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    number = form.message.text().split("编号 ")[1]
    assert number.startswith("记-")
    assert form.rows[0].summary.text() == "" and form.document is None  # ready for the next
    with UnitOfWork(live_server.engine).transaction() as session:
        doc = session.scalar(select(Document).where(Document.summary == "报销差旅费"))
        assert doc is not None and doc.status == DocumentStatus.SUBMITTED.value
        assert doc.amount == Decimal("1234.50")


def test_an_unknown_account_says_why_and_lines_are_added_and_removed_by_button(
    qtbot: QtBot, window: WorkbenchWindow
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    form.say("已保存草稿 记-0001")  # a success message from before
    first = form.rows[0]
    first.account.setFocus()
    keys(qtbot, "999999")  # no such account
    form.rows[1].summary.setFocus()  # leaving the field settles it
    qtbot.waitUntil(lambda: state_of(first.account) == "marked", timeout=WAIT_MS)
    assert "“999999”不是可用的编码或名称" in form.lines_error.text()
    assert "999999" in first.account.toolTip() and first.account.current_id is None
    keys(qtbot, "x")
    form.show_errors([("lines[0].account_id", "第 1 行科目不可用")])
    assert form.message.text() == "第 1 行科目不可用" and "已保存" not in form.lines_error.text()

    qtbot.mouseClick(form.add_line_button, Qt.MouseButton.LeftButton)
    assert len(form.rows) == 3 and focused() is form.rows[2].summary
    form.rows[2].summary.setText("第三行")
    form.rows[1].summary.setFocus()
    qtbot.mouseClick(form.remove_line_button, Qt.MouseButton.LeftButton)
    assert [row.summary.text() for row in form.rows] == ["", "第三行"]  # line 2 went
    qtbot.mouseClick(form.remove_line_button, Qt.MouseButton.LeftButton)
    assert len(form.rows) == 2  # a voucher keeps two lines


def test_quitting_with_unsaved_typing_asks_keep_drop_or_stay(
    qtbot: QtBot, window: WorkbenchWindow
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    form.rows[0].summary.setFocus()
    keys(qtbot, "未保存的摘要")
    assert form.has_unsaved_input()
    window.quit_action.trigger()
    box = window.close_question
    assert box is not None and "凭证录入有尚未保存到服务器的输入" in box.text()
    box.reject()  # 取消: the window stays, the typing too
    qtbot.wait(100)
    assert window.isVisible() and form.rows[0].summary.text() == "未保存的摘要"
    assert window.login.auth.me is not None

    window.quit_action.trigger()
    box = window.close_question
    assert box is not None
    keep = next(b for b in box.buttons() if b.text() == "保留并关闭")
    keep.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
    kept = form.store()
    assert kept.load() is not None  # offered back at the next login
    assert kept.load()["draft"]["lines"][0]["summary"] == "未保存的摘要"  # type: ignore[index]


def test_enter_after_the_last_line_adds_one_and_errors_point_at_the_line(
    qtbot: QtBot, window: WorkbenchWindow
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    form.rows[1].credit.setFocus()
    enter(qtbot)
    assert len(form.rows) == 3 and focused() is form.rows[2].summary
    form.rows[0].account.set_current(None)
    form.rows[0].summary.setText("只有借方")
    form.rows[0].debit.set_value(Decimal("10.00"))
    form.submit()
    assert "至少需要两行" in form.message.text() or "第 1 行" in form.message.text()
    assert form.lines_error.text()


def test_an_income_record_with_a_large_amount_is_typed_twice(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes
) -> None:
    window.show_page("income")
    form = window.income_form
    form.item_picker.setFocus()
    keys(qtbot, "1030412")
    enter(qtbot)
    assert form.item_picker.current_id is not None and focused() is form.payer_edit
    keys(qtbot, "城东建筑公司")
    enter(qtbot)
    assert focused() is form.amount_edit
    keys(qtbot, "150000")
    enter(qtbot)
    assert form.amount_edit.text() == "150,000.00"
    assert form.capitals.text() == "壹拾伍万元整"
    form.submit_button.click()
    qtbot.waitUntil(lambda: form.dialog is not None, timeout=WAIT_MS)
    dialog = form.dialog
    assert dialog is not None and dialog.objectName() == "doubleEntryDialog"
    confirm = dialog.findChild(QWidget, "confirm_0")
    confirm.setText("15000")  # type: ignore[attr-defined]
    dialog._check()  # type: ignore[attr-defined]
    assert "不一致" in dialog.error_label.text()  # type: ignore[attr-defined]
    confirm.setText("150000")  # type: ignore[attr-defined]
    dialog._check()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    assert form.message.text().split("编号 ")[1].startswith("收入-")


def test_a_server_refusal_keeps_the_input_and_names_the_field(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer
) -> None:
    window.show_page("expenditure")
    form = window.expenditure_form
    form.functional_picker.set_current(None)
    form.payee_edit.setText("没有填完的支出")
    form.amount_edit.set_value(Decimal("88.00"))
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)
    assert form.document is not None and form.document.status is DocumentStatus.DRAFT
    form.submit()  # checked here first: the items are missing
    assert form.field_errors["functional_item_id"].text() == "请填写功能分类"
    assert form.payee_edit.text() == "没有填完的支出"
    # someone else's newer version: the server refuses, the input stays
    saved = stored(live_server, form.document.id)
    form.document = form.document.model_copy(update={"version": saved.version - 1})
    form.payee_edit.setText("改过的收款人")
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: "已被修改" in form.message.text(), timeout=WAIT_MS)
    assert form.payee_edit.text() == "改过的收款人"


def test_typing_is_kept_locally_and_offered_back_after_a_crash(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    form.rows[0].summary.setFocus()
    keys(qtbot, "断电前输入的凭证")
    form.rows[0].debit.setFocus()
    keys(qtbot, "77.7")
    form.keep_locally()  # what the timer does every few seconds
    store = form.store()
    state = store.load()
    assert state is not None and state["draft"]["lines"][0]["summary"] == "断电前输入的凭证"
    assert os.stat(store.path).st_mode & 0o077 == 0  # the user's eyes only
    form.clear()
    form.dirty = False
    form.restore_local(state)
    assert form.rows[0].summary.text() == "断电前输入的凭证"
    assert form.rows[0].debit.value() == Decimal("77.70")
    assert isinstance(store, LocalDraftStore)


def test_the_voucher_prints_in_the_standard_layout(
    qtbot: QtBot, window: WorkbenchWindow, tmp_path: Path
) -> None:
    form = window.voucher_form
    form.rows[0].summary.setText("购买办公用品")
    form.rows[0].account.set_current(form.reference.data.accounts[0].id)  # type: ignore[union-attr]
    form.rows[0].debit.set_value(Decimal("10005.60"))
    form.rows[1].summary.setText("购买办公用品")
    form.rows[1].credit.set_value(Decimal("10005.60"))
    data = form.print_data()
    assert data["lines"][0][2] == Decimal("10005.60")  # type: ignore[index]
    from client.workbench.entry.voucher_print import voucher_html

    page = voucher_html(data)
    assert "壹万零伍元陆角整" in page and "制单" in page and "10,005.60" in page
    require_chinese_font()
    pdf = tmp_path / "voucher.pdf"
    save_pdf(data, pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000
    words = pdf_text(pdf)
    assert "壹万零伍元陆角整" in words and "制单" in words and "10,005.60" in words


def test_the_voucher_print_preview_opens_and_closes_without_a_crash(
    qtbot: QtBot, window: WorkbenchWindow
) -> None:
    window.show_page("voucher")
    form = window.voucher_form
    form.rows[0].summary.setText("购买办公用品")
    form.rows[0].debit.set_value(Decimal("88.00"))
    qtbot.mouseClick(form.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.preview_dialog is not None, timeout=WAIT_MS)
    dialog = form.preview_dialog
    assert dialog is not None and dialog.isVisible()
    gc.collect()  # what killed the client: the printer, a local, collected while painting
    qtbot.wait(300)  # the preview paints its pages
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert window.isVisible() and form.rows[0].summary.text() == "购买办公用品"


def test_a_refused_import_writes_the_report_next_to_the_file(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    form = window.income_form
    template = tmp_path / "收入.xlsx"
    form.batch.write_template(template)
    qtbot.waitUntil(lambda: "模板已保存" in form.message.text(), timeout=WAIT_MS)
    book = load_workbook(template)
    book.worksheets[0].append(["2026-13-45", "001001001", "1030412", "10.00", "某人", "", 0])
    book.save(template)
    form.batch.run(template)
    qtbot.waitUntil(lambda: form.batch.report is not None, timeout=WAIT_MS)
    assert form.batch.report is not None and form.batch.report.exists()
    assert "文件未导入" in form.message.text()
    sheet = load_workbook(form.batch.report).worksheets[0]
    assert "日期“2026-13-45”无法识别" in str(sheet.cell(row=3, column=8).value)


def test_my_documents_reopen_a_draft_and_delete_it_with_a_reason(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer
) -> None:
    form = window.income_form
    window.show_page("income")
    form.payer_edit.setText("稍后再填的缴款人")
    form.amount_edit.set_value(Decimal("321.00"))
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)
    assert form.document is not None
    draft_id = form.document.id
    form.start_new()
    assert form.payer_edit.text() == ""

    view = window.my_documents
    window.show_page("documents")
    view.refresh()
    qtbot.waitUntil(lambda: any(r.id == draft_id for r in view.model.rows), timeout=WAIT_MS)
    view.select_id(draft_id)
    assert view.model.data(view.model.index(0, 5), Qt.ItemDataRole.DisplayRole) == "草稿"
    view.buttons["edit"].click()
    qtbot.waitUntil(lambda: window.navigation.currentRow() == 1, timeout=WAIT_MS)
    assert form.payer_edit.text() == "稍后再填的缴款人" and "正在修改" in form.message.text()

    window.show_page("documents")
    view.select_id(draft_id)
    view.buttons["delete"].click()
    qtbot.waitUntil(lambda: view.dialog is not None, timeout=WAIT_MS)
    view.dialog.setTextValue("重复录入")  # type: ignore[union-attr]
    view.dialog.accept()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: all(r.id != draft_id for r in view.model.rows), timeout=WAIT_MS)
    assert "已删除草稿" in view.message.text()
    assert stored(live_server, draft_id).delete_reason == "重复录入"


def test_a_submission_without_an_answer_is_confirmed_and_never_made_twice(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes
) -> None:
    window.show_page("income")
    form = window.income_form
    form.item_picker.set_current(codes.item("income", "1030412"))
    form.payer_edit.setText("网络中断时的缴款人")
    form.amount_edit.set_value(Decimal("432.10"))
    form.dirty = True
    api = form.context.api()
    assert api is not None
    # an income numbered in the form's month before: its counter row exists to be held
    # (else the submission would make the row and not wait, whatever ran before)
    earlier = income(
        codes, form.date_edit.date().toPython(), amount="1.00", payer="本月先到的缴款人"
    )
    api.documents.create_and_submit(earlier)
    api.transport._http.timeout = httpx.Timeout(0.5)  # a network that gives up soon
    # The server is slow: the numbering row is held, so no answer comes in time.
    with live_server.engine.connect() as blocker:
        held = blocker.begin()
        blocker.execute(text("SELECT 1 FROM number_sequences WHERE series = '收入' FOR UPDATE"))
        form.submit()
        qtbot.waitUntil(lambda: form.pending is not None, timeout=WAIT_MS)
        held.rollback()
    assert "不能确定" in form.message.text() and form.payer_edit.text() == "网络中断时的缴款人"
    kept = form.store().load()
    assert kept is not None and kept["pending"]["key"] == form.pending.key
    api.transport._http.timeout = httpx.Timeout(15.0)

    form.submit()  # the user tries again once the network is back
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    assert form.pending is None and form.store().load() is None
    with UnitOfWork(live_server.engine).transaction() as session:
        made = session.scalars(
            select(Document).where(Document.counterparty == "网络中断时的缴款人")
        ).all()
    assert [d.status for d in made] == [DocumentStatus.SUBMITTED.value]
    assert form.message.text().endswith(f"收入-{made[0].number:04d}")


def test_a_submission_cut_off_by_the_database_is_kept_and_sent_again_with_its_key(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes
) -> None:
    """A failover breaks the server's connection mid-request: the answer is 503
    database.unavailable and nobody knows whether the commit happened, so the
    form keeps the request and its idempotency key, as when no answer came."""
    window.show_page("income")
    form = window.income_form
    form.item_picker.set_current(codes.item("income", "1030412"))
    form.payer_edit.setText("故障切换时的缴款人")
    form.amount_edit.set_value(Decimal("543.21"))
    form.dirty = True
    api = form.context.api()
    assert api is not None
    earlier = income(
        codes, form.date_edit.date().toPython(), amount="1.00", payer="切换前先到的缴款人"
    )
    api.documents.create_and_submit(earlier)
    with live_server.engine.connect() as blocker:
        held = blocker.begin()
        blocker.execute(text("SELECT 1 FROM number_sequences WHERE series = '收入' FOR UPDATE"))
        form.submit()
        waiting = "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> %s"
        mine = blocker.connection.dbapi_connection.info.backend_pid  # type: ignore[union-attr]
        pids: list[int] = []

        def submission_waits() -> bool:
            pids[:] = blocker.exec_driver_sql(waiting % int(mine)).scalars().all()
            return bool(pids)

        qtbot.waitUntil(submission_waits, timeout=WAIT_MS)
        blocker.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pids[0]})
        qtbot.waitUntil(lambda: form.pending is not None, timeout=WAIT_MS)
        held.rollback()
    assert "不能确定" in form.message.text() and form.payer_edit.text() == "故障切换时的缴款人"
    kept = form.store().load()
    assert kept is not None and kept["pending"]["key"] == form.pending.key

    form.submit()
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    with UnitOfWork(live_server.engine).transaction() as session:
        made = session.scalars(
            select(Document).where(Document.counterparty == "故障切换时的缴款人")
        ).all()
    assert [d.status for d in made] == [DocumentStatus.SUBMITTED.value]


def test_opening_another_document_asks_before_unsaved_typing_is_dropped(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes
) -> None:
    window.show_page("income")
    form = window.income_form
    form.payer_edit.setText("已保存的缴款人")
    form.amount_edit.set_value(Decimal("12.00"))
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)
    saved = form.document
    assert saved is not None and not form.dirty
    form.start_new()
    form.payer_edit.setText("还没保存的输入")
    form.dirty = True
    form.edit(saved)
    qtbot.waitUntil(lambda: form.dialog is not None, timeout=WAIT_MS)
    form.dialog.done(QMessageBox.StandardButton.No)  # type: ignore[union-attr]
    assert form.payer_edit.text() == "还没保存的输入" and form.document is None
    form.edit(saved)
    qtbot.waitUntil(lambda: form.dialog is not None, timeout=WAIT_MS)
    form.dialog.done(QMessageBox.StandardButton.Yes)  # type: ignore[union-attr]
    assert form.payer_edit.text() == "已保存的缴款人" and form.document == saved


def test_a_restored_copy_of_an_older_version_does_not_overwrite_a_newer_save(
    qtbot: QtBot, window: WorkbenchWindow, live_server: LiveServer, codes: Codes
) -> None:
    window.show_page("income")
    form = window.income_form
    form.payer_edit.setText("第一版")
    form.amount_edit.set_value(Decimal("45.00"))
    form.dirty = True
    form.save_draft()
    qtbot.waitUntil(lambda: form.document is not None, timeout=WAIT_MS)
    first = form.document
    assert first is not None
    form.payer_edit.setText("断线时在输入的内容")
    form.dirty = True
    form.keep_locally()
    copy = form.store().load()
    assert copy is not None and copy["version"] == first.version
    # meanwhile the same draft is saved from elsewhere
    api = form.context.api()
    assert api is not None
    api.documents.update(first.id, form.draft().model_copy(update={"payer": "别处保存"}), version=1)

    form.restore_local(copy)
    qtbot.waitUntil(
        lambda: form.document is not None and form.document.counterparty == "别处保存",
        timeout=WAIT_MS,
    )
    form.save_draft()
    qtbot.waitUntil(lambda: "已被修改" in form.message.text(), timeout=WAIT_MS)
    assert form.payer_edit.text() == "断线时在输入的内容"
    assert stored(live_server, first.id).counterparty == "别处保存"
