"""邮件通知 end to end: an administrator sets the office's SMTP server up through
the admin API (the password sealed at rest), a user ticks what they want by
e-mail, and a notification raised by a request becomes an e-mail that a real
SMTP server (aiosmtpd, in the test) receives — in the reader's language. A mail
server that refuses or is away never slows the request: the row is retried on
the server's clock and given up after its last attempt, the error kept, until
an administrator retries it. Nothing is queued for a reader who does not want
it, nor by a transaction that rolls back."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from client.api import ApiClient
from common.enums import Language, NotificationKind, ReviewLevel, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.documents import DocumentOut
from common.schemas.mail import (
    MailSecurity,
    MailSettingsIn,
    MailState,
    NotificationSettingsIn,
)
from server.db.models import MailMessage, MailSettings
from server.db.uow import UnitOfWork
from server.services.core import mail_outbox
from server.services.operations.mail_worker import MailWorker
from server.services.review import notifications
from tests.support.accounts import Account, add_user, api_for, log_in, refused
from tests.support.documents import Codes, clerk, income, today, unit_of_its_own
from tests.support.live_server import LiveServer, free_port
from tests.support.reviews import reviewer
from tests.support.smtp import SENDER, SMTP_PASSWORD, SMTP_USER, Smtp, smtp_server

_names = count(1)


def name(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


@pytest.fixture(scope="module")
def smtp() -> Iterator[Smtp]:
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="module")
def admin_account(live_server: LiveServer) -> Account:
    return add_user(live_server, "mail.admin", [Role.ADMIN])


def configure(admin: ApiClient, port: int, *, password: str | None = SMTP_PASSWORD) -> None:
    admin.mail.save_settings(
        MailSettingsIn(
            enabled=True,
            host="127.0.0.1",
            port=port,
            security=MailSecurity.NONE,
            username=SMTP_USER,
            password=password,
            from_address=SENDER,
        )
    )


@pytest.fixture
def mail_on(live_server: LiveServer, admin_account: Account, smtp: Smtp) -> ApiClient:
    admin = log_in(live_server, admin_account)
    configure(admin, smtp.port)
    return admin


def worker(server: LiveServer) -> MailWorker:
    found = server.app.state.mail_worker
    assert isinstance(found, MailWorker)
    return found


@pytest.fixture
def worker_paused(live_server: LiveServer) -> Iterator[MailWorker]:
    """The process's own mail thread stopped: the test drives the steps itself."""
    mail_worker = worker(live_server)
    mail_worker.stop()
    yield mail_worker
    mail_worker.start()


def wait_until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def user_api(server: LiveServer, account: Account, language: Language) -> ApiClient:
    api = api_for(server)
    api.transport.language = language
    return log_in(server, account, api)


def wants(api: ApiClient, address: str, *kinds: NotificationKind, on: bool = True) -> None:
    api.mail.save_my_settings(
        NotificationSettingsIn(email=address, enabled=on, kinds=list(kinds or NotificationKind))
    )


def sent(api: ApiClient, codes: Codes, server: LiveServer, unit: str) -> DocumentOut:
    draft = income(
        codes, today(server), amount="880.00", payer=name("payer"), unit_id=codes.units[unit]
    )
    return api.documents.create_and_submit(draft, confirmed_amounts=[])


def queued_for(server: LiveServer, *user_ids: int) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(MailMessage)
                .where(MailMessage.user_id.in_(user_ids))
            )
            or 0
        )


def test_the_settings_are_kept_by_administrators_with_the_password_sealed(
    live_server: LiveServer, admin_account: Account, smtp: Smtp
) -> None:
    admin = log_in(live_server, admin_account)
    no_host = refused(admin.mail.save_settings, MailSettingsIn(enabled=True, from_address=SENDER))
    assert (no_host.status, no_host.code, no_host.params.get("field")) == (
        422,
        "mail.host_required",
        "host",
    )
    bad_sender = refused(
        admin.mail.save_settings,
        MailSettingsIn(enabled=True, host="127.0.0.1", from_address="not an address"),
    )
    assert (bad_sender.code, bad_sender.params.get("field")) == (
        "mail.address_invalid",
        "from_address",
    )
    assert "发件人地址" in bad_sender.message
    configure(admin, smtp.port)
    shown = admin.mail.settings()
    assert shown.enabled and shown.password_set and shown.port == smtp.port
    assert SMTP_PASSWORD not in shown.model_dump_json()
    with UnitOfWork(live_server.engine).transaction() as session:
        row = session.get(MailSettings, 1)
        assert row is not None and row.password_sealed is not None
        assert SMTP_PASSWORD.encode() not in row.password_sealed
    # saving without a password keeps the stored one (the worker still logs in)
    configure(admin, smtp.port, password=None)
    assert admin.mail.settings().password_set

    clerk_api = log_in(live_server, clerk(live_server, name("mail.clerk")))
    assert refused(clerk_api.mail.settings).status == 403
    assert refused(clerk_api.mail.send_test, "x@office.example").status == 403

    test = admin.mail.send_test("it@office.example")
    assert test.state is MailState.QUEUED
    wait_until(lambda: len(smtp.inbox.to("it@office.example")) == 1)
    (letter,) = smtp.inbox.to("it@office.example")
    assert letter["Subject"] == "[Countersign] 测试邮件"
    assert letter["From"] == SENDER
    assert "mail.admin" in letter.get_content()
    wait_until(lambda: admin.mail.outbox(MailState.SENT)[0].id == test.id)
    assert refused(admin.mail.retry, test.id).code == "mail.not_failed"

    auditor = log_in(live_server, add_user(live_server, "mail.auditor", [Role.AUDITOR]))
    actions = [
        r.action for r in auditor.audit_log.page(AuditLogQuery(target_type="mail_settings")).rows
    ]
    assert actions.count("mail_settings.changed") == 2
    tests = auditor.audit_log.page(AuditLogQuery(target_type="mail_message")).rows
    assert [r.action for r in tests] == ["mail.test_queued"]


def test_a_submitted_item_mails_its_reviewers_each_in_their_language(
    live_server: LiveServer, mail_on: ApiClient, smtp: Smtp
) -> None:
    codes = unit_of_its_own(live_server, "001071", "邮件一局")
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001071"))
    post = (ReviewLevel.SUPERVISOR, "001071")
    chinese = user_api(live_server, reviewer(live_server, name("zh"), post), Language.ZH_CN)
    english = user_api(live_server, reviewer(live_server, name("en"), post), Language.EN)
    wants(chinese, "zh.reviewer@office.example")
    wants(english, "en.reviewer@office.example")
    assert english.mail.my_settings().language is Language.EN
    assert english.mail.my_settings().mail_available

    doc = sent(maker, codes, live_server, "001071")
    wait_until(
        lambda: (
            bool(smtp.inbox.to("zh.reviewer@office.example"))
            and bool(smtp.inbox.to("en.reviewer@office.example"))
        )
    )
    (zh,) = smtp.inbox.to("zh.reviewer@office.example")
    (en,) = smtp.inbox.to("en.reviewer@office.example")
    (notice,) = [n for n in chinese.notifications.poll().items if n.document_id == doc.id]
    assert notice.text in zh.get_content()  # the notice's own words, in a letter
    assert zh["Subject"].startswith("[Countersign] 新待办:")
    assert en["Subject"].startswith("[Countersign] New item to review: ")
    assert "新待办:" in zh.get_content() and "880.00" in zh.get_content()
    assert "New item to review" in en.get_content() and "made by" in en.get_content()
    assert zh["To"] == "zh.reviewer@office.example"


def test_a_refusing_mail_server_never_slows_the_request_and_the_mail_is_retried(
    live_server: LiveServer, mail_on: ApiClient, smtp: Smtp
) -> None:
    codes = unit_of_its_own(live_server, "001072", "邮件二局")
    maker_account = clerk(live_server, name("maker"), unit="001072")
    maker = log_in(live_server, maker_account)
    checker = log_in(
        live_server, reviewer(live_server, name("chk"), (ReviewLevel.SUPERVISOR, "001072"))
    )
    wants(maker, "maker.451@office.example", NotificationKind.DECIDED)
    doc = sent(maker, codes, live_server, "001072")
    smtp.inbox.refusing = True
    mail_worker = worker(live_server)
    mail_worker.stop()  # no sending at all while the request runs
    try:
        checker.reviews.return_for_correction(doc.id, version=doc.version, reason="附件不全")
        # answered, and the e-mail only queued: the request never waited for SMTP
        (queued,) = [
            m
            for m in mail_on.mail.outbox(MailState.QUEUED)
            if m.recipient == "maker.451@office.example"
        ]
        assert queued.attempts == 0 and queued.last_error is None
        mail_worker.step()  # tried, and refused: kept to try again
    finally:
        smtp.inbox.refusing = False
    (row,) = [m for m in mail_on.mail.outbox() if m.recipient == "maker.451@office.example"]
    assert row.attempts == 1 and row.last_error is not None and "451" in row.last_error
    assert row.next_attempt_at is not None
    try:
        assert not smtp.inbox.to("maker.451@office.example")
        assert mail_worker.step() == 0  # not yet due: the server's clock has not moved
        live_server.clock.advance(mail_outbox.backoff(1) + dt.timedelta(seconds=1))
        assert mail_worker.step() == 1
    finally:
        mail_worker.start()
    (letter,) = smtp.inbox.to("maker.451@office.example")
    assert letter["Subject"].startswith("[Countersign] 审批结果:")
    assert "退回修改" in letter.get_content()
    assert "附件不全" in letter.get_content()
    admin = log_in(live_server, add_user(live_server, name("mail.adm"), [Role.ADMIN]))
    (done,) = [m for m in admin.mail.outbox() if m.recipient == "maker.451@office.example"]
    assert (done.state, done.attempts, done.last_error) == (MailState.SENT, 2, None)


def test_an_unreachable_mail_server_is_given_up_after_the_last_attempt_and_retried_by_hand(
    live_server: LiveServer, admin_account: Account, smtp: Smtp, worker_paused: MailWorker
) -> None:
    admin = log_in(live_server, admin_account)
    closed_port = free_port()  # nothing listens there
    configure(admin, closed_port)
    sent_test = admin.mail.send_test("far@office.example")
    # every wait is on the server's clock: the attempts follow at once
    for attempt in range(1, mail_outbox.MAX_ATTEMPTS + 1):
        assert worker_paused.step() == 1
        live_server.clock.advance(mail_outbox.backoff(attempt) + dt.timedelta(seconds=1))
    assert worker_paused.step() == 0  # given up
    admin = log_in(live_server, admin_account)  # the clock moved on: a fresh code
    (failed,) = [m for m in admin.mail.outbox(MailState.FAILED) if m.id == sent_test.id]
    assert failed.attempts == mail_outbox.MAX_ATTEMPTS
    assert failed.last_error is not None and "Connection" in failed.last_error

    configure(admin, smtp.port)  # the right port: retried by hand, it goes
    again = admin.mail.retry(sent_test.id)
    assert (again.state, again.attempts) == (MailState.QUEUED, 0)
    assert again.last_error is not None  # kept until it goes
    assert worker_paused.step() == 1
    assert len(smtp.inbox.to("far@office.example")) == 1
    assert [m.state for m in admin.mail.outbox() if m.id == sent_test.id] == [MailState.SENT]
    # sent e-mails are listed for a while, then removed; failed and queued ones stay
    later = live_server.clock.now() + mail_outbox.KEEP_SENT + dt.timedelta(days=1)
    with UnitOfWork(live_server.engine).transaction() as session:
        assert mail_outbox.sweep(session, now=later) >= 1
        assert session.get(MailMessage, sent_test.id) is None


def test_nothing_is_mailed_to_a_reader_who_turned_it_off_or_did_not_tick_the_kind(
    live_server: LiveServer, mail_on: ApiClient, smtp: Smtp
) -> None:
    codes = unit_of_its_own(live_server, "001073", "邮件三局")
    maker_account = clerk(live_server, name("maker"), unit="001073")
    maker = log_in(live_server, maker_account)
    post = (ReviewLevel.SUPERVISOR, "001073")
    off_account = reviewer(live_server, name("off"), post)
    other_kind_account = reviewer(live_server, name("kind"), post)
    off = log_in(live_server, off_account)
    other_kind = log_in(live_server, other_kind_account)
    wants(off, "off@office.example", on=False)
    wants(other_kind, "kind@office.example", NotificationKind.URGED)
    wants(maker, "maker.kind@office.example", NotificationKind.NEW_WORK)
    switched_on = refused(maker.mail.save_my_settings, NotificationSettingsIn(enabled=True))
    assert (switched_on.code, switched_on.params.get("field")) == ("mail.address_required", "email")
    doc = sent(maker, codes, live_server, "001073")
    other_kind.reviews.return_for_correction(doc.id, version=doc.version, reason="重填")
    told = [n.kind for n in maker.notifications.poll().items]
    assert NotificationKind.DECIDED in told  # notified in the client, not by e-mail
    assert queued_for(live_server, off_account.id, other_kind_account.id, maker_account.id) == 0


def test_a_rolled_back_transaction_queues_nothing(
    live_server: LiveServer, mail_on: ApiClient
) -> None:
    account = add_user(live_server, name("rollback"), [Role.REVIEWER])
    wants(log_in(live_server, account), "rollback@office.example")
    uow = UnitOfWork(live_server.engine)
    now = live_server.clock.now()
    params = {"kind_zh": "收入", "kind_en": "Income", "number": "1", "amount": "1", "maker": "x"}

    class Undone(Exception):
        pass

    with pytest.raises(Undone), uow.transaction() as session:
        notifications.notify(
            session,
            [account.id],
            NotificationKind.NEW_WORK,
            now=now,
            document_id=None,
            params=params,
        )
        assert queued_for_in(session, account.id) == 1  # queued with the notice…
        raise Undone
    assert queued_for(live_server, account.id) == 0  # …and gone with it
    with uow.transaction() as session:
        notifications.notify(
            session,
            [account.id],
            NotificationKind.NEW_WORK,
            now=now,
            document_id=None,
            params=params,
        )
    assert queued_for(live_server, account.id) == 1
    with uow.transaction() as session:  # not to be sent by the module's worker later
        session.execute(delete(MailMessage).where(MailMessage.user_id == account.id))


def queued_for_in(session: Any, user_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(MailMessage).where(MailMessage.user_id == user_id)
        )
        or 0
    )


def test_backoff_doubles_up_to_an_hour() -> None:
    waits = [mail_outbox.backoff(n) for n in range(1, 9)]
    assert waits[:4] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert waits[-1] == dt.timedelta(hours=1) and max(waits) == dt.timedelta(hours=1)


def test_an_administrator_sets_a_users_mail_notifications_and_it_is_logged(
    live_server: LiveServer, mail_on: ApiClient
) -> None:
    account = add_user(live_server, name("byadmin"), [Role.CLERK])
    own = user_api(live_server, account, Language.EN)
    wants(own, "own@office.example", on=False)
    changed = mail_on.mail.save_user_settings(
        account.id,
        NotificationSettingsIn(
            email="set.by.admin@office.example", enabled=True, kinds=[NotificationKind.DECIDED]
        ),
    )
    assert (changed.email, changed.enabled, changed.kinds) == (
        "set.by.admin@office.example",
        True,
        [NotificationKind.DECIDED],
    )
    assert changed.language is Language.EN  # the user's language stays theirs
    chinese = user_api(live_server, account, Language.ZH_CN)
    chinese.notifications.poll()  # the client switched to Chinese: the mail follows
    assert mail_on.mail.user_settings(account.id).language is Language.ZH_CN
    assert mail_on.mail.user_settings(account.id) == own.mail.my_settings()
    assert refused(own.mail.save_user_settings, account.id, NotificationSettingsIn()).status == 403
    assert refused(mail_on.mail.save_user_settings, 987654, NotificationSettingsIn()).status == 404
    auditor = log_in(live_server, add_user(live_server, name("aud"), [Role.AUDITOR]))
    rows = auditor.audit_log.page(AuditLogQuery(target_type="user", target_id=str(account.id))).rows
    assert [r.action for r in rows if r.action.startswith("notification")] == [
        "notification_settings.changed"
    ]
