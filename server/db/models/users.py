"""User accounts, their roles (岗位) and unit scope. Accounts are never hard-deleted."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Identity,
    Index,
    Integer,
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
    is_active: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_at: Mapped[dt.datetime] = created_at_column()
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


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
