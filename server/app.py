"""The FastAPI application, built explicitly from settings (never at import time)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from common.version import API_PREFIX, __version__
from server.api.errors import install_error_handlers
from server.api.routes import system
from server.db.uow import UnitOfWork
from server.settings import ServerSettings


def create_app(settings: ServerSettings, engine: Engine) -> FastAPI:
    """Wire routes, error handlers and the unit of work over ``engine``."""
    app = FastAPI(
        title="Countersign",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.uow = UnitOfWork(engine)
    install_error_handlers(app)
    app.include_router(system.router, prefix=API_PREFIX)
    return app
