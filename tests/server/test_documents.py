"""DOMAIN.md "Business documents": the entry rules, enforced by the server and by
PostgreSQL, through the client API against a real server."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import select, text

from client.api import ApiClient
from common.enums import DocumentStatus, Language, Role
from common.schemas.documents import SubmitIn
from server.db.models import AuditRecord, Document, FiscalPeriod
from server.db.uow import UnitOfWork
from server.services.core.params import set_parameter
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, expenditure, income, today, voucher
from tests.support.live_server import LiveServer

_names = count(1)


@pytest.fixture
def api(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, f"clerk{next(_names)}"))


def submit(api: ApiClient, doc_id: int, version: int, **kwargs: object) -> object:
    return api.documents.submit(doc_id, SubmitIn(version=version, **kwargs))  # type: ignore[arg-type]


def test_an_income_record_from_draft_to_submitted_with_its_number(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    draft = api.documents.create(income(codes, day, payer=""))
    assert (draft.status, draft.number, draft.version) == (DocumentStatus.DRAFT, None, 1)
    # a draft may be incomplete; the submission may not
    missing = refused(submit, api, draft.id, draft.version)
    assert (missing.code, missing.params["field"]) == ("document.field_required", "payer")
    assert missing.message == "请填写缴款人"
    edited = api.documents.update(draft.id, income(codes, day), version=draft.version)
    assert edited.version == 2 and edited.counterparty == "张三"
    done = api.documents.submit(edited.id, SubmitIn(version=edited.version))
    assert done.status is DocumentStatus.SUBMITTED and done.number is not None
    assert done.number.startswith("收入-") and done.amount == Decimal("1200.00")
    with UnitOfWork(live_server.engine).transaction() as session:
        actions = session.scalars(
            select(AuditRecord.action)
            .where(AuditRecord.target_type == "document", AuditRecord.target_id == str(done.id))
            .order_by(AuditRecord.id)
        ).all()
    assert actions == ["document.created", "document.updated", "document.submitted"]


@pytest.mark.parametrize(
    ("lines", "code", "field"),
    [
        ((("500102", "500.00", "0"), ("100201", "0", "499.99")), "voucher.unbalanced", "lines"),
        ((("500102", "0", "0"), ("100201", "0", "0")), "voucher.line_zero", "lines[0]"),
        ((("500102", "500.00", "0"),), "voucher.too_few_lines", "lines"),
    ],
)
def test_a_voucher_that_breaks_a_rule_cannot_be_submitted(
    live_server: LiveServer,
    codes: Codes,
    api: ApiClient,
    lines: tuple[tuple[str, str, str], ...],
    code: str,
    field: str,
) -> None:
    draft = api.documents.create(voucher(codes, today(live_server), *lines))
    error = refused(submit, api, draft.id, draft.version)
    assert (error.status, error.code, error.params["field"]) == (422, code, field)
    assert api.documents.get(draft.id).status is DocumentStatus.DRAFT


def test_the_unbalanced_message_names_both_totals_in_both_languages(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    lines = (("500102", "1234.50", "0"), ("100201", "0", "1000.00"))
    draft = api.documents.create(voucher(codes, today(live_server), *lines))
    chinese = refused(submit, api, draft.id, draft.version)
    assert chinese.message == "借贷不平衡:借方合计 1,234.50,贷方合计 1,000.00"
    api.transport.language = Language.EN
    english = refused(submit, api, draft.id, draft.version)
    assert english.message == "Debit and credit do not balance: debit 1,234.50, credit 1,000.00"


def test_a_line_with_both_sides_and_bad_accounts_are_refused_even_in_a_draft(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    both = voucher(codes, day, ("500102", "10.00", "10.00"), ("100201", "0", "0"))
    error = refused(api.documents.create, both)
    assert (error.code, error.params["field"]) == ("voucher.line_both_sides", "lines[0]")
    assert error.message == "第 1 行不能同时有借方和贷方金额"

    parent = voucher(codes, day, ("1002", "10.00", "0"), ("100201", "0", "10.00"))
    error = refused(api.documents.create, parent)
    assert (error.code, error.params["field"]) == ("reference.not_leaf", "lines[0].account_id")
    assert "银行存款" in error.message and "第 1 行会计科目" in error.message

    with UnitOfWork(live_server.engine).transaction() as session:
        session.execute(text("UPDATE accounts SET is_active = false WHERE code = '1021'"))
    try:
        retired = voucher(codes, day, ("1021", "10.00", "0"), ("100201", "0", "10.00"))
        assert refused(api.documents.create, retired).code == "reference.inactive"
    finally:  # the module's other tests find the chart of accounts as shipped
        with UnitOfWork(live_server.engine).transaction() as session:
            session.execute(text("UPDATE accounts SET is_active = true WHERE code = '1021'"))

    # the schema's money type refuses a third decimal (the client's schema too, so
    # send it as another client might)
    three_places = voucher(codes, day).model_dump(mode="json")
    three_places["lines"][0]["debit"] = "1.005"
    error = refused(
        api.transport.request,
        "POST",
        "/documents",
        json={"draft": three_places},
        idempotency_key=str(uuid.uuid4()),
    )
    assert (error.code, error.params["field"], error.params["rule_code"]) == (
        "request.field_invalid",
        "lines[0].debit",
        "money.too_precise",
    )


def test_nothing_can_be_dated_in_a_closed_period(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    with UnitOfWork(live_server.engine).transaction() as session:
        session.add(FiscalPeriod(year=2025, month=3, is_closed=True))
    import datetime as dt

    error = refused(api.documents.create, voucher(codes, dt.date(2025, 3, 31)))
    assert (error.code, error.params["field"]) == ("period.closed", "doc_date")
    assert error.message == "2025 年 3 月已结账,不能录入该期间的单据"


def test_only_the_maker_edits_and_a_stale_version_is_refused_keeping_the_stored_one(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    draft = api.documents.create(expenditure(codes, day))
    colleague = log_in(live_server, clerk(live_server, f"colleague{next(_names)}"))
    # same unit, but a draft is its maker's alone: not found, as if it did not exist
    assert refused(colleague.documents.get, draft.id).code == "document.not_found"
    stranger = refused(
        colleague.documents.update, draft.id, expenditure(codes, day), version=draft.version
    )
    assert (stranger.status, stranger.code) == (404, "document.not_found")

    first = api.documents.update(draft.id, expenditure(codes, day, amount="900.00"), version=1)
    stale = refused(
        api.documents.update, draft.id, expenditure(codes, day, amount="950.00"), version=1
    )
    assert (stale.status, stale.code, stale.params["current"]) == (409, "document.stale", 2)
    assert api.documents.get(draft.id).amount == first.amount == Decimal("900.00")


def test_a_possible_duplicate_needs_a_reason(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    first = api.documents.create(income(codes, day, amount="777.00", payer="李四"))
    first = api.documents.submit(first.id, SubmitIn(version=first.version))
    again = api.documents.create(income(codes, day, amount="777.00", payer=" 李四 "))
    warning = refused(submit, api, again.id, again.version)
    assert (warning.status, warning.code) == (409, "document.possible_duplicate")
    assert (
        first.number in warning.params["others"] and warning.params["field"] == "duplicate_reason"
    )
    done = submit(api, again.id, again.version, duplicate_reason="同日两笔学费,已核对收据")
    assert done.duplicate_reason == "同日两笔学费,已核对收据"  # type: ignore[attr-defined]
    # another amount is not a duplicate
    other = api.documents.create(income(codes, day, amount="778.00", payer="李四"))
    assert api.documents.submit(other.id, SubmitIn(version=1)).duplicate_reason is None


def test_a_large_amount_must_be_typed_twice(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    big = api.documents.create(expenditure(codes, day, amount="150000.00"))
    error = refused(submit, api, big.id, big.version)
    assert (error.code, error.params["field"]) == ("document.amount_needs_confirmation", "amount")
    mistyped = refused(submit, api, big.id, big.version, confirmed_amounts=[Decimal("15000.00")])
    assert mistyped.code == "document.amount_needs_confirmation"
    done = submit(api, big.id, big.version, confirmed_amounts=[Decimal("150000.00")])
    assert done.status is DocumentStatus.SUBMITTED  # type: ignore[attr-defined]

    with UnitOfWork(live_server.engine).transaction() as session:
        set_parameter(session, "double_entry_threshold", "200000")
    try:
        below = api.documents.create(expenditure(codes, day, amount="150001.00"))
        assert submit(api, below.id, below.version).status is DocumentStatus.SUBMITTED  # type: ignore[attr-defined]
    finally:
        with UnitOfWork(live_server.engine).transaction() as session:
            set_parameter(session, "double_entry_threshold", "100000")


def test_a_retried_request_returns_the_first_result_and_never_a_second_document(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    draft = income(codes, day, amount="31.00", payer="重试")
    first = api.documents.create(draft, key="retry-key-0001")
    again = api.documents.create(draft, key="retry-key-0001")
    assert again == first
    misuse = refused(api.documents.create, income(codes, day, amount="32.00"), key="retry-key-0001")
    assert misuse.code == "idempotency.key_reused"

    raced_draft = income(codes, day, amount="33.00", payer="并发重试")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: api.documents.create(raced_draft, key="raced-key-0001"), range(4))
        )
    assert len({r.id for r in results}) == 1
    with UnitOfWork(live_server.engine).transaction() as session:
        made = session.scalars(select(Document.id).where(Document.counterparty == "并发重试")).all()
    assert made == [results[0].id]

    missing = refused(api.transport.request, "POST", "/documents", json={"draft": {}})
    assert (missing.status, missing.code) == (400, "idempotency.key_required")


def test_parallel_submissions_get_consecutive_numbers_without_gaps(
    live_server: LiveServer, codes: Codes
) -> None:
    import datetime as dt

    day = dt.date(2026, 6, 15)  # a period of its own
    clerks = [log_in(live_server, clerk(live_server, f"busy{next(_names)}")) for _ in range(6)]
    drafts = [
        (client, client.documents.create(voucher(codes, day)))
        for client in clerks
        for _ in range(5)
    ]

    def send(pair: tuple[ApiClient, object]) -> str:
        client, draft = pair
        return client.documents.submit(draft.id, SubmitIn(version=1)).number or ""  # type: ignore[attr-defined]

    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(send, drafts))
    assert sorted(numbers) == [f"记-{n:04d}" for n in range(1, 31)]


def test_recall_until_a_reviewer_acts_keeps_the_number(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    from server.services.ledger import posting

    day = today(live_server)
    draft = api.documents.create(voucher(codes, day))
    sent = api.documents.submit(draft.id, SubmitIn(version=draft.version))
    back = api.documents.recall(sent.id, version=sent.version)
    assert back.status is DocumentStatus.DRAFT and back.number == sent.number
    again = api.documents.submit(back.id, SubmitIn(version=back.version))
    assert again.number == sent.number
    with UnitOfWork(live_server.engine).transaction() as session:
        doc = session.get(Document, again.id)
        assert doc is not None
        posting.approve(session, doc, now=live_server.clock.now())
    approved = api.documents.get(again.id)
    late = refused(api.documents.recall, again.id, version=approved.version)
    assert late.code == "document.not_recallable"


def test_drafts_are_deleted_softly_with_a_reason(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    draft = api.documents.create(income(codes, today(live_server), amount="5.00"))
    no_reason = refused(api.documents.delete, draft.id, version=1, reason="  ")
    assert (no_reason.code, no_reason.params["field"]) == (
        "document.delete_reason_required",
        "reason",
    )
    gone = api.documents.delete(draft.id, version=1, reason="录错单位")
    assert gone.deleted and gone.delete_reason == "录错单位"
    assert refused(
        api.documents.update, draft.id, income(codes, today(live_server)), version=2
    ).code == ("document.not_editable")
    sent = api.documents.create(income(codes, today(live_server), amount="6.00"))
    sent = api.documents.submit(sent.id, SubmitIn(version=1))
    assert refused(api.documents.delete, sent.id, version=sent.version, reason="x").code == (
        "document.not_editable"
    )


def test_units_outside_the_scope_and_roles_without_entry_rights_are_refused(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    hospital = income(codes, day, unit_id=codes.units["001002001"])
    error = refused(api.documents.create, hospital)
    assert (error.status, error.code) == (403, "document.unit_out_of_scope")
    reviewer = log_in(
        live_server,
        add_user(live_server, f"rev{next(_names)}", [Role.REVIEWER], unit_codes=("001",)),
    )
    assert refused(reviewer.documents.create, income(codes, day)).code == "auth.forbidden"
    mine = api.documents.create(income(codes, day))
    outsider = log_in(live_server, clerk(live_server, f"hosp{next(_names)}", unit="001002"))
    assert refused(outsider.documents.get, mine.id).status == 404


def test_save_and_submit_at_once_is_all_or_nothing(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    unbalanced = voucher(codes, day, ("500102", "10.00", "0"), ("100201", "0", "9.00"))
    error = refused(api.documents.create_and_submit, unbalanced, key="all-or-nothing-1")
    assert error.code == "voucher.unbalanced"
    with UnitOfWork(live_server.engine).transaction() as session:
        assert (
            session.scalar(select(Document.id).where(Document.amount == Decimal("10.00"))) is None
        )
    big = expenditure(codes, day, amount="250000.00", payee="大额供应商")
    assert refused(api.documents.create_and_submit, big).code == (
        "document.amount_needs_confirmation"
    )
    done = api.documents.create_and_submit(big, confirmed_amounts=[Decimal("250000.00")])
    assert done.status is DocumentStatus.SUBMITTED and done.number is not None
    look_alike = refused(api.documents.create_and_submit, big, confirmed_amounts=[done.amount])
    assert look_alike.code == "document.possible_duplicate" and done.number in look_alike.message
