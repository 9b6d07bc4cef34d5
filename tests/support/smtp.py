"""A real SMTP server for tests (aiosmtpd in a thread): it keeps what arrives,
answers 451 while told to refuse, and takes only the configured login."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from tests.support.live_server import free_port

SENDER = "countersign@office.example"
SMTP_USER, SMTP_PASSWORD = "relay-user", "relay-Secret-7"


@dataclass
class Inbox:
    """aiosmtpd's handler: keeps what arrives; answers 451 while ``refusing``."""

    letters: list[tuple[list[str], Message]] = field(default_factory=list)
    refusing: bool = False

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        if self.refusing:
            return "451 Requested action aborted: try again later"
        content = envelope.content
        assert isinstance(content, bytes)
        letter = email.message_from_bytes(content, policy=default_policy)
        self.letters.append((list(envelope.rcpt_tos), letter))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [letter for rcpts, letter in self.letters if address in rcpts]


def _authenticator(
    server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    """Only the configured account: proves the sealed password opens for the worker."""
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok)


@dataclass
class Smtp:
    inbox: Inbox
    port: int
    controller: Controller


@contextmanager
def smtp_server() -> Iterator[Smtp]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=_authenticator,
        auth_require_tls=False,  # a relay on the intranet, tested without TLS
    )
    controller.start()
    try:
        yield Smtp(inbox, port, controller)
    finally:
        controller.stop()
