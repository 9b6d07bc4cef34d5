"""记账 and 出纳签字, where posting is a step of its own: the approved vouchers
waiting for this person, the voucher in hand with its approval record, and one
action (Ctrl+Enter) that moves it on. Rows this person may not take (their own,
ones they reviewed, ones they signed as cashier) stay listed, greyed, with the
reason; the server decides again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from client.api import ApiClient
from client.core.changes import Changed
from client.shell.page_context import PageContext
from client.widgets.list_table import ListTable
from client.widgets.look import hint_label, set_look
from client.widgets.message_line import MessageLine
from client.workbench.posting.items_model import PostingItemsModel
from client.workbench.review.document_detail import DocumentDetail
from common.permissions import Permission, granted
from common.schemas.auth import MeOut
from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingItemOut, PostingStage
from common.schemas.reviews import TimelineOut


class PostingPage(QWidget):
    def __init__(self, context: PageContext, stage: PostingStage) -> None:
        super().__init__()
        self.context = context
        self.stage = stage
        self.current: DocumentOut | None = None
        self.busy = False
        self.model = PostingItemsModel(context.reference.unit_name)
        self.title = QLabel()
        set_look(self.title, "title")
        self.hint = hint_label(f"{stage.value}Hint")
        self.table = ListTable(self.model, f"{stage.value}Table", stretch=3)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._open_selected())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName(f"{stage.value}_refresh")
        self.refresh_button.clicked.connect(lambda: self.refresh())
        self.act_button = QPushButton()
        self.act_button.setObjectName(f"{stage.value}_act")
        self.act_button.setEnabled(False)
        self.act_button.clicked.connect(self.act)
        shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.act)
        self.detail = DocumentDetail(context.reference)
        self.message = MessageLine(f"{stage.value}Message")

        top = QHBoxLayout()
        top.addWidget(self.table.count_label)
        top.addStretch(1)
        top.addWidget(self.table.filter_edit)
        top.addWidget(self.refresh_button)
        right = QWidget()
        right.setMaximumWidth(470)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(self.detail)
        right_layout.addWidget(area, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.act_button)
        actions.addStretch(1)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        context.login.auth.logged_in.connect(self._logged_in)
        context.login.auth.logged_out.connect(lambda *_: self.clear())
        self.retranslate()

    def retranslate(self) -> None:
        cashier = self.stage is PostingStage.CASHIER
        self.title.setText(self.tr("出纳签字") if cashier else self.tr("记账"))
        self.hint.setText(
            self.tr(
                "涉及库存现金、银行存款、零余额账户的已审核凭证,出纳核对收付后签字,然后才能记账。"
            )
            if cashier
            else self.tr(
                "已审核的凭证由记账员记账;制单人、审核人和签字的出纳不能为同一张凭证记账。"
            )
        )
        self.act_button.setText(
            self.tr("出纳签字 Ctrl+Enter") if cashier else self.tr("记账 Ctrl+Enter")
        )
        self.refresh_button.setText(self.tr("刷新"))
        self.table.retranslate(self.tr("筛选:凭证号、摘要、制单人…"))
        self.model.retranslate()
        self.detail.retranslate()

    def _logged_in(self, me: MeOut) -> None:
        """Only a cashier's or poster's list is fetched: the page is theirs alone."""
        needs = (
            Permission.CASHIER_SIGN
            if self.stage is PostingStage.CASHIER
            else Permission.POST_VOUCHERS
        )
        if granted(me.roles, needs):
            self.refresh()

    def clear(self) -> None:
        self.model.set_rows([])
        self.current = None
        self.detail.clear()
        self.message.clear()
        self.act_button.setEnabled(False)

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        stage = self.stage
        held = self.table.current()
        keep = held.document_id if held is not None else None

        def shown(rows: list[PostingItemOut]) -> None:
            self.model.set_rows(rows)
            self.table.show_count()
            if keep is None or not self.table.select_where(lambda r: r.document_id == keep):
                self.select_row(0)
            if then is not None:
                then()

        self._run(lambda api: api.posting.queue(stage), shown)

    def select_row(self, row: int) -> None:
        self.table.select_shown(row)
        if self.table.view.rowCount() == 0:
            self.current = None
            self.detail.clear()
            self.act_button.setEnabled(False)

    def _open_selected(self) -> None:
        item = self.table.current()
        if item is None:
            return
        self.current = None
        self.act_button.setEnabled(False)
        document_id = item.document_id

        def fetch(api: ApiClient) -> tuple[DocumentOut, TimelineOut]:
            record = api.documents.get(document_id)
            source = record.source_id if record.source_id is not None else record.id
            return record, api.reviews.timeline(source)

        def show(found: tuple[DocumentOut, TimelineOut]) -> None:
            selected = self.table.current()
            if selected is None or selected.document_id != found[0].id:
                return  # moved on meanwhile
            self.current = found[0]
            self.detail.show_document(found[0], found[1])
            self.act_button.setEnabled(selected.actionable)
            if not selected.actionable:
                self.message.say_error(
                    self.tr("您不能办理这张凭证:{reason}").format(
                        reason=self.model.text(selected, "note")
                    )
                )
            else:
                self.message.clear()

        self._run(fetch, show)

    def act(self) -> None:
        doc, item = self.current, self.table.current()
        if doc is None or item is None or self.busy or not item.actionable:
            return
        cashier = self.stage is PostingStage.CASHIER
        row = self.table.currentIndex().row()
        self.busy = True

        def call(api: ApiClient) -> DocumentOut:
            if cashier:
                return api.posting.cashier_sign(doc.id, version=doc.version)
            return api.posting.post(doc.id, version=doc.version)

        def done(out: DocumentOut) -> None:
            self.busy = False
            self.current = None
            number = out.number or f"#{out.id}"
            self.message.say(
                self.tr("已签字 {number},等待记账").format(number=number)
                if cashier
                else self.tr("已记账 {number}").format(number=number)
            )
            self.refresh(then=lambda: self.select_row(row))
            self.context.changes.announce(Changed.DOCUMENTS)

        def failed(_error: Exception) -> None:
            self.busy = False

        if not self._run(call, done, failure=failed):
            self.busy = False

    def _run(
        self,
        op: Callable[[ApiClient], Any],
        done: Callable[[Any], None],
        *,
        failure: Callable[[Exception], None] | None = None,
    ) -> bool:
        return self.context.run(self, op, done, say=self.message.say_error, failure=failure)
