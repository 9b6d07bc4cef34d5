"""Client settings in a JSON file in the user's config directory.

Holds no secrets: the server address, the UI language and the pinned server
certificates (public data). Session tokens go to the OS keyring (login issue).
The directory can be moved with ``COUNTERSIGN_CLIENT_HOME`` (tests, portable use).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from client.api.tls import PresentedCertificate, ServerAddress
from common.enums import DEFAULT_LANGUAGE, Language

log = logging.getLogger(__name__)

DEFAULT_SERVER_URL = "https://127.0.0.1:8443"
FILE_NAME = "client.json"


class PinnedCertificate(BaseModel):
    model_config = ConfigDict(frozen=True)

    pem: str
    fingerprint: str
    trusted_at: dt.datetime


class ClientSettings(BaseModel):
    server_url: str = DEFAULT_SERVER_URL
    language: Language = DEFAULT_LANGUAGE
    pins: dict[str, PinnedCertificate] = Field(default_factory=dict)
    # where the office scanner writes its files, and the newest one already offered
    # (its modification time): 从扫描文件夹添加 offers only those after it
    scanner_folder: str = ""
    scanner_offered_until: float = 0.0

    @field_validator("server_url")
    @classmethod
    def _valid_address(cls, value: str) -> str:
        return ServerAddress.parse(value).url  # a bad file is set aside, not fatal

    def pin_for(self, address: ServerAddress) -> PinnedCertificate | None:
        return self.pins.get(address.key)

    def trust(self, address: ServerAddress, certificate: PresentedCertificate) -> None:
        self.pins[address.key] = PinnedCertificate(
            pem=certificate.pem,
            fingerprint=certificate.fingerprint,
            trusted_at=dt.datetime.now(dt.UTC),
        )

    def forget(self, address: ServerAddress) -> None:
        self.pins.pop(address.key, None)


def settings_dir() -> Path:
    override = os.environ.get("COUNTERSIGN_CLIENT_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("countersign", appauthor=False))


def download_dir() -> Path:
    """Where a new client's installer is saved before it runs: the machine's
    cache, not the roaming profile (next to the settings under
    ``COUNTERSIGN_CLIENT_HOME``, so tests keep it in their own folder)."""
    override = os.environ.get("COUNTERSIGN_CLIENT_HOME")
    if override:
        return Path(override) / "updates"
    return Path(platformdirs.user_cache_dir("countersign", appauthor=False)) / "updates"


class SettingsStore:
    """Loads and saves ClientSettings; a damaged file is set aside, never fatal."""

    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or settings_dir()) / FILE_NAME

    def load(self) -> ClientSettings:
        if not self.path.exists():
            return ClientSettings()
        try:
            return ClientSettings.model_validate_json(self.path.read_text("utf-8"))
        except (ValidationError, ValueError, OSError) as exc:
            backup = self.path.with_suffix(".damaged.json")
            log.warning("client settings unreadable (%s); moved to %s", exc, backup)
            self.path.replace(backup)
            return ClientSettings()

    def save(self, settings: ClientSettings) -> None:
        """Write atomically: a crash mid-write never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".client-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(settings.model_dump_json(indent=2))
        os.replace(temp, self.path)
