"""Every amount a request carries is money or a field error (DOMAIN.md "Business
documents": exact decimals with two places; the issue: at most
9,999,999,999,999.99): never a 500 and a dropped connection. What is saved is
echoed canonically ("100.00", never "1E+2"), and a refusal changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from client.api import ApiClient, ApiError
from common.enums import Language, Role
from common.schemas.documents import DocumentOut
from tests.support.accounts import add_user, log_in
from tests.support.documents import Codes, clerk, income, today, voucher
from tests.support.live_server import LiveServer

BAD: list[tuple[object, str]] = [
    ("1e300", "money.too_large"),
    (1e300, "money.too_large"),
    ("NaN", "money.not_finite"),
    ("Infinity", "money.not_finite"),
    ("10000000000000.00", "money.too_large"),
    ("0.001", "money.too_precise"),
    (1e-5, "money.too_precise"),
    ("十元", "money.not_a_number"),
]
RULE_WORDS = {
    "money.too_large": ("不能超过 9,999,999,999,999.99", "at most 9,999,999,999,999.99"),
    "money.not_finite": ("有限的数", "finite number"),
    "money.too_precise": ("最多两位小数", "at most two decimal places"),
    "money.not_a_number": ("必须是数字", "must be a number"),
}


@pytest.fixture(scope="module")
def api(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, "amounts.clerk", unit="001001"))


@pytest.fixture(scope="module")
def saved(live_server: LiveServer, codes: Codes, api: ApiClient) -> DocumentOut:
    return api.documents.create(income(codes, today(live_server), amount="50.00"))


def send(api: ApiClient, method: str, path: str, body: Any, language: str = "zh") -> Any:
    api.transport.language = Language.ZH_CN if language == "zh" else Language.EN
    try:
        return api.transport.request(method, path, json=body, idempotency_key=str(uuid.uuid4()))
    finally:
        api.transport.language = Language.ZH_CN


def refusal(api: ApiClient, method: str, path: str, body: Any, language: str = "zh") -> ApiError:
    with pytest.raises(ApiError) as caught:
        send(api, method, path, body, language)
    return caught.value


def assert_field_error(error: ApiError, field: str, rule: str, language: str) -> None:
    assert (error.status, error.code) == (422, "request.field_invalid")
    assert (error.params["field"], error.params["rule_code"]) == (field, rule)
    words = RULE_WORDS[rule][0 if language == "zh" else 1]
    assert field in error.message and words in error.message, error.message


def income_body(codes: Codes, api_day: str, amount: object) -> dict[str, Any]:
    return {
        "draft": {
            "kind": "income",
            "doc_date": api_day,
            "unit_id": codes.units["001001001"],
            "amount": amount,
            "payer": "张三",
        }
    }


@pytest.mark.parametrize(("value", "rule"), BAD)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_bad_amount_is_a_field_error_and_changes_nothing(
    live_server: LiveServer,
    codes: Codes,
    api: ApiClient,
    saved: DocumentOut,
    value: object,
    rule: str,
    language: str,
) -> None:
    day = today(live_server).isoformat()
    before = len(api.documents.mine())
    error = refusal(api, "POST", "/documents", income_body(codes, day, value), language)
    assert_field_error(error, "amount", rule, language)
    update = {**income_body(codes, day, value), "version": saved.version}
    error = refusal(api, "PUT", f"/documents/{saved.id}", update, language)
    assert_field_error(error, "amount", rule, language)
    lines = voucher(codes, today(live_server)).model_dump(mode="json")
    lines["lines"][0]["debit"] = value
    error = refusal(api, "POST", "/documents/submit", {"draft": lines}, language)
    assert_field_error(error, "lines[0].debit", rule, language)
    # the same connection goes on working, and nothing saved changed
    assert len(api.documents.mine()) == before
    kept = api.documents.get(saved.id)
    assert (kept.amount, kept.version) == (saved.amount, saved.version)


@pytest.mark.parametrize(("value", "rule"), BAD[:3])
def test_other_amounts_in_requests_are_checked_the_same(
    live_server: LiveServer, api: ApiClient, saved: DocumentOut, value: object, rule: str
) -> None:
    confirm = {"version": saved.version, "confirmed_amounts": [value]}
    error = refusal(api, "POST", f"/documents/{saved.id}/submit", confirm)
    assert_field_error(error, "confirmed_amounts[0]", rule, "zh")
    for path, query in (
        ("/search/documents", {"query": {"amount_min": value}}),
        ("/search/documents/totals", {"amount_max": value}),
        ("/search/lines", {"query": {"amount_max": value}}),
    ):
        error = refusal(api, "POST", path, query)
        assert error.status == 422 and error.params["rule_code"] == rule, path
    assert api.documents.get(saved.id).version == saved.version


def test_amounts_are_echoed_canonically(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server).isoformat()
    for sent, echoed in (("1E+2", "100.00"), (100, "100.00"), ("0.1", "0.10"), ("-0", "0.00")):
        made = send(api, "POST", "/documents", income_body(codes, day, sent))
        assert made["amount"] == echoed, sent
        assert send(api, "GET", f"/documents/{made['id']}", None)["amount"] == echoed
    lines = voucher(codes, today(live_server), ("500102", "5E+1", "0"), ("100201", "0", "50"))
    made = send(api, "POST", "/documents", {"draft": lines.model_dump(mode="json")})
    assert [(line["debit"], line["credit"]) for line in made["lines"]] == [
        ("50.00", "0.00"),
        ("0.00", "50.00"),
    ]
    assert made["amount"] == "50.00"


def test_an_imported_cell_beyond_the_limit_is_a_row_error(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    before = len(api.documents.mine())
    row = {
        "doc_date": today(live_server).isoformat(),
        "unit_code": "001001001",
        "income_item_code": "1030412",
        "amount": "1e300",
        "payer": "张三",
    }
    error = refusal(
        api, "POST", "/documents/import", {"kind": "income", "rows": [{"row": 2, "values": row}]}
    )
    assert (error.status, error.code) == (422, "import.rejected")
    assert [(p["row"], p["column"]) for p in error.params["problems"]] == [(2, "amount")]
    assert len(api.documents.mine()) == before


def test_limits_and_thresholds_of_the_administrator_are_checked(
    live_server: LiveServer, codes: Codes
) -> None:
    admin = log_in(
        live_server, add_user(live_server, "amounts.admin", [Role.ADMIN], unit_codes=("001",))
    )
    someone = add_user(live_server, "amounts.reviewer", [Role.REVIEWER], unit_codes=("001",))
    post = {"unit_id": codes.units["001001"], "level": "supervisor", "monthly_limit": "1e300"}
    error = refusal(admin, "PUT", f"/admin/users/{someone.id}/reviewer-posts", [post])
    assert (error.status, error.params["field"]) == (422, "[0].monthly_limit")
    assert error.params["rule_code"] == "money.too_large"
    error = refusal(
        admin, "PUT", "/admin/parameters", {"values": {"double_entry_threshold": "1e300"}}
    )
    assert error.status == 422 and error.code != "server.internal"
    preview = {"kind": "income", "unit_id": codes.units["001001"]}
    for value, rule in BAD[::2]:
        with pytest.raises(ApiError) as caught:
            admin.transport.request(
                "GET", "/admin/approval-rules/preview", params={**preview, "amount": value}
            )
        assert (caught.value.status, caught.value.params["field"]) == (422, "query.amount")
        assert caught.value.params["rule_code"] == rule
    route = admin.transport.request(
        "GET", "/admin/approval-rules/preview", params={**preview, "amount": "1E+5"}
    )
    assert route["steps"]
    assert admin.auth.me().username == "amounts.admin"  # the connection still works
