"""指标调整 (追加 / 调减): a unit's request to raise or lower its yearly quota for a
functional × economic item. Entered, saved and submitted like any document and
reviewed like the others; once approved it counts in the quota (the year is the
date's). It produces no voucher and is never posted; a 调减 below what is used
and in review is refused by the server with the numbers."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox

from client.shell.page_context import PageContext
from client.widgets.code_picker import CodePicker
from client.workbench.entry.record_forms import RecordForm
from common.enums import ItemKind, QuotaDirection
from common.schemas.documents import DraftIn, QuotaAdjustmentIn


class QuotaAdjustmentForm(RecordForm):
    FORM_KEY = "quota_adjustment"

    def __init__(self, context: PageContext) -> None:
        super().__init__(context)
        self.setObjectName("quotaAdjustmentForm")
        self.functional_picker = CodePicker()
        self.functional_picker.setObjectName("functionalItem")
        self.economic_picker = CodePicker()
        self.economic_picker.setObjectName("economicItem")
        self.direction_combo = QComboBox()
        self.direction_combo.setObjectName("quotaDirection")
        for direction in QuotaDirection:
            self.direction_combo.addItem("", direction)
        for field, widget in (
            ("doc_date", self.date_edit),
            ("unit_id", self.unit_picker),
            ("functional_item_id", self.functional_picker),
            ("economic_item_id", self.economic_picker),
            ("direction", self.direction_combo),
            ("amount", self.amount_edit),
            ("summary", self.summary_edit),
            ("attachment_count", self.attachments),
        ):
            self.row(field, widget)
        self.finish_layout()
        for button in (self.template_button, self.import_button):
            button.hide()  # adjustments are entered one by one, each a decision of its own

    def title(self) -> str:
        return self.tr("指标调整(追加 / 调减)")

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "direction_combo"):
            self.direction_combo.setItemText(0, self.tr("追加"))
            self.direction_combo.setItemText(1, self.tr("调减"))
            for field, text in (
                ("direction", self.tr("调整方向")),
                ("summary", self.tr("调整原因")),
            ):
                self.labels[field].setText(text + ":")

    def fill_pickers(self) -> None:
        self.functional_picker.set_entries(self.reference.items(ItemKind.FUNCTIONAL))
        self.economic_picker.set_entries(self.reference.items(ItemKind.ECONOMIC))

    def draft(self) -> DraftIn:
        return QuotaAdjustmentIn(
            doc_date=self.doc_date(),
            unit_id=self.unit_picker.current_id or 0,
            functional_item_id=self.functional_picker.current_id,
            economic_item_id=self.economic_picker.current_id,
            direction=self.direction_combo.currentData(),
            amount=self.amount(),
            summary=self.summary_edit.text().strip(),
            attachment_count=self.attachments.value(),
            paper_reason=self.paper_reason_edit.text().strip(),
        )

    def show_draft(self, draft: DraftIn) -> None:
        assert isinstance(draft, QuotaAdjustmentIn)
        self.date_edit.setDate(QDate(draft.doc_date.year, draft.doc_date.month, draft.doc_date.day))
        self.unit_picker.set_current(draft.unit_id)
        self.functional_picker.set_current(draft.functional_item_id)
        self.economic_picker.set_current(draft.economic_item_id)
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(draft.direction))
        self.amount_edit.set_value(draft.amount)
        self.summary_edit.setText(draft.summary)
        self.attachments.setValue(draft.attachment_count)
        self.paper_reason_edit.setText(draft.paper_reason)
        self.show_paper_reason()
