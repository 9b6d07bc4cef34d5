"""客户端版本 in the console: an administrator uploads an installer (its bytes,
version and platform), the console lists them, and anyone — a refused client is
not logged in — downloads one.

An upload is refused when that version for that platform is already there
(an installer never changes under the clients that checked its SHA-256); the
SHA-256 is the server's own, computed from the bytes it stores. The upload is
written to the operation log in its transaction. A download reads the bytes in
pieces, each in a short transaction of its own, so a slow client never holds a
database connection for the length of its download.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.rules.client_versions import parse_version
from common.schemas.client_versions import (
    ClientVersionsOut,
    InstallerOut,
    InstallerUploadIn,
)
from server.db.models import ClientInstaller, User
from server.db.uow import UnitOfWork
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.client_versions import published_out
from server.services.core.params import auth_parameters

MAX_BYTES = 400 * 1024 * 1024  # a bundled client is ~100 MB; bytea tops out at 1 GB
CHUNK = 1024 * 1024
ACTION = "client_installer.uploaded"
_LOCK = "countersign:client-installers"


def _out(row: ClientInstaller, uploader: str) -> InstallerOut:
    return InstallerOut(
        **published_out(row).model_dump(), uploaded_by=uploader, uploaded_at=row.uploaded_at
    )


def listing(session: Session) -> ClientVersionsOut:
    """Every installer, newest version first (then Windows before Linux), and the
    minimum version in force."""
    rows = session.execute(
        select(ClientInstaller, User.username).join(User, User.id == ClientInstaller.uploaded_by)
    ).all()
    ordered = sorted(rows, key=lambda found: (parse_version(found[0].version), found[0].platform))
    return ClientVersionsOut(
        minimum_version=auth_parameters(session).min_client_version,
        installers=[_out(row, uploader) for row, uploader in reversed(ordered)],
    )


def upload(
    session: Session,
    auth: Authenticated,
    meta: InstallerUploadIn,
    data: bytes,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> InstallerOut:
    """Store the installer and log it; 409 when this version for this platform exists."""
    if not data:
        raise DomainError("client_version.empty", status=422, field="file")
    if len(data) > MAX_BYTES:
        raise too_large()
    # one upload at a time, so two of the same version cannot both pass the check
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": _LOCK})
    there = session.scalars(
        select(ClientInstaller.version).where(ClientInstaller.platform == meta.platform.value)
    )
    wanted = parse_version(meta.version)
    if any(parse_version(version) == wanted for version in there):  # 3.0 is 3.0.0
        raise DomainError(
            "client_version.exists",
            status=409,
            field="version",
            version=meta.version,
            platform=meta.platform.value,
        )
    row = ClientInstaller(
        version=meta.version,
        platform=meta.platform.value,
        file_name=meta.file_name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        uploaded_by=auth.user.id,
        uploaded_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        auth.actor,
        ACTION,
        origin=origin,
        at=now,
        target_type="client_installer",
        target_id=row.id,
        after={
            "version": row.version,
            "platform": row.platform,
            "file_name": row.file_name,
            "size": row.size,
            "sha256": row.sha256,
        },
    )
    return _out(row, auth.user.username)


def installer(session: Session, installer_id: int) -> ClientInstaller:
    """The installer's row (not its bytes); 404 for an unknown id."""
    row = session.get(ClientInstaller, installer_id)
    if row is None:
        raise DomainError("client_version.not_found", status=404, id=installer_id)
    return row


def pieces(uow: UnitOfWork, installer_id: int, size: int) -> Iterator[bytes]:
    """The installer's bytes in CHUNK pieces, each read in its own transaction
    (rows never change, so the pieces make up the file whose SHA-256 was given)."""
    for offset in range(0, size, CHUNK):
        with uow.transaction() as session:
            piece = session.scalar(
                select(func.substring(ClientInstaller.data, offset + 1, CHUNK)).where(
                    ClientInstaller.id == installer_id
                )
            )
        if piece is None:  # gone meanwhile: end the answer short, the client's check fails
            return
        yield bytes(piece)


def too_large() -> DomainError:
    """The refusal of an installer over MAX_BYTES, naming the file field."""
    return DomainError(
        "client_version.too_large", status=413, field="file", max_mb=MAX_BYTES // 2**20
    )
