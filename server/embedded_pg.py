"""The embedded PostgreSQL (pgserver) that runs when no DATABASE_URL is configured.

The cluster lives in ``<data_dir>/pgdata`` and listens on a Unix socket only (TCP
on localhost on Windows), so nothing outside this machine can reach it.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from types import TracebackType

import psycopg2
from psycopg2 import sql

log = logging.getLogger(__name__)

DATABASE_NAME = "countersign"


def ensure_database(maintenance_url: str, name: str) -> None:
    """Create database ``name`` unless it exists (CREATE DATABASE cannot run in a
    transaction, hence autocommit)."""
    connection = psycopg2.connect(maintenance_url)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8'").format(sql.Identifier(name))
                )
                log.info("created database %s", name)
    finally:
        connection.close()


class EmbeddedPostgres:
    """Starts the cluster on enter and stops it on exit, even after an error."""

    def __init__(self, data_dir: Path) -> None:
        self.pgdata = data_dir / "pgdata"
        self._server: object | None = None

    def start(self) -> str:
        """Start (initialising on first use) and return the URL of our database."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pgserver warns when XDG_RUNTIME_DIR is unset
            import pgserver

            self.pgdata.parent.mkdir(parents=True, exist_ok=True)
            server = pgserver.get_server(self.pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
        self._server = server
        ensure_database(server.get_uri("postgres"), DATABASE_NAME)
        url: str = server.get_uri(DATABASE_NAME)
        log.info("embedded PostgreSQL ready in %s", self.pgdata)
        return url

    @property
    def bin_dir(self) -> Path:
        """Where pg_dump, pg_restore, pg_basebackup … of this PostgreSQL live."""
        from pgserver._commands import POSTGRES_BIN_PATH

        return Path(POSTGRES_BIN_PATH)

    def stop(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        server.cleanup()  # type: ignore[attr-defined]
        log.info("embedded PostgreSQL stopped")

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
