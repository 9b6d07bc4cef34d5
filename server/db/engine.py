"""Engine construction. Nothing is built at import time (ARCHITECTURE.md rule 14)."""

from __future__ import annotations

import weakref
from urllib.parse import quote

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

# Per engine, the URL of the role that may do what the server's role may not.
_privileged: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def _host_and_port(entry: str) -> tuple[str, str]:
    """``h:5432``, ``h``, ``[::1]:5432`` or ``[::1]`` -> (host, port or "")."""
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        return host, rest.removeprefix(":")
    host, _, port = entry.partition(":")
    return host, port


def _hosts_to_query(url: str) -> str:
    """libpq's multi-host form ``postgresql://u:p@h1:5432,h2:5433/db?…`` as
    SQLAlchemy takes it: ``postgresql://u:p@/db?host=h1,h2&port=5432,5433&…``
    (its URL parser reads one host and port only)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    netloc, tail = rest[:end], rest[end:]
    userinfo, at, listed = netloc.rpartition("@")
    if "," not in listed:
        return url
    pairs = [_host_and_port(entry) for entry in listed.split(",")]
    hosts = quote(",".join(host for host, _ in pairs), safe=":,")
    ports = ",".join(port for _, port in pairs)
    path, _, query = tail.partition("?")
    given = f"host={hosts}" + (f"&port={ports}" if ports.strip(",") else "")
    query = f"{given}&{query}" if query else given
    return f"{scheme}://{userinfo}{at}{path or '/'}?{query}"


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs (as pgserver and most tools print them)
    and pin the psycopg2 driver the project ships with. A libpq multi-host URL
    (``h1:5432,h2:5433`` with ``target_session_attrs=read-write``: connect to
    whichever host is the primary now) becomes SQLAlchemy's ``host=…&port=…``."""
    parsed = make_url(_hosts_to_query(url))
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg2")
    if not parsed.drivername.startswith("postgresql"):
        raise ValueError(f"only PostgreSQL is supported, not {parsed.drivername!r}")
    return parsed.render_as_string(hide_password=False)


def libpq_url(url: str, *, database: str | None = None) -> str:
    """A SQLAlchemy URL as libpq takes it (psycopg2.connect, pg_dump --dbname),
    optionally for another database of the same server. A host list goes back
    into libpq's multi-host form."""
    parsed = make_url(normalise_url(url)).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    hosts = parsed.query.get("host")
    if not isinstance(hosts, str) or "," not in hosts:
        return parsed.render_as_string(hide_password=False)
    port = parsed.query.get("port")
    ports = port.split(",") if isinstance(port, str) else []
    entries = [
        (f"[{host}]" if ":" in host else host)
        + (f":{ports[i]}" if i < len(ports) and ports[i] else "")
        for i, host in enumerate(hosts.split(","))
    ]
    marker = "countersign-hosts-marker"
    rendered = parsed.difference_update_query(["host", "port"]).set(host=marker, port=None)
    return rendered.render_as_string(hide_password=False).replace(marker, ",".join(entries), 1)


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
