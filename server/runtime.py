"""Composition of a running server: database (embedded or external), engine, TLS."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from sqlalchemy import Engine

from server.db.engine import build_engine
from server.db.migrate import upgrade_to_head
from server.db.role_check import excess_rights
from server.embedded_pg import EmbeddedPostgres
from server.services.operations.wal_archive import wal_folder
from server.settings import ServerSettings
from server.tls import TlsIdentity, ensure_self_signed, fingerprint_of

log = logging.getLogger(__name__)


def prepare_data_dir(settings: ServerSettings) -> None:
    """The data directory holds keys and the database: owner-only (0700)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(settings.data_dir, 0o700)


@contextmanager
def open_database(settings: ServerSettings, *, migrate: bool = True) -> Iterator[Engine]:
    """Yield an engine on the configured database, starting the embedded PostgreSQL
    when no URL is set and stopping it again on exit, whatever happened.

    The engine connects as the server's restricted role; its privileged URL
    (migrations, restores, base backups) is the owner's or the embedded superuser's."""
    with ExitStack() as stack:
        if settings.database_url is not None:
            url = settings.database_url
            privileged = settings.migration_database_url or url
        else:
            prepare_data_dir(settings)
            archive = wal_folder(settings.backups) if settings.continuous_protection else None
            cluster = EmbeddedPostgres(settings.data_dir, archive=archive)
            privileged = stack.enter_context(cluster)
            url = cluster.app_url
        engine = build_engine(url, pool_size=settings.db_pool_size, privileged_url=privileged)
        stack.callback(engine.dispose)
        if migrate:  # starting to serve or to work on the data
            upgrade_to_head(engine)
            check_role(engine, required=settings.require_restricted_role)
        yield engine


def replica_engine(settings: ServerSettings) -> Engine | None:
    """An engine on the read replica (``database_url_replica``), or None."""
    if settings.database_url_replica is None:
        return None
    return build_engine(
        settings.database_url_replica,
        pool_size=settings.db_pool_size,
        application_name="countersign-replica",
    )


@contextmanager
def open_replica(settings: ServerSettings) -> Iterator[Engine | None]:
    engine = replica_engine(settings)
    try:
        yield engine
    finally:
        if engine is not None:
            engine.dispose()


class PrivilegedRoleError(RuntimeError):
    """database_url names a superuser or owner and require_restricted_role is on."""


def check_role(engine: Engine, *, required: bool) -> None:
    """An install still connecting as a superuser or owner keeps running (it did
    before the role split) but says so loudly; ``required`` refuses it."""
    with engine.connect() as connection:
        name, excess = excess_rights(connection)
    if not excess:
        return
    message = (
        f"the server connects to the database as {name} ({', '.join(excess)}): it can get "
        'around the guards of the operation log and approvals; see README "Database roles" '
        "and use countersign_app"
    )
    if required:
        raise PrivilegedRoleError(message + " (require_restricted_role is on: not starting)")
    log.error(message)


def tls_identity(settings: ServerSettings) -> TlsIdentity | None:
    """The certificate to serve: the configured one, or our self-signed one."""
    if not settings.tls:
        return None
    if settings.tls_cert_file and settings.tls_key_file:
        return TlsIdentity(
            settings.tls_cert_file,
            settings.tls_key_file,
            fingerprint_of(settings.tls_cert_file),
            created=False,
        )
    prepare_data_dir(settings)
    extra = (settings.host,) if settings.host not in ("0.0.0.0", "::") else ()
    return ensure_self_signed(settings.data_dir / "tls", extra_names=extra)
