"""User accounts, their roles (岗位) and unit scope. Accounts are never hard-deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from common.enums import Role
from server.db.models.base import Base, created_at_column

ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("username ~ '^[A-Za-z0-9._-]{3,64}$'", name="username_format"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, server_default="true")
    password_changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    disabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    failed_attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    locked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    lock_reason: Mapped[str | None] = mapped_column(String(200))
    # TOTP secret, AES-GCM encrypted with the user's id bound in (server.crypto);
    # NULL means the user must enrol (first login, or after an admin reset).
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_pending: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The last accepted TOTP time step: a code is accepted only for a later step.
    totp_last_step: Mapped[int] = mapped_column(BigInteger, server_default="0")
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = created_at_column()
    # Bumped by every change to the account (roles and units included), so an
    # admin saving over someone else's change is told instead of overwriting it.
    version: Mapped[int] = mapped_column(Integer, server_default="1")


# Usernames are unique regardless of case: "Zhang" and "zhang" are one person.
Index("uq_users_username_lower", func.lower(User.username), unique=True)


class UserRole(Base):
    __tablename__ = "user_roles"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="known_role"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class UserUnit(Base):
    """A budget unit in the user's scope (the unit and its subtree)."""

    __tablename__ = "user_units"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("budget_units.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
