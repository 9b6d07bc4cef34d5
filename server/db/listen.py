"""A connection of its own that LISTENs on a channel, for the threads that wait
for NOTIFY (the export worker, the maintenance watch): outside the engine's
pool, autocommit, with TCP keepalives so a dead server or a failover is noticed
within a minute instead of hanging on a silent socket."""

from __future__ import annotations

import psycopg2
from psycopg2.extensions import connection as PgConnection


def listening_connection(url: str, channel: str, *, application_name: str) -> PgConnection:
    """Connected and listening; raises psycopg2.Error when it cannot be."""
    connection = psycopg2.connect(
        url,
        application_name=application_name,
        connect_timeout=10,
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
        options="-c timezone=UTC",
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"LISTEN {channel}")
    return connection
