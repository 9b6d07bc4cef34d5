"""System endpoints."""

from __future__ import annotations

from client.api.transport import Transport
from common.schemas.system import HealthOut


class SystemApi:
    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def health(self) -> HealthOut:
        """The server's health. A 503 still carries a health body (database down,
        schema behind), which is returned rather than raised."""
        body = self._transport.request("GET", "/health", body_on=frozenset({503}))
        return HealthOut.model_validate(body)
