"""Client installers (客户端版本) the server publishes: an administrator uploads
one per version and platform; clients download it, check its SHA-256 and run it.

The bytes live in the database, so one backup holds them and every server
process behind a load balancer serves the same file. Rows are never changed:
a new version is a new row.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.db.models.base import Base


class ClientInstaller(Base):
    __tablename__ = "client_installers"
    __table_args__ = (
        UniqueConstraint("version", "platform", name="uq_client_installers_version_platform"),
        CheckConstraint("platform IN ('windows', 'linux')", name="platform_known"),
        CheckConstraint("size > 0 AND octet_length(data) = size", name="size_matches"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="sha256_hex"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    platform: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # read in pieces when served (client_installers.py), never with the row
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
