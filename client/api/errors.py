"""What can go wrong when talking to the server, as exceptions views can show."""

from __future__ import annotations

from typing import Any


class ClientError(Exception):
    """Base of every error raised by client.api."""


class ApiError(ClientError):
    """The server answered with an error body ``{"code", "message", "params"}``.

    ``message`` is already in the language the client asked for.
    """

    def __init__(self, status: int, code: str, message: str, params: dict[str, Any]) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.params = params


class ServerUnreachable(ClientError):
    """No answer: the server is down, the network is away, or a timeout passed."""


def outcome_unknown(error: Exception) -> bool:
    """True when a write may or may not have been done: no answer at all, or the
    database (or a gateway in front of the server) broke off mid-request — a
    failover does that. Such a request is sent again with the same idempotency
    key, which the server answers with the first outcome; a new key could save
    it twice. Maintenance refuses before anything runs, so it is a plain refusal."""
    if isinstance(error, ServerUnreachable):
        return True
    if isinstance(error, ApiError):
        gateway = error.status in (502, 504) and error.code == "http.error"
        broken = error.status == 503 and error.code in ("database.unavailable", "http.error")
        return gateway or broken
    return False


class CertificateChanged(ClientError):
    """The server presented a certificate other than the one the user trusted.

    The connection is refused: this is what an impostor would look like.
    """

    def __init__(self, address: str, expected: str, presented: str) -> None:
        super().__init__(f"certificate of {address} changed: expected {expected}, got {presented}")
        self.address = address
        self.expected = expected
        self.presented = presented
