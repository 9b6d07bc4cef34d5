"""An item under review, read-only: its fields, its lines, the amount in capitals,
and the approval timeline (审批记录)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from client.core.labels import kind_name, status_name
from client.core.labels import shown as label_of
from client.core.reference import ReferenceCache
from client.workbench.review.attachments_box import AttachmentsBox
from client.workbench.review.timeline_view import TimelineView
from common.enums import DocumentKind
from common.money import format_money, to_capitals
from common.schemas.documents import DocumentOut
from common.schemas.reviews import TimelineOut


class DocumentDetail(QWidget):
    FIELDS = (
        "number",
        "kind",
        "date",
        "unit",
        "amount",
        "capitals",
        "counterparty",
        "summary",
        "payee",
        "attachments",
        "maker",
        "status",
    )

    def __init__(self, reference: ReferenceCache) -> None:
        super().__init__()
        self.reference = reference
        self.values: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        form = self.form = QFormLayout()
        for key in self.FIELDS:
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            self.values[key] = value
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], value)
        self.lines = QTableWidget(0, 4)
        self.lines.setObjectName("detailLines")
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.timeline = TimelineView()
        self.timeline.setObjectName("detailTimeline")
        self.timeline_title = QLabel()
        self.attachments_box = AttachmentsBox()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.attachments_box)
        layout.addWidget(self.lines)
        layout.addWidget(self.timeline_title)
        layout.addWidget(self.timeline)
        self.retranslate()

    def retranslate(self) -> None:
        names = (
            self.tr("编号"),
            self.tr("类别"),
            self.tr("日期"),
            self.tr("预算单位"),
            self.tr("金额"),
            self.tr("大写金额"),
            self.tr("对方"),
            self.tr("摘要"),
            self.tr("收款账户"),
            self.tr("附件张数"),
            self.tr("制单人"),
            self.tr("状态"),
        )
        for key, name in zip(self.FIELDS, names, strict=True):
            self.labels[key].setText(name)
        self.lines.setHorizontalHeaderLabels(
            [self.tr("摘要"), self.tr("会计科目"), self.tr("借方金额"), self.tr("贷方金额")]
        )
        self.timeline_title.setText(self.tr("审批记录"))
        self.attachments_box.retranslate()

    def clear(self) -> None:
        for value in self.values.values():
            value.clear()
        self.lines.setRowCount(0)
        self.timeline.clear()
        self.attachments_box.show_rows([])

    def show_document(self, doc: DocumentOut, timeline: TimelineOut) -> None:
        units = {entry.id: entry.label for entry in self.reference.units()}
        shown = {
            "number": doc.number or "",
            "kind": kind_name(doc.kind)
            + (f"({label_of(doc.quota_direction)})" if doc.quota_direction else ""),
            "date": doc.doc_date.isoformat(),
            "unit": units.get(doc.unit_id, str(doc.unit_id)),
            "amount": format_money(doc.amount),
            "capitals": to_capitals(doc.amount),
            "counterparty": doc.counterparty,
            "summary": doc.summary,
            "payee": " ".join(p for p in (doc.payee_bank or "", doc.payee_account or "") if p),
            "attachments": str(doc.attachment_count)
            + (
                self.tr("(另有纸质附件:{reason})").format(reason=doc.paper_reason)
                if doc.paper_reason
                else ""
            ),
            "maker": doc.maker_name,
            "status": status_name(doc.status),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        self.form.setRowVisible(self.values["payee"], doc.kind is DocumentKind.EXPENDITURE)
        self.lines.setVisible(doc.kind is DocumentKind.VOUCHER)
        self.lines.setRowCount(len(doc.lines))
        for row, line in enumerate(doc.lines):
            cells = (
                line.summary,
                f"{line.account_code or ''} {line.account_name or ''}".strip(),
                format_money(line.debit) if line.debit else "",
                format_money(line.credit) if line.credit else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:  # debit and credit: figures line up on the right
                    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    item.setTextAlignment(right)
                self.lines.setItem(row, column, item)
        self.timeline.show_timeline(timeline)
