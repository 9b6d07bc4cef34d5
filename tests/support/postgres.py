"""One PostgreSQL cluster per test session, a migrated template, cheap fresh copies.

The embedded pgserver cluster is used unless DATABASE_URL names an external
server (its role needs CREATEDB and CREATEROLE). Databases are copies of a
template migrated once, so each module or test can have its own in ~100 ms.

As in production, the databases belong to ``countersign_owner`` and the servers
under test connect as the restricted ``countersign_app`` (:meth:`app_url`); the
URLs handed out are the superuser's, for tests that set data up directly.
Copies of the template keep its owners, grants and default privileges; the
database-level rights (not copied) are set on each copy.
"""

from __future__ import annotations

import itertools
import os
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from psycopg2 import sql
from sqlalchemy.engine import make_url

from server.db import roles
from server.db.engine import build_engine
from server.db.migrate import upgrade_to_head

_counter = itertools.count(1)
# The server role's password in the test cluster (the embedded server makes a random one).
APP_PASSWORD = "countersign-app-test"


def app_url_for(url: str, data_dir: Path | None = None) -> str:
    """The server's role on the database of ``url``: with the password an embedded
    cluster keeps in ``data_dir``, else the test cluster's."""
    kept = roles.read_app_password(data_dir) if data_dir is not None else None
    return roles.as_app(url, kept or APP_PASSWORD)


class PostgresForTests:
    def __init__(self, maintenance_url: str) -> None:
        self.maintenance_url = maintenance_url
        self.prefix = f"cs_test_{uuid.uuid4().hex[:6]}"
        self.template = f"{self.prefix}_template"
        self._created: list[str] = []

    def url_for(self, database: str) -> str:
        url = make_url(self.maintenance_url).set(database=database)
        return url.render_as_string(hide_password=False)

    def app_url(self, url: str) -> str:
        """The URL the server under test uses for the database of ``url``."""
        return app_url_for(url)

    def _execute(self, statement: sql.Composable) -> None:
        connection = psycopg2.connect(self.maintenance_url)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def build_template(self) -> None:
        roles.ensure_roles(self.maintenance_url, password=APP_PASSWORD)  # once per cluster
        self._execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.template)))
        self._created.append(self.template)
        engine = build_engine(self.url_for(self.template), pool_size=1)
        try:
            upgrade_to_head(engine)
        finally:
            engine.dispose()

    def create_database(self, *, empty: bool = False) -> str:
        """A new database: a copy of the migrated template, or empty."""
        name = f"{self.prefix}_{next(_counter)}"
        owner = sql.Identifier(roles.OWNER_ROLE)
        statement = sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), owner)
        if not empty:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {}").format(
                sql.Identifier(name), sql.Identifier(self.template), owner
            )
        self._execute(statement)
        self._created.append(name)
        if empty:
            roles.adopt_database(self.url_for(name))
        else:
            roles.grant_connect(self.maintenance_url, name)
        return self.url_for(name)

    def recorded_actions(self) -> set[str]:
        """Every operation-log action any test made the server record (the label
        table must have words for each: common/labels.py)."""
        found: set[str] = set()
        for name in self._created:
            try:
                connection = psycopg2.connect(self.url_for(name))
            except psycopg2.OperationalError:
                continue  # renamed or dropped by a restore test
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT to_regclass('audit_log') IS NOT NULL")
                    if cursor.fetchone() == (True,):
                        cursor.execute("SELECT DISTINCT action FROM audit_log")
                        found.update(action for (action,) in cursor.fetchall())
            finally:
                connection.close()
        return found

    def drop_all(self) -> None:
        for name in reversed(self._created):
            self._execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        self._created.clear()


@contextmanager
def postgres_for_tests(tmp_dir: Path) -> Iterator[PostgresForTests]:
    external = os.environ.get("DATABASE_URL")
    server = None
    if external:
        maintenance_url = external
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pgserver

            server = pgserver.get_server(tmp_dir / "pgdata", cleanup_mode="stop")  # type: ignore[attr-defined]
        maintenance_url = server.get_uri("postgres")
    cluster = PostgresForTests(maintenance_url)
    try:
        cluster.build_template()
        yield cluster
    finally:
        try:
            cluster.drop_all()
        finally:
            if server is not None:
                server.cleanup()
