"""Every server process's mail worker: it sends the outbox's due e-mails
(server/services/core/mail_outbox.py) through the office's SMTP server.

One thread looks every :data:`POLL_SECONDS`, and at once when a transaction of
this process queued mail; each look claims the due rows in a short transaction,
sends them with smtplib outside any transaction, and records each outcome in
another: sent, tried again after a backoff (1, 2, 4 … minutes by the server's
clock), or given up after the last attempt with its error kept for the console.
A request that raised a notification never waits for the mail server.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from server.clock import Clock
from server.crypto import SecretBox
from server.db.models import MailSettings
from server.db.uow import UnitOfWork
from server.services.core import mail_outbox
from server.services.core.mail_outbox import Claimed
from server.services.operations.mail_settings import smtp_password

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0
BATCH = 20
SMTP_TIMEOUT_S = 15.0
STOP_SECONDS = 10.0
SWEEP_SECONDS = 3600.0


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    username: str
    password: str
    from_address: str


def _config(row: MailSettings | None, box: SecretBox) -> SmtpConfig | None:
    if row is None or not row.enabled or not row.host or not row.from_address:
        return None
    return SmtpConfig(
        row.host, row.port, row.security, row.username, smtp_password(row, box), row.from_address
    )


def _open(config: SmtpConfig) -> smtplib.SMTP:
    if config.security == "tls":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=SMTP_TIMEOUT_S, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=SMTP_TIMEOUT_S)
        if config.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
    if config.username:
        smtp.login(config.username, config.password)
    return smtp


def _letter(config: SmtpConfig, message: Claimed) -> EmailMessage:
    letter = EmailMessage()
    letter["From"] = config.from_address
    letter["To"] = message.recipient
    letter["Subject"] = message.subject
    letter["Date"] = formatdate(localtime=True)
    letter["Message-ID"] = make_msgid(domain=config.from_address.rpartition("@")[2] or None)
    letter.set_content(message.body)
    return letter


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def send_all(config: SmtpConfig, messages: list[Claimed]) -> list[tuple[Claimed, str | None]]:
    """Send over one connection; each message with None (sent) or why not."""
    try:
        smtp = _open(config)
    except (OSError, smtplib.SMTPException) as exc:
        return [(message, _why(exc)) for message in messages]
    outcomes: list[tuple[Claimed, str | None]] = []
    try:
        for message in messages:
            try:
                smtp.send_message(_letter(config, message))
                outcomes.append((message, None))
            except smtplib.SMTPServerDisconnected as exc:
                outcomes.extend((rest, _why(exc)) for rest in messages[len(outcomes) :])
                break
            except (OSError, smtplib.SMTPException) as exc:
                outcomes.append((message, _why(exc)))
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return outcomes


class MailWorker:
    def __init__(self, uow: UnitOfWork, *, clock: Clock, box: Callable[[], SecretBox]) -> None:
        self.uow, self.clock, self._box = uow, clock, box
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False
        self._next_sweep = 0.0  # time.monotonic() of the next removal of old sent rows

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping = stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(stopping,), name="mail-worker", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        self._stopping.set()
        mail_outbox.queued_here.set()  # wakes the thread, which sees it should stop
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def step(self, limit: int = BATCH) -> int:
        """Send the due e-mails (up to ``limit``); how many were tried. Tests call
        it after moving the clock; the thread calls it in its loop."""
        with self.uow.transaction() as session:
            config = _config(session.get(MailSettings, 1), self._box())
            if config is None:
                return 0  # mail off: what is queued waits
            claimed = mail_outbox.claim(session, now=self.clock.now(), limit=limit)
        if not claimed:
            return 0
        outcomes = send_all(config, claimed)
        with self.uow.transaction() as session:
            now = self.clock.now()
            for message, error in outcomes:
                if error is None:
                    mail_outbox.record_sent(session, message.id, now=now)
                else:
                    log.warning("mail %s to %s failed: %s", message.id, message.recipient, error)
                    mail_outbox.record_failed(session, message, error, now=now)
        return len(claimed)

    def _run(self, stopping: threading.Event) -> None:
        while not stopping.is_set():
            mail_outbox.queued_here.wait(POLL_SECONDS)
            mail_outbox.queued_here.clear()
            if stopping.is_set():
                break
            try:
                while self.step() and not stopping.is_set():
                    pass
                if time.monotonic() >= self._next_sweep:
                    with self.uow.transaction() as session:
                        mail_outbox.sweep(session, now=self.clock.now())
                    self._next_sweep = time.monotonic() + SWEEP_SECONDS
                if self._failing:
                    log.info("mail worker works again")
                self._failing = False
            except Exception:  # the database away: the next look tries again
                if not self._failing:
                    log.exception("mail worker: sending failed; retrying")
                self._failing = True
