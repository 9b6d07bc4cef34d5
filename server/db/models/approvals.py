"""Review and approval (审核 / 审批): who may approve what, the route each submitted
item takes, what every reviewer did, and the working-day calendar for deadlines.

An approval rule matches documents by kind, amount and unit and gives an ordered
list of steps; each step names the authority level that must act (the unit's
supervisor, a manager, the leader in charge) and its deadline. Reviewers hold
posts: a level at a budget unit, covering that unit's subtree. Submission writes
the route (one row per step); review actions fill it in and are kept as history.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base, created_at_column

LEVELS = "'supervisor', 'manager', 'leader'"


class ReviewerPost(Base):
    """审批权限: a reviewer's level at a unit, covering the unit's subtree."""

    __tablename__ = "reviewer_posts"
    __table_args__ = (CheckConstraint(f"level IN ({LEVELS})", name="level"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("budget_units.id", ondelete="RESTRICT"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(16), primary_key=True)
    # 月度累计限额: the most this post may approve in a calendar month; None is no limit.
    monthly_limit: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))


class ApprovalRule(Base):
    """Which route a document takes. The first active rule in ``priority`` order
    whose conditions hold wins; ``steps`` is a list of ``{"level", "deadline"}``
    where a deadline is ``{"working_days": n}`` or ``{"hours": n}``."""

    __tablename__ = "approval_rules"
    __table_args__ = (
        CheckConstraint(
            "document_kind IS NULL OR document_kind IN"
            " ('income', 'expenditure', 'voucher', 'quota_adjustment')",
            name="document_kind",
        ),
        CheckConstraint("max_amount IS NULL OR max_amount >= min_amount", name="amount_range"),
        CheckConstraint(
            "jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) >= 1", name="steps"
        ),
        UniqueConstraint("priority", name="uq_approval_rules_priority"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    priority: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    document_kind: Mapped[str | None] = mapped_column(String(16))
    # Amounts are compared by size: a red reversal of 200,000 needs the same authority.
    min_amount: Mapped[Decimal] = mapped_column(Numeric(18, 2), server_default="0")
    max_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    major: Mapped[bool] = mapped_column(Boolean, server_default="false")
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")


class ApprovalStep(Base):
    """One step of one route of a document. A document returned for correction and
    submitted again gets a new route (``round``); the old one stays as history."""

    __tablename__ = "approval_steps"
    __table_args__ = (
        CheckConstraint(f"level IN ({LEVELS})", name="level"),
        CheckConstraint(f"queue_level IS NULL OR queue_level IN ({LEVELS})", name="queue_level"),
        CheckConstraint(
            "status IN ('waiting', 'active', 'approved', 'rejected', 'returned', 'cancelled')",
            name="status",
        ),
        UniqueConstraint("document_id", "round", "step_no", name="uq_approval_steps_position"),
        # At most one step of a document is open at a time.
        Index(
            "uq_approval_steps_one_active",
            "document_id",
            unique=True,
            postgresql_where=text("status = 'active'"),
        ),
        Index("ix_approval_steps_active_level", "level", "status"),
        Index("ix_approval_steps_delegate", "delegate_id", "status"),
        Index("ix_approval_steps_acted_at", "acted_at"),  # efficiency, daily operations
        Index(
            "ix_approval_steps_due",
            "yellow_from",
            postgresql_where=text("status = 'active' AND due_notified_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    round: Mapped[int] = mapped_column(Integer)
    step_no: Mapped[int] = mapped_column(Integer)
    rule_id: Mapped[int] = mapped_column(ForeignKey("approval_rules.id", ondelete="RESTRICT"))
    level: Mapped[str] = mapped_column(String(16))
    # Whose to-do list shows the step: its level, or the next level up when no one
    # else holds that level over the unit (e.g. the maker is the only supervisor).
    queue_level: Mapped[str | None] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("budget_units.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # The last quarter of the working time before the deadline starts here (yellow).
    yellow_from: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When its readers were told it is due soon (督办提醒); None until then.
    due_notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deadline_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    deadline: Mapped[dict[str, Any]] = mapped_column(JSONB)
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    acted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ApprovalAction(Base):
    """审批记录: every action on an item, in order — the timeline people read."""

    __tablename__ = "approval_actions"
    __table_args__ = (
        CheckConstraint(
            "action IN ('submitted', 'approved', 'rejected', 'returned', 'delegated', 'recalled',"
            " 'taken_back', 'urged')",
            name="action",
        ),
        Index("ix_approval_actions_document", "document_id", "id"),
        Index("ix_approval_actions_actor", "actor_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    round: Mapped[int] = mapped_column(Integer)
    step_no: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    opinion: Mapped[str] = mapped_column(String(500), server_default="")
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    # 拆分规避: on a submission routed by the sum of look-alike items, that sum.
    routed_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()


class CalendarDay(Base):
    """Exceptions to Monday–Friday: holidays (is_working false) and the weekend
    days worked in exchange (调休, is_working true). The admin keeps the table."""

    __tablename__ = "calendar_days"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_working: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(100), server_default="")


class ReviewerAbsence(Base):
    """休假委托: while ``user_id`` is away (office dates, inclusive), the items in
    their to-do list also show in ``delegate_id``'s, who acts on their own authority."""

    __tablename__ = "reviewer_absences"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="date_range"),
        CheckConstraint("delegate_id <> user_id", name="not_self"),
        Index("ix_reviewer_absences_delegate", "delegate_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    delegate_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), server_default="")
    created_at: Mapped[dt.datetime] = created_at_column()
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Notification(Base):
    """A message for one user: new work, a decision on their item, an item about to
    be overdue. ``dedup_key`` makes a notice that is raised on every poll (due soon)
    exist once per user."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('new_work', 'decided', 'due_soon', 'delegated', 'urged', 'feedback')",
            name="kind",
        ),
        Index("ix_notifications_user", "user_id", "id"),
        Index(
            "uq_notifications_dedup",
            "user_id",
            "dedup_key",
            unique=True,
            postgresql_where=text("dedup_key IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"))
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    dedup_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
