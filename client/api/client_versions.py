"""客户端版本: what the server asks of this client, the installer it publishes
(downloaded and checked before anything runs it), and the console's uploads."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path

from client.api.errors import ClientError
from client.api.transport import Transport
from common.schemas.client_versions import (
    ClientPlatform,
    ClientVersionsOut,
    CurrentClientOut,
    InstallerOut,
    InstallerUploadIn,
    PublishedInstallerOut,
)

UPLOAD_TIMEOUT_S = 600.0  # the server hashes and stores ~100 MB before it answers
_HASH_BLOCK = 1024 * 1024


def this_platform() -> ClientPlatform | None:
    """The platform whose installer fits this machine; None where none is built."""
    if sys.platform == "win32":
        return ClientPlatform.WINDOWS
    if sys.platform.startswith("linux"):
        return ClientPlatform.LINUX
    return None


class InstallerMismatch(ClientError):
    """The downloaded file is not the installer the server described (its SHA-256
    or size differs): it was deleted and must not be run."""

    def __init__(self, expected: str, found: str) -> None:
        super().__init__(f"installer checksum mismatch: expected {expected}, got {found}")
        self.expected = expected
        self.found = found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _safe_name(installer: PublishedInstallerOut) -> str:
    """The file's own name, never a path (the server refuses separators; so do we)."""
    name = Path(installer.file_name.replace("\\", "/")).name
    return name if name not in ("", ".", "..") else f"countersign-{installer.version}"


class ClientVersionsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def current(self, platform: ClientPlatform) -> CurrentClientOut:
        """The minimum version and the newest installer for ``platform`` (no login)."""
        body = self._t.request("GET", "/client-versions/current", params={"platform": platform})
        return CurrentClientOut.model_validate(body)

    def download(
        self,
        installer: PublishedInstallerOut,
        folder: Path,
        *,
        progress: Callable[[int], bool] | None = None,
    ) -> Path:
        """The installer, saved in ``folder`` once its size and SHA-256 are the
        ones the server gave; otherwise the file is deleted and InstallerMismatch
        raised. Only a checked file ever has the installer's name."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _safe_name(installer)
        unchecked = target.with_name(target.name + ".unchecked")
        self._t.download(installer.download_path, unchecked, method="GET", progress=progress)
        found = sha256_of(unchecked)
        size = unchecked.stat().st_size
        if found != installer.sha256.lower() or size != installer.size:
            unchecked.unlink(missing_ok=True)
            raise InstallerMismatch(installer.sha256, found)
        unchecked.replace(target)
        return target

    # -- the console -------------------------------------------------------------
    def installers(self) -> ClientVersionsOut:
        """Every uploaded installer and the minimum version in force (administrators)."""
        return ClientVersionsOut.model_validate(self._t.request("GET", "/admin/client-versions"))

    def upload_installer(self, data: bytes, meta: InstallerUploadIn) -> InstallerOut:
        """Publish ``data`` as the installer ``meta`` describes (needs a fresh code)."""
        body = self._t.request(
            "POST",
            "/admin/client-versions",
            params=meta.model_dump(mode="json"),
            content=data,
            read_timeout_s=UPLOAD_TIMEOUT_S,
        )
        return InstallerOut.model_validate(body)
