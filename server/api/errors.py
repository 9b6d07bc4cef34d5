"""Every error leaves the server as JSON ``{"code", "message", "params"}``.

Messages are rendered in the caller's language; a stack trace never leaves the
server (it is logged with a reference the user can quote).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.enums import Language
from common.errors import DomainError, render_message
from common.schemas.system import ErrorOut
from server.api.deps import request_language

log = logging.getLogger(__name__)


def error_response(
    request: Request, status: int, code: str, params: dict[str, Any] | None = None
) -> JSONResponse:
    language: Language = request_language(request)
    params = params or {}
    body = ErrorOut(code=code, message=render_message(code, params, language), params=params)
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"))


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return error_response(request, exc.status, exc.code, exc.params)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Name each bad field and the rule it broke."""
    assert isinstance(exc, RequestValidationError)
    fields = []
    for error in exc.errors():
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        fields.append({"field": ".".join(location), "rule": error.get("msg", "")})
    details = "; ".join(f"{f['field']}: {f['rule']}" for f in fields)
    if len(fields) == 1:
        return error_response(request, 422, "request.field_invalid", fields[0])
    return error_response(request, 422, "request.invalid", {"details": details, "fields": fields})


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(request, 404, "http.not_found", {"path": request.url.path})
    if exc.status_code == 405:
        return error_response(request, 405, "http.method_not_allowed", {"method": request.method})
    return error_response(request, exc.status_code, "http.error", {"status": exc.status_code})


async def _database_down(request: Request, exc: Exception) -> JSONResponse:
    log.error("database unavailable during %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, 503, "database.unavailable")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.exception("unhandled error %s in %s %s", reference, request.method, request.url.path)
    return error_response(request, 500, "server.internal", {"reference": reference})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(Exception, _unexpected)
