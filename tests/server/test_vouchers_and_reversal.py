"""What approval produces, how corrections are made (红字冲销), and what PostgreSQL
itself refuses when someone goes around the server."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy.exc import DBAPIError

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, PaymentMethod
from common.schemas.documents import DocumentOut, SubmitIn
from tests.support.accounts import log_in
from tests.support.documents import (
    Codes,
    approve,
    clerk,
    expenditure,
    income,
    run_sql,
    submitted,
    today,
    voucher,
)
from tests.support.live_server import LiveServer

_names = count(1)


@pytest.fixture
def api(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, f"ledger{next(_names)}"))


def lines_of(doc: DocumentOut) -> list[tuple[str | None, Decimal, Decimal]]:
    return [(line.account_code, line.debit, line.credit) for line in doc.lines]


def test_an_approved_income_record_produces_its_numbered_voucher(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    record = submitted(api, income(codes, today(live_server), amount="2400.00"))
    approve(live_server, record.id)
    record = api.documents.get(record.id)
    assert record.status is DocumentStatus.POSTED and record.voucher_id is not None
    made = api.documents.get(record.voucher_id)
    assert made.status is DocumentStatus.POSTED and made.source_id == record.id
    assert made.number is not None and made.number.startswith("记-")
    # 非税收入 (103…): 银行存款—基本户 against 应缴财政款
    assert lines_of(made) == [
        ("100201", Decimal("2400.00"), Decimal("0.00")),
        ("2103", Decimal("0.00"), Decimal("2400.00")),
    ]


@pytest.mark.parametrize(
    ("method", "credit_account"),
    [(PaymentMethod.DIRECT, "400101"), (PaymentMethod.AUTHORISED, "1011")],
)
def test_an_expenditure_voucher_follows_the_item_and_the_payment_method(
    live_server: LiveServer,
    codes: Codes,
    api: ApiClient,
    method: PaymentMethod,
    credit_account: str,
) -> None:
    draft = expenditure(
        codes, today(live_server), amount="3100.00", payment_method=method, payee=f"甲{method}"
    )
    record = submitted(api, draft)
    approve(live_server, record.id)
    made = api.documents.get(api.documents.get(record.id).voucher_id or 0)
    # 办公费 (30201) is 商品和服务费用
    assert lines_of(made) == [
        ("500102", Decimal("3100.00"), Decimal("0.00")),
        (credit_account, Decimal("0.00"), Decimal("3100.00")),
    ]


def test_a_reversal_is_a_new_red_document_and_the_original_never_changes(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    original = submitted(api, voucher(codes, today(live_server)))
    with pytest.raises(ApiError) as early:
        api.documents.reverse(original.id)
    assert early.value.code == "document.not_reversible"
    approve(live_server, original.id)
    before = api.documents.get(original.id)

    red = api.documents.reverse(original.id)
    assert red.status is DocumentStatus.DRAFT and red.reverses_id == original.id
    assert lines_of(red) == [
        ("500102", Decimal("-500.00"), Decimal("0.00")),
        ("100201", Decimal("0.00"), Decimal("-500.00")),
    ]
    assert red.lines[0].summary.startswith(f"冲销 {original.number}")
    with pytest.raises(ApiError) as twice:
        api.documents.reverse(original.id)
    assert twice.value.code == "document.already_reversed"
    sent = api.documents.submit(red.id, SubmitIn(version=red.version))
    assert sent.status is DocumentStatus.SUBMITTED and sent.number != original.number
    assert api.documents.get(original.id) == before


def test_reversing_an_approved_record_reverses_its_voucher_too(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    record = submitted(api, income(codes, today(live_server), amount="640.00", payer="王五"))
    approve(live_server, record.id)
    voucher_id = api.documents.get(record.id).voucher_id
    assert voucher_id is not None
    with pytest.raises(ApiError) as produced:
        api.documents.reverse(voucher_id)
    assert produced.value.code == "document.reverse_the_record"

    red = api.documents.reverse(record.id)
    assert red.amount == Decimal("-640.00")
    red = api.documents.submit(red.id, SubmitIn(version=red.version))
    approve(live_server, red.id)
    red_voucher = api.documents.get(api.documents.get(red.id).voucher_id or 0)
    assert red_voucher.reverses_id == voucher_id
    assert lines_of(red_voucher) == [
        ("100201", Decimal("-640.00"), Decimal("0.00")),
        ("2103", Decimal("0.00"), Decimal("-640.00")),
    ]


def test_a_reversal_cannot_exceed_the_original(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    record = submitted(api, income(codes, today(live_server), amount="100.00", payer="赵六"))
    approve(live_server, record.id)
    red = api.documents.reverse(record.id)
    bigger = income(codes, today(live_server), amount="-150.00", payer="赵六")
    red = api.documents.update(red.id, bigger, version=red.version)
    with pytest.raises(ApiError) as error:
        api.documents.submit(red.id, SubmitIn(version=red.version))
    assert (error.value.code, error.value.params["field"]) == (
        "document.reversal_exceeds",
        "amount",
    )
    with pytest.raises(ApiError) as positive:
        api.documents.update(red.id, income(codes, today(live_server)), version=red.version)
    assert positive.value.code == "document.reversal_positive"


def test_postgres_refuses_an_unbalanced_voucher_past_the_draft_stage(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    sent = submitted(api, voucher(codes, today(live_server)))
    with pytest.raises(DBAPIError, match="does not balance"):
        run_sql(
            live_server,
            "UPDATE voucher_lines SET credit = 499.99 WHERE document_id = :d AND line_no = 2",
            d=sent.id,
        )
    with pytest.raises(DBAPIError, match="does not balance"):
        run_sql(
            live_server,
            "DELETE FROM voucher_lines WHERE document_id = :d AND line_no = 2",
            d=sent.id,
        )
    with pytest.raises(DBAPIError, match="one_side"):
        run_sql(live_server, "UPDATE voucher_lines SET debit = 1 WHERE document_id = :d", d=sent.id)
    assert api.documents.get(sent.id).lines == sent.lines


def test_postgres_refuses_to_change_approved_documents_or_delete_any(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    sent = submitted(api, voucher(codes, today(live_server)))
    approve(live_server, sent.id)
    for statement in (
        "UPDATE documents SET amount = 1 WHERE id = :d",
        "UPDATE documents SET status = 'draft' WHERE id = :d",
        "UPDATE voucher_lines SET summary = 'x' WHERE document_id = :d",
        "DELETE FROM documents WHERE id = :d",
    ):
        with pytest.raises(DBAPIError, match=r"cannot change|never deleted"):
            run_sql(live_server, statement, d=sent.id)
    run_sql(live_server, "UPDATE documents SET status = 'posted' WHERE id = :d", d=sent.id)
    assert api.documents.get(sent.id).status is DocumentStatus.POSTED
