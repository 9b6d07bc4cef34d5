"""Posting (记账) through client/api: by default final approval posts at once; where
the office makes posting a step of its own, a poster who is neither maker nor
reviewer posts, after a cashier's sign-off on vouchers touching cash or bank;
both steps are logged and the month cannot close while a voucher waits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest

from common.enums import DocumentStatus, PaymentMethod, ReviewLevel, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.documents import DocumentOut
from common.schemas.posting import PostingStage, SignOffWay
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import (
    Codes,
    expenditure,
    income,
    set_parameter,
    today,
    unit_of_its_own,
    voucher,
)
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

UNIT = "001088"  # this module's own unit: its posting lists hold only its vouchers


@pytest.fixture
def separate_posting(live_server: LiveServer) -> Iterator[None]:
    set_parameter(live_server, "separate_posting", True)
    yield
    set_parameter(live_server, "separate_posting", False)


@pytest.fixture(scope="module")
def office(live_server: LiveServer) -> Codes:
    return unit_of_its_own(live_server, UNIT, "记账测试所")


def in_unit(office: Codes) -> dict[str, int]:
    return {"unit_id": office.units[UNIT]}


class People:
    """The maker and checker of this module's vouchers, each also a poster and a
    cashier (so only the per-voucher rule can refuse them), and an independent
    poster and cashier."""

    def __init__(self, server: LiveServer, tag: str) -> None:
        self.maker = log_in(
            server,
            add_user(
                server, f"{tag}.maker", [Role.CLERK, Role.POSTER, Role.CASHIER], unit_codes=(UNIT,)
            ),
        )
        self.checker = log_in(
            server,
            reviewer(
                server,
                f"{tag}.checker",
                (ReviewLevel.SUPERVISOR, UNIT),
                roles=(Role.REVIEWER, Role.POSTER, Role.CASHIER),
                scope=UNIT,
            ),
        )
        self.poster = log_in(
            server, add_user(server, f"{tag}.poster", [Role.POSTER], unit_codes=(UNIT,))
        )
        self.cashier = log_in(
            server, add_user(server, f"{tag}.cashier", [Role.CASHIER], unit_codes=(UNIT,))
        )
        self.both = log_in(
            server,
            add_user(server, f"{tag}.both", [Role.CASHIER, Role.POSTER], unit_codes=(UNIT,)),
        )

    def approved(self, draft: object) -> DocumentOut:
        made = self.maker.documents.create_and_submit(draft)  # type: ignore[arg-type]
        return self.checker.reviews.approve(made.id, version=made.version)


def test_final_approval_posts_at_once_by_default(live_server: LiveServer, office: Codes) -> None:
    people = People(live_server, "auto")
    day = today(live_server)
    record = people.approved(income(office, day, amount="300.00", **in_unit(office)))
    assert record.status is DocumentStatus.POSTED
    assert record.posting is not None and record.posting.way is SignOffWay.AUTOMATIC
    assert record.voucher_id is not None
    made = people.maker.documents.get(record.voucher_id)
    assert made.status is DocumentStatus.POSTED and made.posting == record.posting
    entered = people.approved(
        voucher(office, day, ("500102", "40.00", "0"), ("100201", "0", "40.00")).model_copy(
            update=in_unit(office)
        )
    )
    assert entered.status is DocumentStatus.POSTED and entered.cashier_sign_off is None
    # nothing waits, and there is no step to take
    assert people.poster.posting.queue(PostingStage.POST) == []
    no_step = refused(people.poster.posting.post, entered.id, version=entered.version)
    assert (no_step.status, no_step.code) == (409, "posting.automatic")


def test_a_separate_poster_posts_after_the_cashier_and_never_the_maker_or_reviewer(
    live_server: LiveServer, office: Codes, separate_posting: None
) -> None:
    people = People(live_server, "sep")
    day = today(live_server)
    paid = people.approved(
        expenditure(
            office,
            day,
            amount="1250.00",
            payee="乙公司",
            payment_method=PaymentMethod.AUTHORISED,  # 零余额账户: the cashier's
            **in_unit(office),
        )
    )
    assert paid.status is DocumentStatus.APPROVED and paid.posting is None
    assert paid.voucher_id is not None
    bank = people.poster.documents.get(paid.voucher_id)
    assert bank.status is DocumentStatus.APPROVED and bank.touches_cash

    # it waits for the cashier, not yet for the poster
    waiting = people.cashier.posting.queue(PostingStage.CASHIER)
    assert [item.document_id for item in waiting] == [bank.id]
    assert waiting[0].actionable and waiting[0].amount == Decimal("1250.00")
    assert [i.document_id for i in people.poster.posting.queue(PostingStage.POST)] == []
    early = refused(people.poster.posting.post, bank.id, version=bank.version)
    assert (early.status, early.code) == (409, "posting.cashier_first")
    assert early.params["accounts"] == "1011"

    # the maker and the reviewer are refused as cashier, and told why
    for person, code in (
        (people.maker, "posting.own_document"),
        (people.checker, "posting.reviewed_it"),
    ):
        listed = person.posting.queue(PostingStage.CASHIER)
        assert [(i.actionable, i.reason_code) for i in listed] == [(False, code)]
        no = refused(person.posting.cashier_sign, bank.id, version=bank.version)
        assert (no.status, no.code) == (403, code)

    signed = people.both.posting.cashier_sign(bank.id, version=bank.version)
    assert signed.cashier_sign_off is not None
    assert signed.cashier_sign_off.user_name == "sep.both"
    assert signed.version == bank.version + 1 and signed.status is DocumentStatus.APPROVED
    again = refused(people.cashier.posting.cashier_sign, bank.id, version=signed.version)
    assert again.code == "posting.already_signed"

    # now it waits for the poster; the cashier who signed it may not post it
    queued = people.poster.posting.queue(PostingStage.POST)
    assert [(i.document_id, i.cashier_signed) for i in queued] == [(bank.id, True)]
    for person, code in (
        (people.maker, "posting.own_document"),
        (people.checker, "posting.reviewed_it"),
        (people.both, "posting.cashier_signed_it"),
    ):
        no = refused(person.posting.post, bank.id, version=signed.version)
        assert (no.status, no.code) == (403, code)
    stale = refused(people.poster.posting.post, bank.id, version=bank.version)
    assert stale.code == "document.stale"

    posted = people.poster.posting.post(bank.id, version=signed.version)
    assert posted.status is DocumentStatus.POSTED
    assert posted.posting is not None and posted.posting.way is SignOffWay.MANUAL
    assert posted.posting.user_name == "sep.poster"
    record = people.maker.documents.get(paid.id)
    assert record.status is DocumentStatus.POSTED and record.posting == posted.posting
    assert people.poster.posting.queue(PostingStage.POST) == []

    auditor = log_in(live_server, add_user(live_server, "sep.auditor", [Role.AUDITOR]))
    logged = auditor.audit_log.page(AuditLogQuery(target_type="document", target_id=str(bank.id)))
    actions = [(entry.action, entry.actor_name) for entry in logged.rows]
    assert ("document.cashier_signed", "sep.both") in actions
    assert ("document.posted", "sep.poster") in actions


def test_a_voucher_without_cash_posts_without_the_cashier(
    live_server: LiveServer, office: Codes, separate_posting: None
) -> None:
    people = People(live_server, "nocash")
    accrual = people.approved(
        voucher(
            office, today(live_server), ("500102", "75.00", "0"), ("2302", "0", "75.00")
        ).model_copy(update=in_unit(office))
    )
    assert accrual.status is DocumentStatus.APPROVED and not accrual.touches_cash
    no_cash = refused(people.cashier.posting.cashier_sign, accrual.id, version=accrual.version)
    assert (no_cash.status, no_cash.code) == (409, "posting.no_cash")
    assert accrual.id in [i.document_id for i in people.poster.posting.queue(PostingStage.POST)]
    assert people.poster.posting.post(accrual.id, version=accrual.version).status is (
        DocumentStatus.POSTED
    )


def test_without_the_cashier_rule_a_bank_voucher_goes_straight_to_the_poster(
    live_server: LiveServer, office: Codes, separate_posting: None
) -> None:
    set_parameter(live_server, "cashier_sign_off", False)
    try:
        people = People(live_server, "nocashier")
        bank = people.approved(
            voucher(
                office, today(live_server), ("500102", "9.00", "0"), ("100201", "0", "9.00")
            ).model_copy(update=in_unit(office))
        )
        assert people.cashier.posting.queue(PostingStage.CASHIER) == []
        off = refused(people.cashier.posting.cashier_sign, bank.id, version=bank.version)
        assert off.code == "posting.cashier_not_required"
        assert people.poster.posting.post(bank.id, version=bank.version).status is (
            DocumentStatus.POSTED
        )
    finally:
        set_parameter(live_server, "cashier_sign_off", True)


def test_the_month_waits_for_its_poster_and_balances_can_leave_out_the_unposted(
    live_server: LiveServer, office: Codes, separate_posting: None
) -> None:
    people = People(live_server, "close")
    admin = log_in(live_server, add_user(live_server, "close.admin", [Role.ADMIN]))
    first = today(live_server).replace(day=1)
    month_ago = (first - dt.timedelta(days=1)).replace(day=12)
    waiting = people.approved(
        voucher(office, month_ago, ("500102", "610.00", "0"), ("2302", "0", "610.00")).model_copy(
            update=in_unit(office)
        )
    )
    status = admin.admin.period(month_ago.year, month_ago.month)
    assert [(p.document_id, p.problem) for p in status.problems] == [(waiting.id, "unposted")]
    blocked = refused(admin.admin.close_period, month_ago.year, month_ago.month)
    assert blocked.code == "period.not_ready"

    span = (month_ago.replace(day=1), month_ago.replace(day=28))

    def expense(rows: list) -> Decimal:  # type: ignore[type-arg]
        return next((r.debit for r in rows if r.code == "500102"), Decimal("0"))

    scoped = log_in(
        live_server, add_user(live_server, "close.analyst", [Role.ANALYST], unit_codes=(UNIT,))
    )
    assert expense(scoped.reports.balances(*span)) == Decimal("610.00")
    assert expense(scoped.reports.balances(*span, posted_only=True)) == Decimal("0")
    people.poster.posting.post(waiting.id, version=waiting.version)
    assert expense(scoped.reports.balances(*span, posted_only=True)) == Decimal("610.00")
    assert admin.admin.period(month_ago.year, month_ago.month).problems == []
