"""Engine construction. Nothing is built at import time (ARCHITECTURE.md rule 14)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (as pgserver and most tools print them)
    and pin the psycopg2 driver the project ships with."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    if not parsed.drivername.startswith("postgresql"):
        raise ValueError(f"only PostgreSQL is supported, not {parsed.drivername!r}")
    return parsed.render_as_string(hide_password=False)


def build_engine(url: str, *, pool_size: int = 10, application_name: str = "countersign") -> Engine:
    """An engine whose sessions run in UTC, so timestamps never depend on the host."""
    return create_engine(
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
