"""Engine construction. Nothing is built at import time (ARCHITECTURE.md rule 14)."""

from __future__ import annotations

import weakref

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

# Per engine, the URL of the role that may do what the server's role may not.
_privileged: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (as pgserver and most tools print them)
    and pin the psycopg2 driver the project ships with."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    if not parsed.drivername.startswith("postgresql"):
        raise ValueError(f"only PostgreSQL is supported, not {parsed.drivername!r}")
    return parsed.render_as_string(hide_password=False)


def build_engine(
    url: str,
    *,
    pool_size: int = 10,
    application_name: str = "countersign",
    privileged_url: str | None = None,
) -> Engine:
    """An engine whose sessions run in UTC, so timestamps never depend on the host.

    ``privileged_url``: the owner's (or the embedded superuser's) URL for the same
    database, for the few acts the server's role may not do (README "Database
    roles"); by default the engine's own."""
    engine = create_engine(
        normalise_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # Statement parameters (password hashes, tokens) stay out of error messages and logs.
        hide_parameters=True,
        connect_args={
            "options": "-c timezone=UTC",
            "application_name": application_name,
            "connect_timeout": 10,
        },
    )
    if privileged_url is not None:
        _privileged[engine] = normalise_url(privileged_url)
    return engine


def privileged_url_of(engine: Engine) -> str:
    """Where migrations, restores (create, rename, drop databases), backup
    verification, base backups and WAL switches connect: the owner role or the
    embedded superuser; the engine's own URL in a single-role set-up."""
    return _privileged.get(engine) or engine.url.render_as_string(hide_password=False)
