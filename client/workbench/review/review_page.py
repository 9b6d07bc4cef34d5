"""审核 / 审批: the reviewer's lists and the item in hand.

Keyboard-first, to work through a queue without the mouse: Up/Down choose the
item (its document and timeline show on the right), Ctrl+Enter approves, Ctrl+R
rejects and Ctrl+B returns it for correction (both need the reason typed in the
opinion box, which Ctrl+O focuses), Ctrl+D delegates it; after a decision the
next item is selected. A reason that says nothing is caught here before it is
sent; the server checks again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient, ApiError
from client.core.changes import Changed
from client.core.whole_list import PAGE_SIZE, WholeList
from client.shell.page_context import PageContext
from client.widgets.attachment_viewer import AttachmentViewer
from client.widgets.list_table import ListTable
from client.widgets.look import set_look
from client.widgets.message_line import MessageLine
from client.workbench.review.absence_dialog import AbsenceDialog
from client.workbench.review.attachments_box import open_viewer
from client.workbench.review.delegate_dialog import DelegateDialog
from client.workbench.review.document_detail import DocumentDetail
from client.workbench.review.items_model import ReviewItemsModel
from common.rules.review_reason import is_specific_reason
from common.schemas.attachments import AttachmentListedOut
from common.schemas.documents import DocumentOut
from common.schemas.reviews import DelegateCandidateOut, ReviewItemOut, TimelineOut

LISTS = ("todo", "in_progress", "done")


class ReviewPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.setObjectName("reviewPage")
        self.context = context
        reference = context.reference
        self.current: DocumentOut | None = None
        self.busy = False
        self.delegate_dialog: DelegateDialog | None = None
        self.model = ReviewItemsModel(reference.unit_name)
        self.title = QLabel()
        set_look(self.title, "title")
        self.tabs = QTabBar()
        self.tabs.setObjectName("reviewLists")
        for _ in LISTS:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(lambda _index: self._list_changed())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("reviewRefresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.absence_button = QPushButton()
        self.absence_button.setObjectName("reviewAbsence")
        self.absence_button.clicked.connect(self.open_absences)
        self.absence_dialog: AbsenceDialog | None = None
        self._then: Callable[[], None] | None = None
        self._keep: int | None = None
        self.loader = WholeList[ReviewItemOut](
            self,
            shown=self._page_shown,
            done=self._all_loaded,
            failure=lambda error: context.report(error, say=self.message.say_error),
        )
        self.table = ListTable(self.model, "reviewTable", stretch=4)
        self.table.sortByColumn(7, Qt.SortOrder.AscendingOrder)  # nearest deadline first
        self.filter_edit, self.count_label = self.table.filter_edit, self.table.count_label
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_selected())
        self.detail = DocumentDetail(reference)
        self.viewer: AttachmentViewer | None = None
        self.detail.attachments_box.open_requested.connect(self.open_attachments)
        self.opinion = QPlainTextEdit()
        self.opinion.setObjectName("reviewOpinion")
        self.opinion.setMaximumHeight(80)
        self.message = MessageLine("reviewMessage")
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        for key, slot, keys in (
            ("approve", self.approve, "Ctrl+Return"),
            ("reject", self.reject, "Ctrl+R"),
            ("return", self.return_for_correction, "Ctrl+B"),
            ("delegate", self.delegate, "Ctrl+D"),
        ):
            button = QPushButton()
            button.setObjectName(f"review_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            actions.addWidget(button)
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.take_back_button = QPushButton()
        self.take_back_button.setObjectName("review_take_back")
        self.take_back_button.clicked.connect(self.take_back)
        actions.addWidget(self.take_back_button)
        enter = QShortcut(QKeySequence("Ctrl+Enter"), self)
        enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.activated.connect(self.approve)
        focus_opinion = QShortcut(QKeySequence("Ctrl+O"), self)
        focus_opinion.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus_opinion.activated.connect(self.opinion.setFocus)
        actions.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.tabs)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(self.filter_edit)
        top.addWidget(self.absence_button)
        top.addWidget(self.refresh_button)
        right = QWidget()
        right.setMaximumWidth(470)  # the list keeps the room for its columns
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        detail_area = QScrollArea()  # a long document scrolls; the window still fits 768 px
        detail_area.setWidgetResizable(True)
        detail_area.setFrameShape(QFrame.Shape.NoFrame)
        detail_area.setWidget(self.detail)
        right_layout.addWidget(detail_area, 1)
        self.opinion_label = QLabel()
        right_layout.addWidget(self.opinion_label)
        right_layout.addWidget(self.opinion)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self._offer_for_list()
        context.login.auth.logged_in.connect(lambda _me: self.refresh())
        context.login.auth.logged_out.connect(lambda *_: self.clear())
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("审核 / 审批"))
        for index, text in enumerate((self.tr("待办"), self.tr("进行中"), self.tr("已办"))):
            self.tabs.setTabText(index, text)
        self.table.retranslate(self.tr("筛选:编号、对方、摘要、制单人…"))
        self.refresh_button.setText(self.tr("刷新"))
        self.absence_button.setText(self.tr("休假委托…"))
        if self.absence_dialog is not None:
            self.absence_dialog.retranslate()
        self.opinion_label.setText(self.tr("审批意见(驳回、退回必须写明原因) Ctrl+O"))
        for key, text in (
            ("approve", self.tr("审核通过 Ctrl+Enter")),
            ("reject", self.tr("审核不通过 Ctrl+R")),
            ("return", self.tr("退回修改 Ctrl+B")),
            ("delegate", self.tr("委托 Ctrl+D")),
        ):
            self.buttons[key].setText(text)
        self.take_back_button.setText(self.tr("收回审批"))
        self.detail.retranslate()

    def clear(self) -> None:
        """Logged out: nothing of the last reviewer's lists, item or opinion stays."""
        self.loader.stop()
        self.table.total = None
        self.model.set_rows([])
        self.current = None
        self.detail.clear()
        self.opinion.clear()
        self.message.clear()
        if self.absence_dialog is not None:
            self.absence_dialog.reject()

    # -- 休假委托 ----------------------------------------------------------------
    def open_absences(self) -> AbsenceDialog:
        """My absences and stand-ins; a new one names someone the server offers."""
        if self.absence_dialog is None:
            today = QDate.currentDate().toPython()  # the user's calendar day
            assert isinstance(today, dt.date)
            dialog = AbsenceDialog(self.context, today, self)
            self.absence_dialog = dialog

            def closed(_: int) -> None:
                self.absence_dialog = None
                dialog.deleteLater()

            dialog.finished.connect(closed)
            dialog.open()
            dialog.load()
        return self.absence_dialog

    # -- lists --------------------------------------------------------------
    def which(self) -> str:
        return LISTS[max(self.tabs.currentIndex(), 0)]

    def _list_changed(self) -> None:
        self._offer_for_list()
        self.refresh()

    def _offer_for_list(self) -> None:
        """Decisions on the to-do list; taking an approval back on 进行中; neither on 已办."""
        deciding = self.which() == "todo"
        for key in ("approve", "reject", "return", "delegate"):
            self.buttons[key].setVisible(deciding)
        self.opinion.setEnabled(self.which() != "done")
        self.take_back_button.setVisible(self.which() == "in_progress")

    def show_list(self, which: str, document_id: int | None = None) -> None:
        """Open one of the lists (from the home screen), at ``document_id`` if given."""
        self.filter_edit.clear()
        blocked = self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(LISTS.index(which))
        self.tabs.blockSignals(blocked)
        self._offer_for_list()
        self.refresh(then=lambda: self.select_document(document_id))

    def select_document(self, document_id: int | None) -> None:
        found = document_id is not None and self.table.select_where(
            lambda item: item.document_id == document_id
        )
        if not found:
            self.select_row(0)

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """The whole list, first page at once and the rest behind it (WholeList);
        ``then`` runs once every row is in."""
        api = self.context.api()
        if api is None:
            return  # not connected yet: the login refreshes
        path = {"todo": "todo", "in_progress": "in-progress", "done": "done"}[self.which()]
        held = self.selected_item()
        self._keep = held.document_id if held is not None else None
        self._then = then
        self.loader.load(lambda after: api.reviews.page(path, limit=PAGE_SIZE, after=after))

    def _page_shown(self, rows: list[ReviewItemOut], total: int, first: bool) -> None:
        self.table.total = total
        if not first:
            self.model.append_rows(rows)
            return
        self.model.set_rows(rows)
        keep = self._keep
        if keep is not None and self.table.select_where(lambda r: r.document_id == keep):
            pass  # a refresh never moves the reviewer off the item
        elif not self.table.selectionModel().hasSelection():
            self.select_row(0)

    def _all_loaded(self) -> None:
        self.table.show_count()
        then, self._then = self._then, None
        if then is not None:
            then()

    def select_row(self, row: int) -> None:
        """The ``row``-th item as shown (the next one after a decision); none left
        clears the detail."""
        self.table.select_shown(row)
        if self.table.view.rowCount() == 0:
            self.current = None
            self.detail.clear()

    def selected_item(self) -> ReviewItemOut | None:
        return self.table.current()  # the selection follows it, after currentRowChanged

    def _open_selected(self) -> None:
        item = self.selected_item()
        if item is None:
            return
        document_id = item.document_id
        if self.current is not None and self.current.id != document_id:
            # another item is highlighted: nothing may be decided, and no opinion
            # typed for the previous one may go out, until this one has loaded
            self.current = None
            self.opinion.clear()
            self.detail.clear()

        def fetch(
            api: ApiClient,
        ) -> tuple[DocumentOut, TimelineOut, list[AttachmentListedOut]]:
            return (
                api.documents.get(document_id),
                api.reviews.timeline(document_id),
                api.attachments.listing(document_id),
            )

        def show(found: tuple[DocumentOut, TimelineOut, list[AttachmentListedOut]]) -> None:
            selected = self.selected_item()
            if selected is None or selected.document_id != found[0].id:
                return  # the reviewer moved on meanwhile
            self.current = found[0]
            self.detail.show_document(found[0], found[1])
            self.detail.attachments_box.show_rows(found[2])

        self._run(fetch, show)

    def open_attachments(self, start: int = 0) -> AttachmentViewer | None:
        """The item's files in the viewer; opening each is what approval needs."""
        if self.current is None or not self.detail.attachments_box.rows:
            return None
        self.viewer = open_viewer(self, self.context, self.detail.attachments_box, start)
        return self.viewer

    # -- decisions ----------------------------------------------------------
    def approve(self) -> None:
        self._decide(
            lambda api, doc, text: api.reviews.approve(doc.id, version=doc.version, opinion=text),
            self.tr("已审核通过 {number}"),
        )

    def reject(self) -> None:
        if not self._reason_given():
            return
        self._decide(
            lambda api, doc, text: api.reviews.reject(doc.id, version=doc.version, reason=text),
            self.tr("已驳回 {number}"),
        )

    def return_for_correction(self) -> None:
        if not self._reason_given():
            return
        self._decide(
            lambda api, doc, text: api.reviews.return_for_correction(
                doc.id, version=doc.version, reason=text
            ),
            self.tr("已退回 {number},等待制单人修改"),
        )

    def _reason_given(self) -> bool:
        if self.current is None or self.which() != "todo":
            return False
        if is_specific_reason(self.opinion.toPlainText()):
            return True
        self.message.say_error(
            self.tr("驳回或退回必须写明具体原因(哪一项、错在哪里),“不同意”“有误”之类不算")
        )
        self.opinion.setFocus()
        return False

    def delegate(self) -> None:
        doc = self.current
        if doc is None or self.busy or self.which() != "todo":
            return

        def ask(candidates: list[DelegateCandidateOut]) -> None:
            if self.current is None or self.current.id != doc.id:
                return
            dialog = DelegateDialog(candidates, self)
            self.delegate_dialog = dialog
            dialog.accepted.connect(lambda: self._delegate_to(dialog))
            dialog.open()

        self._run(lambda api: api.reviews.delegates(doc.id), ask)

    def _delegate_to(self, dialog: DelegateDialog) -> None:
        target = dialog.chosen()
        if target is None:
            return
        note = dialog.opinion.text().strip()
        self._decide(
            lambda api, doc, _text: api.reviews.delegate(
                doc.id, version=doc.version, to_user_id=target, opinion=note
            ),
            self.tr("已委托 {number} 给 {name}").format(
                number="{number}", name=dialog.people.currentText()
            ),
        )

    def take_back(self) -> None:
        """收回审批: my approval of an item in progress, while the next step has not
        acted on it (the server decides); the opinion box says why, for the maker."""
        self._decide(
            lambda api, doc, text: api.reviews.take_back(doc.id, version=doc.version, opinion=text),
            self.tr("已收回对 {number} 的审批,单据回到您的待办"),
            on_list="in_progress",
        )

    def _decide(
        self,
        call: Callable[[ApiClient, DocumentOut, str], DocumentOut],
        done_text: str,
        *,
        on_list: str = "todo",
    ) -> None:
        doc = self.current
        if doc is None or self.busy or self.which() != on_list:
            return
        text = self.opinion.toPlainText().strip()
        row = self.table.currentIndex().row()
        self.busy = True

        def decided(out: DocumentOut) -> None:
            self.busy = False
            self.opinion.clear()
            self.current = None
            self.message.say(done_text.format(number=out.number or f"#{out.id}"))
            self.refresh(then=lambda: self.select_row(row))  # the next item moves up
            self.context.changes.announce(Changed.REVIEWS, Changed.DOCUMENTS)
            self.table.setFocus()

        def failed(error: Exception) -> None:
            self.busy = False
            if isinstance(error, ApiError) and error.params.get("field") == "opinion":
                self.opinion.setFocus()

        if not self._run(lambda api: call(api, doc, text), decided, failure=failed):
            self.busy = False

    # -- plumbing -----------------------------------------------------------
    def _run(
        self,
        op: Callable[[ApiClient], Any],
        done: Callable[[Any], None],
        *,
        failure: Callable[[Exception], None] | None = None,
    ) -> bool:
        return self.context.run(self, op, done, say=self.message.say_error, failure=failure)
