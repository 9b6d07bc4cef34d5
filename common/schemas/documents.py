"""Income records, expenditure records and accounting vouchers (DOMAIN.md "Business documents").

Amounts travel as decimal strings and arrive here as ``Decimal`` already checked
as money (``common.schemas.money``: range, two places, finite) and written
canonically; the rules in ``common.rules.documents`` decide the rest (sign, zero,
balance), so every refusal names the field and the rule in both languages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from common.enums import DocumentKind, DocumentStatus, PaymentMethod, QuotaDirection, VoucherType
from common.schemas.base import PlainText, Schema
from common.schemas.money import Money, MoneyOut
from common.schemas.posting import SignOffOut

Text200 = Annotated[PlainText, Field(max_length=200)]
Text100 = Annotated[PlainText, Field(max_length=100)]
PaperReason = Annotated[
    PlainText,
    Field(
        max_length=200,
        description="Why 附件张数 is more than the attached files' pages (paper kept"
        " outside): required then, empty otherwise.",
    ),
]


class VoucherLineIn(Schema):
    """One line (分录): a debit or a credit, never both, never zero."""

    summary: Text200 = ""
    account_id: int | None = None
    debit: Money = Decimal("0.00")
    credit: Money = Decimal("0.00")


class IncomeIn(Schema):
    kind: Literal[DocumentKind.INCOME] = DocumentKind.INCOME
    doc_date: dt.date
    unit_id: int
    income_item_id: int | None = None
    amount: Money = Decimal("0.00")
    payer: Text100 = ""
    summary: Text200 = ""
    attachment_count: int = Field(default=0, ge=0, le=999)
    paper_reason: PaperReason = ""


class ExpenditureIn(Schema):
    kind: Literal[DocumentKind.EXPENDITURE] = DocumentKind.EXPENDITURE
    doc_date: dt.date
    unit_id: int
    functional_item_id: int | None = None
    economic_item_id: int | None = None
    amount: Money = Decimal("0.00")
    payee: Text100 = ""
    payee_account: Annotated[PlainText, Field(max_length=64)] = ""
    payee_bank: Text100 = ""
    payment_method: PaymentMethod = PaymentMethod.DIRECT
    summary: Text200 = ""
    attachment_count: int = Field(default=0, ge=0, le=999)
    paper_reason: PaperReason = ""


class VoucherIn(Schema):
    kind: Literal[DocumentKind.VOUCHER] = DocumentKind.VOUCHER
    doc_date: dt.date
    unit_id: int
    voucher_type: VoucherType = VoucherType.GENERAL
    attachment_count: int = Field(default=0, ge=0, le=999)
    paper_reason: PaperReason = ""
    lines: list[VoucherLineIn] = Field(default_factory=list, max_length=500)


class QuotaAdjustmentIn(Schema):
    """追加 / 调减 of a unit's yearly quota for a functional × economic item; the
    year is the document date's. Reviewed like any document, never posted."""

    kind: Literal[DocumentKind.QUOTA_ADJUSTMENT] = DocumentKind.QUOTA_ADJUSTMENT
    doc_date: dt.date
    unit_id: int
    functional_item_id: int | None = None
    economic_item_id: int | None = None
    direction: QuotaDirection = QuotaDirection.INCREASE
    amount: Money = Decimal("0.00")
    summary: Text200 = Field(default="", description="The reason (调整原因).")
    attachment_count: int = Field(default=0, ge=0, le=999)
    paper_reason: PaperReason = ""


DraftIn = Annotated[
    IncomeIn | ExpenditureIn | VoucherIn | QuotaAdjustmentIn, Field(discriminator="kind")
]


class DraftCreateIn(Schema):
    draft: DraftIn


class DraftUpdateIn(Schema):
    """Overwrite the draft, which must still be at ``version`` (optimistic locking)."""

    draft: DraftIn
    version: int


class SubmitIn(Schema):
    version: int
    duplicate_reason: Text200 = Field(
        default="", description="Why a possible duplicate is not one (判重 confirmation)."
    )
    confirmed_amounts: list[Money] = Field(
        default_factory=list,
        description="Large amounts typed a second time (二次核对), one per large amount.",
    )


class SubmitNewIn(Schema):
    """Save and submit a new document in one step (Ctrl+Enter on a new form)."""

    draft: DraftIn
    duplicate_reason: Text200 = ""
    confirmed_amounts: list[Money] = Field(default_factory=list)


class DeleteIn(Schema):
    version: int
    reason: Text200


class RecallIn(Schema):
    version: int


class VoucherLineOut(Schema):
    line_no: int
    summary: str
    account_id: int | None
    account_code: str | None
    account_name: str | None
    debit: MoneyOut
    credit: MoneyOut


class DocumentOut(Schema):
    id: int
    kind: DocumentKind
    status: DocumentStatus
    number: str | None = Field(description="记-0001 style, assigned at submission.")
    doc_date: dt.date
    unit_id: int
    amount: MoneyOut
    summary: str
    counterparty: str
    attachment_count: int
    paper_reason: str = ""
    maker_id: int
    maker_name: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    reverses_id: int | None
    source_id: int | None
    voucher_id: int | None = Field(default=None, description="The voucher a record produced.")
    deleted: bool
    delete_reason: str | None
    duplicate_reason: str | None
    # income
    income_item_id: int | None = None
    # expenditure
    functional_item_id: int | None = None
    economic_item_id: int | None = None
    payee_account: str = ""
    payee_bank: str = ""
    payment_method: PaymentMethod | None = None
    # quota adjustment (追加 / 调减)
    quota_direction: QuotaDirection | None = None
    # voucher
    voucher_type: VoucherType | None = None
    lines: list[VoucherLineOut] = Field(default_factory=list)
    # on its way into the books (a voucher; a record shows its voucher's)
    touches_cash: bool = Field(default=False, description="A line on a cash or bank account.")
    cashier_sign_off: SignOffOut | None = None
    posting: SignOffOut | None = None

    def to_draft(self) -> DraftIn:
        """The editable content, for editing a draft or a returned item again."""
        if self.kind is DocumentKind.INCOME:
            return IncomeIn(
                doc_date=self.doc_date,
                unit_id=self.unit_id,
                income_item_id=self.income_item_id,
                amount=self.amount,
                payer=self.counterparty,
                summary=self.summary,
                attachment_count=self.attachment_count,
                paper_reason=self.paper_reason,
            )
        if self.kind is DocumentKind.EXPENDITURE:
            return ExpenditureIn(
                doc_date=self.doc_date,
                unit_id=self.unit_id,
                functional_item_id=self.functional_item_id,
                economic_item_id=self.economic_item_id,
                amount=self.amount,
                payee=self.counterparty,
                payee_account=self.payee_account,
                payee_bank=self.payee_bank,
                payment_method=self.payment_method or PaymentMethod.DIRECT,
                summary=self.summary,
                attachment_count=self.attachment_count,
                paper_reason=self.paper_reason,
            )
        if self.kind is DocumentKind.QUOTA_ADJUSTMENT:
            return QuotaAdjustmentIn(
                doc_date=self.doc_date,
                unit_id=self.unit_id,
                functional_item_id=self.functional_item_id,
                economic_item_id=self.economic_item_id,
                direction=self.quota_direction or QuotaDirection.INCREASE,
                amount=self.amount,
                summary=self.summary,
                attachment_count=self.attachment_count,
                paper_reason=self.paper_reason,
            )
        return VoucherIn(
            doc_date=self.doc_date,
            unit_id=self.unit_id,
            voucher_type=self.voucher_type or VoucherType.GENERAL,
            attachment_count=self.attachment_count,
            paper_reason=self.paper_reason,
            lines=[
                VoucherLineIn(
                    summary=line.summary,
                    account_id=line.account_id,
                    debit=line.debit,
                    credit=line.credit,
                )
                for line in self.lines
            ],
        )


class DocumentSummaryOut(Schema):
    """A line of a document list."""

    id: int
    kind: DocumentKind
    status: DocumentStatus
    number: str | None
    doc_date: dt.date
    unit_id: int
    amount: MoneyOut
    summary: str
    counterparty: str
    version: int
    updated_at: dt.datetime
    reverses_id: int | None
    attachment_count: int = Field(default=0, description="附件张数, as declared.")
    files: int = Field(
        default=0,
        description="Attached files (a voucher's include those of the record it was made from).",
    )


class NumberGapOut(Schema):
    """A series of a period and the numbers missing from it (there should be none)."""

    year: int
    month: int
    series: str
    last_number: int
    missing: list[int]
