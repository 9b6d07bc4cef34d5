"""What the server asks of a client (客户端版本): at least the minimum version
(系统参数 ``min_client_version``), and the newest installer published for its
platform. Checked at login: an older client than the minimum is refused and
offered that installer; a merely older one logs in and is told.

Versions compare as versions (common/rules/client_versions.py), never as text,
so the newest installer is found in Python over the platform's few rows.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.rules.client_versions import is_older, parse_version
from common.schemas.client_versions import ClientPlatform, CurrentClientOut, PublishedInstallerOut
from server.db.models import ClientInstaller
from server.services.core.params import AuthParameters, auth_parameters

UPGRADE_REQUIRED = 426  # HTTP's "Upgrade Required": the client must be replaced first


def download_path(installer_id: int) -> str:
    """Relative to the API root, as the client's transport addresses it."""
    return f"/client-versions/{installer_id}/installer"


def published_out(row: ClientInstaller) -> PublishedInstallerOut:
    return PublishedInstallerOut(
        id=row.id,
        version=row.version,
        platform=ClientPlatform(row.platform),
        file_name=row.file_name,
        size=row.size,
        sha256=row.sha256,
        download_path=download_path(row.id),
    )


def newest(session: Session, platform: ClientPlatform) -> ClientInstaller | None:
    """The installer of the highest version for ``platform`` (its bytes not read)."""
    rows = session.scalars(
        select(ClientInstaller).where(ClientInstaller.platform == platform.value)
    ).all()
    return max(rows, key=lambda row: parse_version(row.version), default=None)


def current(session: Session, platform: ClientPlatform) -> CurrentClientOut:
    """Public: what any client on ``platform`` needs to know before it logs in."""
    latest = newest(session, platform)
    return CurrentClientOut(
        minimum_version=auth_parameters(session).min_client_version,
        latest=published_out(latest) if latest is not None else None,
    )


def check_at_login(
    session: Session,
    *,
    version: str | None,
    platform: ClientPlatform | None,
    params: AuthParameters,
) -> PublishedInstallerOut | None:
    """Refuse a client older than the minimum (426, with the installer for its
    platform when one is published); otherwise the newer installer it could
    install, if any. A client that states no version is not checked."""
    if version is None:
        return None
    latest = newest(session, platform) if platform is not None else None
    offered = published_out(latest) if latest is not None else None
    minimum = params.min_client_version
    if is_older(version, minimum):
        raise DomainError(
            "auth.client_too_old",
            status=UPGRADE_REQUIRED,
            version=version,
            minimum=minimum,
            installer=offered.model_dump(mode="json") if offered is not None else None,
        )
    if offered is not None and is_older(version, offered.version):
        return offered
    return None
