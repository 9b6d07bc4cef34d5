"""Retries at the transaction boundary (as Tryton's dispatcher does): a request
whose transaction met a serialization failure or a deadlock is run again whole,
and so is one that lost a race for a unique key.

PostgreSQL aborts one of two transactions that cannot both go on (40001
serialization_failure, 40P01 deadlock_detected); the aborted one is rolled back
by the unit of work, so nothing of it stays, and running the request again is
what its caller would do by hand — without the 503. A request that lost a
check-then-insert race (two administrators creating the same user name at one
moment: both checked, both inserted, 23505 unique_violation for the later) is
run again too: its second run sees the winner's row and answers as the rules
say ("user.exists"), or, with an idempotency key, replays the winner's answer.
What still fails after the last run reaches the error handlers (409
``database.conflict`` for a unique key, 503 for the rest). Requests are safe to run
again: reads change nothing and writes are idempotent by key (or simply happen
once, as the first run left no trace). A request whose body was streamed rather
than held (an attachment's upload) cannot be replayed and is not retried.

Every router of the API is made by api_router; a test checks every route.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Coroutine
from contextlib import AsyncExitStack
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute, APIRouter
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

# serialization_failure, deadlock_detected, unique_violation
RETRYABLE = frozenset({"40001", "40P01", "23505"})
ATTEMPTS = 5  # the first run and four more
BASE_DELAY_S = 0.02  # doubled each time, with full jitter: 0–20, 0–40, 0–80, 0–160 ms

FUNCTION_STACK = "fastapi_function_astack"

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def retryable(exc: BaseException) -> bool:
    """A transaction PostgreSQL gave up so that another could go on."""
    code = getattr(getattr(exc, "orig", None), "pgcode", None)
    return isinstance(exc, DBAPIError) and code in RETRYABLE


def replayable(request: Request) -> bool:
    """The request can be run again as it came: no body, or a body already held
    in memory (FastAPI keeps a JSON body it has read); not a streamed upload."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return True
    return not request.headers.get("content-type", "").startswith("multipart/")


def delay(attempt: int) -> float:
    """Seconds to wait before run ``attempt + 1`` (full jitter: two requests that
    met each other do not meet again at the same moment)."""
    return random.uniform(0, BASE_DELAY_S * 2**attempt)


class RetryingRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    # each run gets its own stack of function-scoped dependencies, so
                    # the failed run's transaction is rolled back and closed before
                    # the next begins (FastAPI keeps that stack in the scope under
                    # this key; tests/server/test_retries.py breaks if it moves)
                    async with AsyncExitStack() as function_stack:
                        request.scope[FUNCTION_STACK] = function_stack
                        return await handler(request)
                except DBAPIError as exc:
                    if attempt == ATTEMPTS or not retryable(exc) or not replayable(request):
                        raise
                    log.warning(
                        "retrying %s %s (attempt %d of %d) after %s [%s]",
                        request.method,
                        request.url.path,
                        attempt + 1,
                        ATTEMPTS,
                        type(getattr(exc, "orig", exc)).__name__,
                        getattr(exc.orig, "pgcode", ""),
                    )
                    await asyncio.sleep(delay(attempt))
            raise AssertionError("unreachable")  # the loop returns or raises

        return run


def api_router(**options: Any) -> APIRouter:
    """An APIRouter whose routes retry (every router of the API is made here)."""
    return APIRouter(route_class=RetryingRoute, **options)
