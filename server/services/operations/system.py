"""System status as the health check reports it."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from common.schemas.system import HealthOut
from common.version import __version__
from server.db.migrate import current_revision, head_revision

log = logging.getLogger(__name__)


def health(session: Session) -> HealthOut:
    """Database reachable and at which schema revision; never raises.

    Status is "ok" only when the database answers and is at the head revision this
    server was built for: a server on an old schema must not look healthy.
    """
    now = dt.datetime.now(dt.UTC).isoformat()
    try:
        revision = current_revision(session.connection())
    except SQLAlchemyError as exc:
        log.warning("health check: database unavailable: %s", exc.__class__.__name__)
        return HealthOut(
            status="error", database="unavailable", version=__version__, server_time=now
        )
    return HealthOut(
        status="ok" if revision == head_revision() else "error",
        database="ok",
        schema_revision=revision,
        version=__version__,
        server_time=now,
    )
