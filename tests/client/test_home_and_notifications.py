"""The home screen's counts and notifications, the status-bar badge, delegation
from the review screen, and the clerk reading why an item came back — real
windows against a real server."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.api import ApiClient
from client.core.ops import operations_in_flight
from client.widgets.look import state_of
from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentStatus, NotificationKind, ReviewLevel
from common.schemas.documents import DocumentOut
from tests.client.test_shell import make_context
from tests.support.accounts import Account, log_in
from tests.support.documents import Codes, clerk, income, office, run_sql, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window
from tests.support.reviews import reviewer

_names = count(1)


def name(prefix: str) -> str:
    return f"home.{prefix}{next(_names)}"


@pytest.fixture(scope="module")
def codes(live_server: LiveServer) -> Codes:
    return office(live_server)


def signed_in(qtbot: QtBot, live_server: LiveServer, account: Account) -> WorkbenchWindow:
    shell = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(shell, WorkbenchWindow)
    log_in_through_dialog(qtbot, shell, live_server, account)
    qtbot.waitUntil(lambda: shell.notifier.cursor is not None, timeout=WAIT_MS)
    return shell


def send(
    maker: ApiClient, codes: Codes, server: LiveServer, amount: str, unit: str = "001001001"
) -> DocumentOut:
    draft = income(
        codes, today(server), amount=amount, payer=name("缴款人"), unit_id=codes.units[unit]
    )
    return maker.documents.create_and_submit(draft)


def test_home_counts_notifications_and_the_overdue_badge(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    # a bureau of its own: the module's other tests leave work in the demo bureaus' queues
    codes = unit_of_its_own(live_server, "001095", "市统计局")
    account = reviewer(live_server, name("super"), (ReviewLevel.SUPERVISOR, "001095"))
    window = signed_in(qtbot, live_server, account)
    home = window.home
    assert window.stack.currentWidget() is home
    assert home.tiles["todo"].text().splitlines() == ["待办", "0"]
    assert not window.badge.overdue.isVisible()

    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001095"))
    doc = send(maker, codes, live_server, "510.00", unit="001095")
    window.notifier.poll()
    qtbot.waitUntil(lambda: home.tiles["todo"].text().endswith("\n1"), timeout=WAIT_MS)
    first = home.notices.item(0)
    assert doc.number is not None and first.font().bold()
    month = doc.doc_date.strftime("%Y-%m")
    assert f"{month} {doc.number}" in first.text()  # numbers restart monthly: the period too
    assert window.badge.unread.text() == "消息 1"
    assert doc.number in window.statusBar().currentMessage()  # announced once, as it came

    run_sql(
        live_server,
        "UPDATE approval_steps SET yellow_from = :t - interval '2 days',"
        " deadline_at = :t - interval '1 hour' WHERE document_id = :id",
        t=live_server.clock.now(),
        id=doc.id,
    )
    window.notifier.poll()
    qtbot.waitUntil(lambda: window.badge.overdue.text() == "逾期 1", timeout=WAIT_MS)
    assert not window.badge.overdue.isHidden()
    assert state_of(home.tiles["overdue"]) == "alarm"
    kinds = [
        home.notices.item(row).data(Qt.ItemDataRole.UserRole).kind
        for row in range(home.notices.count())
    ]
    assert kinds == [NotificationKind.DUE_SOON, NotificationKind.NEW_WORK]

    home.mark_all.click()
    qtbot.waitUntil(lambda: window.badge.unread.text() == "消息 0", timeout=WAIT_MS)
    assert not home.notices.item(0).font().bold()

    home.tiles["overdue"].click()  # the tile opens the to-do list at the work
    assert window.stack.currentWidget() is window.review
    qtbot.waitUntil(
        lambda: window.review.current is not None and window.review.current.id == doc.id,
        timeout=WAIT_MS,
    )


def test_a_reviewer_delegates_from_the_keyboard(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    account = reviewer(live_server, name("away"), (ReviewLevel.SUPERVISOR, "001001001"))
    colleague = reviewer(live_server, name("colleague"), (ReviewLevel.SUPERVISOR, "001001"))
    window = signed_in(qtbot, live_server, account)
    maker = log_in(live_server, clerk(live_server, name("maker")))
    doc = send(maker, codes, live_server, "520.00")
    window.open_review_list("todo", doc.id)
    page = window.review
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == doc.id, timeout=WAIT_MS)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)  # shortcuts need an active window
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.delegate_dialog is not None, timeout=WAIT_MS)
    dialog = page.delegate_dialog
    assert dialog is not None
    names = [dialog.people.itemText(i) for i in range(dialog.people.count())]
    assert any(colleague.username in label for label in names)
    dialog.people.setCurrentIndex(
        next(i for i, label in enumerate(names) if colleague.username in label)
    )
    dialog.opinion.setText("出差三天")
    dialog.accept()
    qtbot.waitUntil(lambda: "已委托" in page.message.text(), timeout=WAIT_MS)
    last = maker.reviews.timeline(doc.id).entries[-1]
    assert (last.delegate_name, last.opinion) == (colleague.username, "出差三天")
    assert maker.documents.get(doc.id).status is DocumentStatus.IN_REVIEW


def test_the_clerk_reads_why_an_item_came_back_and_opens_it(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    maker_account = clerk(live_server, name("clerk"))
    window = signed_in(qtbot, live_server, maker_account)
    maker = log_in(live_server, maker_account)
    checker = log_in(
        live_server,
        reviewer(live_server, name("checker"), (ReviewLevel.SUPERVISOR, "001001")),
    )
    doc = send(maker, codes, live_server, "530.00")
    checker.reviews.return_for_correction(
        doc.id, version=doc.version, reason="附件缺少收款收据,请补充后重新提交"
    )
    window.notifier.poll()
    home = window.home
    qtbot.waitUntil(
        lambda: home.notices.count() > 0 and "退回" in home.notices.item(0).text(), timeout=WAIT_MS
    )
    home._notice_activated(home.notices.item(0))  # as a double-click or Enter does
    assert window.stack.currentWidget() is window.my_documents
    view = window.my_documents
    qtbot.waitUntil(lambda: "附件缺少收款收据" in view.reason.text(), timeout=WAIT_MS)
    assert view.reason.text().startswith("退回原因:")
    texts = [view.timeline.item(row).text() for row in range(view.timeline.count())]
    assert any("退回修改" in text for text in texts)
    view.edit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.income_form, timeout=WAIT_MS)
    QApplication.processEvents()
    assert window.income_form.document is not None
    form = window.income_form
    assert form.document.status is DocumentStatus.RETURNED
    form.summary_edit.setFocus()
    qtbot.keyClick(form.summary_edit, Qt.Key.Key_End)
    qtbot.keyClicks(form.summary_edit, " + receipt")  # the correction, typed
    form.submit()
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    again = maker.documents.get(doc.id)
    assert again.status is DocumentStatus.SUBMITTED and again.summary == "学费收入 + receipt"
    timeline = maker.reviews.timeline(doc.id)
    assert [entry.action for entry in timeline.entries][-1] == "submitted"
    assert [step.status for step in timeline.steps] == ["active"]  # a new round began


def test_a_refresh_never_moves_the_reviewer_off_the_item_in_hand(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    account = reviewer(live_server, name("steady"), (ReviewLevel.SUPERVISOR, "001001001"))
    window = signed_in(qtbot, live_server, account)
    maker = log_in(live_server, clerk(live_server, name("maker")))
    docs = [send(maker, codes, live_server, amount) for amount in ("931.00", "933.00")]
    page = window.review
    window.open_review_list("todo", docs[1].id)
    qtbot.waitUntil(
        lambda: page.current is not None and page.current.id == docs[1].id, timeout=WAIT_MS
    )
    page.opinion.setPlainText("金额与发票一致")
    newer = send(maker, codes, live_server, "930.00")  # sorts above the item in hand
    page.refresh()
    qtbot.waitUntil(lambda: newer.id in [r.document_id for r in page.model.rows], timeout=WAIT_MS)
    qtbot.wait(300)
    held = page.selected_item()
    assert held is not None and held.document_id == docs[1].id
    assert page.current is not None and page.current.id == docs[1].id
    assert page.opinion.toPlainText() == "金额与发票一致"
    # choosing another item drops the opinion written for this one at once
    page.select_document(docs[0].id)
    assert page.opinion.toPlainText() == ""
    assert page.current is None or page.current.id == docs[0].id


def test_a_late_answer_for_the_previous_user_is_dropped(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    codes: Codes,
) -> None:
    account = reviewer(live_server, name("leaving"), (ReviewLevel.SUPERVISOR, "001001"))
    window = signed_in(qtbot, live_server, account)
    notifier = window.notifier
    qtbot.waitUntil(lambda: not notifier.polling, timeout=WAIT_MS)
    notifier.poll()
    assert notifier.polling
    notifier.stop()  # logged out while the poll is on its way
    qtbot.waitUntil(lambda: operations_in_flight() == 0, timeout=WAIT_MS)
    assert notifier.counts is None and notifier.latest == [] and notifier.cursor is None
    assert window.home.tiles["todo"].text().endswith("—")
