"""Documents (单据): income records, expenditure records and accounting vouchers.

One table for the three kinds, so that review, queries and numbering treat them
alike; the kind-specific columns are checked by constraints. The database itself
refuses what must never happen (ARCHITECTURE.md rule 8): a line with both sides,
an unbalanced voucher past the draft stage (deferred constraint trigger, see
migration 0003), changes to an approved or posted document, hard deletes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base, created_at_column

STATUSES = "'draft', 'submitted', 'in_review', 'approved', 'rejected', 'returned', 'posted'"


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('income', 'expenditure', 'voucher', 'quota_adjustment')", name="kind"
        ),
        # 追加 / 调减: a quota adjustment says which way, nothing else does
        CheckConstraint(
            "(kind = 'quota_adjustment') = (quota_direction IS NOT NULL)"
            " AND (quota_direction IS NULL OR quota_direction IN ('increase', 'decrease'))",
            name="quota_direction",
        ),
        CheckConstraint(f"status IN ({STATUSES})", name="status"),
        CheckConstraint(
            "kind <> 'expenditure' OR payment_method IN ('direct', 'authorised')",
            name="payment_method",
        ),
        CheckConstraint(
            "(reverses_id IS NULL AND amount >= 0) OR (reverses_id IS NOT NULL AND amount <= 0)",
            name="amount_sign",
        ),
        CheckConstraint("status = 'draft' OR amount <> 0", name="amount_not_zero"),
        CheckConstraint("deleted_at IS NULL OR status = 'draft'", name="only_drafts_deleted"),
        # A number, once given, stays on a live document: deleting it would leave a gap.
        CheckConstraint("deleted_at IS NULL OR number IS NULL", name="numbered_not_deleted"),
        CheckConstraint("(number IS NULL) = (period_id IS NULL)", name="number_has_period"),
        CheckConstraint("attachment_count >= 0", name="attachment_count"),
        UniqueConstraint("period_id", "series", "number", name="uq_documents_number"),
        Index(
            "uq_documents_one_reversal",
            "reverses_id",
            unique=True,
            postgresql_where=text(
                "reverses_id IS NOT NULL AND deleted_at IS NULL AND status <> 'rejected'"
            ),
        ),
        Index("ix_documents_unit_date", "unit_id", "doc_date"),
        Index("ix_documents_maker_status", "maker_id", "status"),
        Index("ix_documents_number", "number", "series"),  # the global search box
        Index("ix_documents_created_at", "created_at"),  # daily operations
        Index("ix_documents_submitted_at", "submitted_at"),
        # Queries (查询): keyset pages in date or amount order, and text search.
        Index("ix_documents_date_id", "doc_date", "id"),
        Index("ix_documents_amount_id", "amount", "id"),
        Index("ix_documents_updated_id", "updated_at", "id"),
        Index("ix_documents_search_grams", "search_grams", postgresql_using="gin"),
        # 预算指标: a unit's expenditures and adjustments of a year per item
        Index(
            "ix_documents_quota_use",
            "unit_id",
            "functional_item_id",
            "economic_item_id",
            "doc_date",
            postgresql_where=text("kind IN ('expenditure', 'quota_adjustment')"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default="draft")
    unit_id: Mapped[int] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    doc_date: Mapped[dt.date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(8))
    period_id: Mapped[int | None] = mapped_column(
        ForeignKey("fiscal_periods.id", ondelete="RESTRICT")
    )
    number: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    summary: Mapped[str] = mapped_column(String(200), server_default="")
    counterparty: Mapped[str] = mapped_column(String(100), server_default="")
    attachment_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # why 附件张数 is more than the attached files' pages (paper kept outside)
    paper_reason: Mapped[str] = mapped_column(String(200), server_default="")
    income_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT")
    )
    functional_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT")
    )
    economic_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_items.id", ondelete="RESTRICT")
    )
    payee_account: Mapped[str] = mapped_column(String(64), server_default="")
    payee_bank: Mapped[str] = mapped_column(String(100), server_default="")
    payment_method: Mapped[str | None] = mapped_column(String(16))
    quota_direction: Mapped[str | None] = mapped_column(String(8))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    source_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), unique=True
    )
    duplicate_reason: Mapped[str | None] = mapped_column(String(200))
    maker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[dt.datetime] = created_at_column()
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Which approval route is current: 0 before the first submission, +1 at each.
    review_round: Mapped[int] = mapped_column(Integer, server_default="0")
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delete_reason: Mapped[str | None] = mapped_column(String(200))
    # The two-character pieces of summary and counterparty (migration 0007's
    # cs_bigrams): a GIN index on them finds text anywhere in millions of rows;
    # pg_trgm would do the same but the embedded PostgreSQL ships without contrib.
    search_grams: Mapped[list[str] | None] = mapped_column(
        ARRAY(Text),
        Computed("cs_bigrams((summary::text || ' ') || counterparty::text)", persisted=True),
    )


class VoucherLine(Base):
    __tablename__ = "voucher_lines"
    __table_args__ = (
        UniqueConstraint("document_id", "line_no", name="uq_voucher_lines_document_line"),
        CheckConstraint("debit = 0 OR credit = 0", name="one_side"),
        CheckConstraint("line_no >= 1", name="line_no"),
        Index("ix_voucher_lines_account", "account_id", "document_id"),  # the ledgers
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="RESTRICT"), index=True
    )
    line_no: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200), server_default="")
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="RESTRICT"))
    debit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    credit: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")


class NumberSequence(Base):
    """The last number given per period and series; its row lock serialises numbering,
    and a rolled-back submission rolls the counter back with it, so no gaps."""

    __tablename__ = "number_sequences"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("fiscal_periods.id", ondelete="RESTRICT"), primary_key=True
    )
    series: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, server_default="0")


class IdempotentRequest(Base):
    """The first answer to a mutating request, returned again on a retry with the same key."""

    __tablename__ = "idempotent_requests"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    fingerprint: Mapped[bytes] = mapped_column(LargeBinary(32))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[dict[str, object] | None] = mapped_column(JSONB)
    created_at: Mapped[dt.datetime] = created_at_column()


class LedgerMonthTotal(Base):
    """A closed month's debit and credit per unit and account (月结余额快照).

    Written when the month closes and dropped when it reopens: nothing dated in a
    closed month can change, so the balance table reads these instead of the
    month's lines (DOMAIN.md "Period close": the balance for a year in a second).
    """

    __tablename__ = "ledger_month_totals"

    month_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("budget_units.id", ondelete="RESTRICT"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), primary_key=True
    )
    debit: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    credit: Mapped[Decimal] = mapped_column(Numeric(18, 2))
