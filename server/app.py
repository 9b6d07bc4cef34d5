"""The FastAPI application, built explicitly from settings (never at import time)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from common.version import API_PREFIX, __version__
from server.api.errors import install_error_handlers
from server.api.maintenance import MaintenanceMiddleware
from server.api.routes import (
    admin_requests,
    admin_system,
    admin_users,
    alerts,
    announcements,
    approval_settings,
    attachments,
    audit,
    audit_log,
    auth,
    backup_key,
    backups,
    client_versions,
    documents,
    export_rights,
    exports,
    faq,
    feedback,
    mail,
    notifications,
    openings,
    periods,
    posting,
    quotas,
    reference,
    reference_admin,
    report_versions,
    reports,
    restores,
    reviews,
    roles,
    search,
    statements,
    system,
    year_end,
)
from server.clock import Clock
from server.crypto import SecretBox, load_or_create_key
from server.db import roles as db_roles
from server.db.uow import UnitOfWork
from server.services.exports.export_worker import ExportWorker
from server.services.operations import backup_crypto
from server.services.operations.backup_runs import BackupRunner, Where
from server.services.operations.mail_worker import MailWorker
from server.services.operations.maintenance import MaintenanceGate
from server.services.operations.maintenance_watch import MaintenanceWatch
from server.services.operations.wal_archive import wal_folder
from server.settings import ServerSettings

log = logging.getLogger(__name__)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    state = app.state
    state.maintenance_watch.start()  # the state is read before the first request
    state.export_worker.start()  # with the database away it retries; health says so
    if state.settings.backup_schedule:
        state.backup_runner.schedule(state.settings.backup_check_seconds)
    state.backup_runner.start_shipping(state.settings.offsite_ship_seconds)
    state.mail_worker.start()
    yield
    state.mail_worker.stop()
    state.backup_runner.stop()
    state.export_worker.stop()
    state.maintenance_watch.stop()


def create_app(
    settings: ServerSettings,
    engine: Engine,
    *,
    clock: Clock | None = None,
    replica: Engine | None = None,
) -> FastAPI:
    """Wire routes, error handlers and the unit of work over ``engine``;
    ``replica``: a streaming standby for the reads that may lag (server/db/uow.py)."""
    app = FastAPI(
        title="Countersign",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.uow = UnitOfWork(engine, replica=replica)
    app.state.clock = clock or Clock()
    app.state.started_at = app.state.clock.now()  # uptime on 系统状态
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    app.state.secret_box = SecretBox(load_or_create_key(settings.data_dir, secret))
    app.state.export_hold = None  # export_runs.BatchHold: tests pause a job between batches
    app.state.export_worker = ExportWorker(
        app.state.uow,
        listen_url=db_roles.libpq(engine.url.render_as_string(hide_password=False)),
        data_dir=settings.data_dir,
        clock=app.state.clock,
        hold=lambda: app.state.export_hold,
    )
    app.state.mail_worker = MailWorker(
        app.state.uow, clock=app.state.clock, box=lambda: app.state.secret_box
    )
    app.state.maintenance = MaintenanceGate(engine, drain_s=settings.maintenance_drain_seconds)
    app.state.maintenance_watch = MaintenanceWatch(
        app.state.maintenance,
        listen_url=db_roles.libpq(engine.url.render_as_string(hide_password=False)),
    )
    continuous = settings.continuous_protection and wal_folder(settings.backups).is_dir()
    app.state.backup_runner = BackupRunner(
        engine,
        Where(
            settings.backups,
            settings.backup_copy_dir,
            continuous=continuous,
            key=backup_crypto.load_or_create(settings.data_dir),  # made at first start
        ),
        app.state.clock,
        app.state.maintenance,
    )
    app.add_middleware(MaintenanceMiddleware, gate=app.state.maintenance)
    install_error_handlers(app)
    for router in (
        system.router,
        auth.router,
        admin_users.router,
        approval_settings.router,
        audit.router,
        reference.router,
        reference_admin.router,
        documents.router,
        attachments.router,
        reviews.router,
        posting.router,
        notifications.router,
        mail.router,
        search.router,
        statements.router,
        year_end.router,
        announcements.router,
        feedback.router,
        faq.router,
        report_versions.router,
        exports.router,
        periods.router,
        openings.router,
        admin_requests.router,
        backups.router,
        backup_key.router,
        restores.router,
        alerts.router,
        admin_system.router,
        roles.router,
        export_rights.router,
        audit_log.router,
        reports.router,
        quotas.admin,
        quotas.adjustments,
        client_versions.public,
        client_versions.admin,
    ):
        app.include_router(router, prefix=API_PREFIX)
    return app
