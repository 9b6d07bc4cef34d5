"""Every error leaves the server as JSON ``{"code", "message", "params"}``.

Messages are rendered in the caller's language; a stack trace never leaves the
server (it is logged with a reference the user can quote).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import (
    DataError,
    IntegrityError,
    InterfaceError,
    InternalError,
    OperationalError,
)
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.enums import DocumentKind, Language
from common.errors import MESSAGES, DomainError, render_message
from common.schemas.money import MONEY_ERROR
from common.schemas.system import ErrorOut
from server.api.deps import request_language
from server.api.read_only import reads_only

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


def field_path(location: tuple[int | str, ...]) -> str:
    """A field as the rules name it: ``("body", "draft", "voucher", "lines", 0,
    "debit")`` -> ``lines[0].debit``. The body and a document draft's wrapper and
    kind tag are left out, so the path is the one the entry form marks."""
    parts = [part for part in location if part != "body"]
    kinds = {kind.value for kind in DocumentKind}
    if len(parts) >= 2 and parts[0] == "draft" and parts[1] in kinds:
        parts = parts[2:]
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _rule(error: Mapping[str, Any], language: Language) -> tuple[str, dict[str, Any]]:
    """The broken rule in the caller's language; for money, also its code and limit."""
    context = error.get("ctx") or {}
    if error.get("type") == MONEY_ERROR and context.get("rule") in MESSAGES:
        more = {"rule_code": context["rule"], "max": context.get("max", "")}
        return render_message(context["rule"], more, language), more
    return str(error.get("msg", "")), {}


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Name each bad field and the rule it broke."""
    assert isinstance(exc, RequestValidationError)
    language = request_language(request)
    fields = []
    for error in exc.errors():
        rule, more = _rule(error, language)
        fields.append({"field": field_path(tuple(error.get("loc", ()))), "rule": rule, **more})
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
    """The database went away (a restart, a failover: the connection broke
    mid-request, or none could be made): 503, never a 500. The pool drops the
    broken connection and pre-pings the rest, so the next request connects
    afresh — with a multi-host URL, to whichever host is the primary now. A
    mutating request is retried by the client with the same idempotency key."""
    log.error("database unavailable during %s %s: %s", request.method, request.url.path, exc)
    return error_response(request, 503, "database.unavailable")


READ_ONLY_SQL_TRANSACTION = "25006"


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    """A write refused because the database is read-only: in a read's
    transaction a fault (a read that writes, server/api/read_only.py); in a
    write's, the host we reached is a standby — a primary demoted in a failover,
    or a URL without ``target_session_attrs=read-write``. Then 503, and the pool
    starts afresh so the next request looks for the primary again."""
    assert isinstance(exc, InternalError)
    if getattr(exc.orig, "pgcode", None) == READ_ONLY_SQL_TRANSACTION and not reads_only(request):
        log.error(
            "the database is read-only during %s %s: reconnecting", request.method, request.url.path
        )
        request.app.state.uow.engine.dispose()
        return error_response(request, 503, "database.unavailable")
    return await _unexpected(request, exc)


NUMERIC_OUT_OF_RANGE = "22003"  # PostgreSQL's numeric_value_out_of_range


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    """A total too large for its column (e.g. a month's totals at period close):
    a clear refusal, not a 500; the request's transaction has rolled back, so
    nothing of it is saved. Any other data error is a fault."""
    assert isinstance(exc, DataError)
    if getattr(exc.orig, "pgcode", None) == NUMERIC_OUT_OF_RANGE:
        log.warning("numeric overflow in %s %s: %s", request.method, request.url.path, exc.orig)
        return error_response(request, 422, "amount.total_out_of_range")
    return await _unexpected(request, exc)


UNIQUE_VIOLATION = "23505"


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """A unique key another request took at the same moment, still taken after
    the request ran again (server/api/retrying_route.py): 409 with a code, the
    request's transaction rolled back. Any other integrity error is a fault."""
    assert isinstance(exc, IntegrityError)
    if getattr(exc.orig, "pgcode", None) == UNIQUE_VIOLATION:
        diag = getattr(exc.orig, "diag", None)
        constraint = getattr(diag, "constraint_name", None) or ""
        log.warning(
            "unique key conflict in %s %s: %s", request.method, request.url.path, constraint
        )
        return error_response(request, 409, "database.conflict", {"constraint": constraint})
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.exception("unhandled error %s in %s %s", reference, request.method, request.url.path)
    return error_response(request, 500, "server.internal", {"reference": reference})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(InterfaceError, _database_down)  # "connection already closed"
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(InternalError, _internal_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(Exception, _unexpected)
