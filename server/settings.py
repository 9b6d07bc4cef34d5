"""Typed server settings (ARCHITECTURE.md rule 14).

Sources, strongest first: explicit arguments (the CLI), environment variables
(prefix ``COUNTERSIGN_``; ``DATABASE_URL`` also without prefix), a TOML file named
by ``COUNTERSIGN_CONFIG`` or ``--config``, then the defaults below.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from common.enums import DEFAULT_LANGUAGE, Language

DEFAULT_PORT = 8443


def default_data_dir() -> Path:
    """Per-user data directory, e.g. ~/.local/share/countersign or %LOCALAPPDATA%."""
    return Path(platformdirs.user_data_dir("countersign", appauthor=False))


class ServerSettings(BaseSettings):
    """Every knob of the server, documented in README.md "Configuration"."""

    model_config = SettingsConfigDict(
        env_prefix="COUNTERSIGN_", extra="forbid", validate_default=True
    )

    config_file: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("COUNTERSIGN_CONFIG", "config_file"),
        description="TOML file with any of these settings.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Holds the embedded PostgreSQL cluster, TLS certificate and logs.",
    )
    host: str = Field(default="127.0.0.1", description="Address to listen on.")
    port: int = Field(default=DEFAULT_PORT, ge=1, le=65535, description="HTTPS port.")
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("COUNTERSIGN_DATABASE_URL", "DATABASE_URL", "database_url"),
        description="External PostgreSQL; empty means the embedded one in data_dir. "
        'The server\'s login role (countersign_app: DML only, README "Database roles").',
    )
    database_url_replica: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "COUNTERSIGN_DATABASE_URL_REPLICA", "DATABASE_URL_REPLICA", "database_url_replica"
        ),
        description="A streaming standby of the external database, for reads that may be a "
        "moment behind: queries (search), reports and export jobs. The server's role, as in "
        'database_url. Empty: everything reads from database_url (README "High availability").',
    )
    migration_database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices(
            "COUNTERSIGN_MIGRATION_DATABASE_URL", "migration_database_url"
        ),
        description="The owner role (countersign_owner) of the external database: migrations, "
        "restores, backup verification, base backups. Empty means database_url.",
    )
    require_restricted_role: bool = Field(
        default=False,
        description="Refuse to start when database_url's role is a superuser or owns the "
        "database (by default only a warning: log, 系统状态, alerts). The embedded "
        "database always uses the restricted role.",
    )
    tls: bool = Field(
        default=True,
        description="Serve HTTPS. Turn off only behind a TLS-terminating reverse proxy.",
    )
    tls_cert_file: Path | None = Field(
        default=None, description="Certificate to use instead of the self-signed one."
    )
    tls_key_file: Path | None = Field(default=None, description="Key of tls_cert_file.")
    default_language: Language = Field(
        default=DEFAULT_LANGUAGE, description="Language of messages without Accept-Language."
    )
    workers: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description="Server processes on the port. Empty: 1 with the embedded database, "
        "the number of cores with an external one.",
    )
    db_pool_size: int = Field(default=10, ge=1, le=200)
    shutdown_grace_s: int = Field(
        default=10, ge=1, le=300, description="How long a stop waits for requests in progress."
    )
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    demo: bool = Field(default=False, description="Demo mode: known demo passwords.")
    secret_key: SecretStr | None = Field(
        default=None,
        description="32 random bytes, base64, that encrypt second-factor secrets. "
        "Empty: a key file made on first start in data_dir (keep it with backups).",
    )
    login_attempts_per_minute: int = Field(
        default=30, ge=1, description="Login requests accepted per client address per minute."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Reverse proxies (addresses or CIDR networks) whose X-Forwarded-For "
        "names the client. Empty: the header is ignored and the connecting address is the "
        "client's (for the login throttle and the operation log).",
    )
    backup_dir: Path | None = Field(
        default=None, description="Where backups go; empty means data_dir/backups."
    )
    backup_schedule: bool = Field(
        default=True, description="Run the nightly backup (at the parameter backup_daily_at)."
    )
    backup_check_seconds: int = Field(
        default=300,
        ge=1,
        le=3600,
        description="How often the server process running the backup schedule checks whether "
        "the nightly backup is due (one process of all those on the database does).",
    )
    maintenance_drain_seconds: int = Field(
        default=30,
        ge=1,
        le=3600,
        description="Entering maintenance (a restore) waits at most this long for the requests "
        "running on every server process to end.",
    )
    backup_copy_dir: Path | None = Field(
        default=None,
        description="A second location (another disk or a share) that gets a copy of each backup, "
        "and, with continuous protection, the archived WAL and the base backups (encrypted).",
    )
    offsite_ship_seconds: int = Field(
        default=30,
        ge=1,
        le=3600,
        description="How often archived WAL segments are shipped to backup_copy_dir.",
    )

    continuous_protection: bool = Field(
        default=True,
        description="Archive the write-ahead log into backup_dir/wal (archive_timeout 60 s) and "
        "take base backups, for point-in-time restores. The embedded PostgreSQL is set up "
        "for it; an external one must have its archive_command point there (README).",
    )

    @property
    def backups(self) -> Path:
        return self.backup_dir or self.data_dir / "backups"

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator(
        "database_url", "database_url_replica", "migration_database_url", mode="before"
    )
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return value or None

    @field_validator("trusted_proxies", mode="after")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        """Only addresses and networks: a typo must not silently trust nobody (or
        everybody, as uvicorn's "*" would)."""
        try:
            return [
                str(
                    ipaddress.ip_network(item, strict=False)
                    if "/" in item
                    else ipaddress.ip_address(item)
                )
                for item in (entry.strip() for entry in value)
            ]
        except ValueError as exc:
            raise ValueError(
                f"trusted_proxies: each entry must be an IP address or a CIDR network ({exc})"
            ) from exc

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def worker_count(self) -> int:
        if self.workers is not None:
            return self.workers
        return 1 if self.uses_embedded_database else max(1, os.cpu_count() or 1)

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = _config_file_from(init_settings, env_settings)
        if config_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
        return tuple(sources)


def _config_file_from(*sources: PydanticBaseSettingsSource) -> Path | None:
    """Find the TOML file before the other fields are read, so it can supply them."""
    for source in sources:
        found = source()
        value = found.get("config_file") or found.get("COUNTERSIGN_CONFIG")
        if value:
            path = Path(value).expanduser()
            if not path.is_file():
                raise FileNotFoundError(f"configuration file not found: {path}")
            return path
    return None
