"""The corners where a number, a reversal or a duplicate could slip: numbered
documents are never deleted (the gap report proves it), look-alikes submitted at
the same moment still meet the duplicate check, a reversal reverses the original
and nothing else, a voucher returned for correction can be saved half-done."""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, Language, ReviewLevel, Role
from common.schemas.documents import SubmitIn
from tests.support.accounts import add_user, log_in, refused
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
from tests.support.reviews import reviewer

_names = count(1)


@pytest.fixture
def api(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, f"careful{next(_names)}"))


@pytest.fixture(scope="module")
def supervisor(live_server: LiveServer) -> ApiClient:
    return log_in(
        live_server, reviewer(live_server, "integrity.super", (ReviewLevel.SUPERVISOR, "001"))
    )


def test_a_recalled_document_keeps_its_number_and_cannot_be_deleted(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    sent = submitted(api, voucher(codes, today(live_server)))
    back = api.documents.recall(sent.id, version=sent.version)
    error = refused(api.documents.delete, back.id, version=back.version, reason="不要了")
    assert error.code == "document.numbered_not_deletable"
    assert sent.number is not None and sent.number in error.message and "断号" in error.message
    api.transport.language = Language.EN
    english = refused(api.documents.delete, back.id, version=back.version, reason="不要了")
    assert "leave a gap" in english.message
    with pytest.raises(DBAPIError, match="numbered_not_deleted"):
        run_sql(
            live_server,
            "UPDATE documents SET deleted_at = now(), delete_reason = 'x' WHERE id = :d",
            d=back.id,
        )
    assert api.documents.get(back.id).deleted is False


def test_the_gap_report_is_empty_and_shows_a_gap_made_behind_the_servers_back(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = dt.date(2031, 5, 10)  # a year of its own
    first = submitted(api, voucher(codes, day))
    second = submitted(api, voucher(codes, day))
    assert (first.number, second.number) == ("记-0001", "记-0002")
    auditor = log_in(live_server, add_user(live_server, f"auditor{next(_names)}", [Role.AUDITOR]))
    report = auditor.documents.number_gaps(year=2031)
    assert [(g.month, g.series, g.last_number, g.missing) for g in report] == [(5, "记", 2, [])]

    run_sql(
        live_server,
        "UPDATE number_sequences SET last_number = 4 WHERE period_id ="
        " (SELECT id FROM fiscal_periods WHERE year = 2031 AND month = 5)",
    )
    assert auditor.documents.number_gaps(year=2031)[0].missing == [3, 4]
    assert refused(api.documents.number_gaps).status == 403


def test_look_alikes_submitted_at_the_same_moment_still_meet_the_duplicate_check(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    warm = submitted(api, income(codes, day, amount="1.11", payer="预热"))
    assert warm.number is not None  # the period's income sequence exists
    twins = [
        api.documents.create(income(codes, day, amount="777.77", payer="孪生")) for _ in range(2)
    ]
    # Hold the numbering row so both submissions are in flight together.
    with live_server.engine.connect() as blocker:
        held = blocker.begin()
        blocker.execute(text("SELECT 1 FROM number_sequences WHERE series = '收入' FOR UPDATE"))
        with ThreadPoolExecutor(2) as pool:
            futures = [
                pool.submit(api.documents.submit, twin.id, SubmitIn(version=1)) for twin in twins
            ]
            time.sleep(1.0)
            held.rollback()
            outcomes = []
            for future in futures:
                try:
                    outcomes.append(future.result().status.value)
                except ApiError as error:
                    outcomes.append(error.code)
    assert sorted(outcomes) == ["document.possible_duplicate", "submitted"]


def test_a_reversal_keeps_what_it_reverses_and_may_only_be_smaller(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    original = submitted(api, expenditure(codes, day, amount="300.00", payee="某文具店"))
    approve(live_server, original.id)
    red = api.documents.reverse(original.id)
    for field, change in (
        ("unit_id", {"unit_id": codes.units["001001"]}),
        ("payee", {"payee": "另一家"}),
        ("payee_account", {"payee_account": "9999"}),
        ("economic_item_id", {"economic_item_id": codes.item("economic", "30202")}),
    ):
        changed = expenditure(codes, day, amount="-300.00", **({"payee": "某文具店"} | change))
        error = refused(api.documents.update, red.id, changed, version=red.version)
        assert (error.code, error.params["field"]) == ("document.reversal_fixed", field)
    partial = expenditure(
        codes, day, amount="-120.00", payee="某文具店", summary="部分退货", attachment_count=2
    )
    saved = api.documents.update(red.id, partial, version=red.version)
    sent = api.documents.submit(saved.id, SubmitIn(version=saved.version))
    assert (sent.amount, sent.summary, sent.status) == (
        Decimal("-120.00"),
        "部分退货",
        DocumentStatus.SUBMITTED,
    )


def test_a_voucher_reversal_keeps_its_lines_accounts_and_sides(
    live_server: LiveServer, codes: Codes, api: ApiClient
) -> None:
    day = today(live_server)
    original = submitted(api, voucher(codes, day))
    approve(live_server, original.id)
    red = api.documents.reverse(original.id)
    other_account = voucher(codes, day, ("500101", "-500.00", "0"), ("100201", "0", "-500.00"))
    error = refused(api.documents.update, red.id, other_account, version=red.version)
    assert (error.code, error.params["field"]) == ("document.reversal_fixed", "lines[0].account_id")
    swapped = voucher(codes, day, ("500102", "0", "-500.00"), ("100201", "-500.00", "0"))
    error = refused(api.documents.update, red.id, swapped, version=red.version)
    assert (error.code, error.params["field"]) == ("document.reversal_fixed", "lines[0]")
    bigger = voucher(codes, day, ("500102", "-600.00", "0"), ("100201", "0", "-600.00"))
    error = refused(api.documents.update, red.id, bigger, version=red.version)
    assert error.code == "document.reversal_line_exceeds" and error.params["line"] == 1
    smaller = voucher(codes, day, ("500102", "-200.00", "0"), ("100201", "0", "-200.00"))
    saved = api.documents.update(red.id, smaller, version=red.version)
    assert api.documents.submit(saved.id, SubmitIn(version=saved.version)).amount == Decimal(
        "-200.00"
    )


def test_a_rejected_reversal_makes_way_for_a_new_one(
    live_server: LiveServer, codes: Codes, api: ApiClient, supervisor: ApiClient
) -> None:
    original = submitted(api, income(codes, today(live_server), amount="88.00", payer="驳回后"))
    approve(live_server, original.id)
    red = api.documents.reverse(original.id)
    red = api.documents.submit(red.id, SubmitIn(version=red.version))
    assert refused(api.documents.reverse, original.id).code == "document.already_reversed"
    supervisor.reviews.reject(red.id, version=red.version, reason="冲销理由不充分")
    again = api.documents.reverse(original.id)
    assert again.reverses_id == original.id and again.id != red.id


def test_a_returned_voucher_can_be_saved_half_done_but_not_resubmitted_so(
    live_server: LiveServer, codes: Codes, api: ApiClient, supervisor: ApiClient
) -> None:
    day = today(live_server)
    sent = submitted(api, voucher(codes, day))
    supervisor.reviews.return_for_correction(sent.id, version=sent.version, reason="分录需调整")
    current = api.documents.get(sent.id)
    half = voucher(codes, day, ("500102", "700.00", "0"), ("100201", "0", "500.00"))
    saved = api.documents.update(sent.id, half, version=current.version)
    assert saved.status is DocumentStatus.RETURNED and saved.number == sent.number
    error = refused(api.documents.submit, saved.id, SubmitIn(version=saved.version))
    assert (error.code, error.status) == ("voucher.unbalanced", 422)
    fixed = voucher(codes, day, ("500102", "700.00", "0"), ("100201", "0", "700.00"))
    saved = api.documents.update(sent.id, fixed, version=saved.version)
    again = api.documents.submit(saved.id, SubmitIn(version=saved.version))
    assert again.status is DocumentStatus.SUBMITTED and again.number == sent.number


@pytest.mark.parametrize("day", [dt.date(1999, 12, 31), dt.date(3000, 1, 1)])
def test_a_date_outside_the_fiscal_years_is_a_field_error(
    live_server: LiveServer, codes: Codes, api: ApiClient, day: dt.date
) -> None:
    error = refused(api.documents.create, income(codes, day))
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "document.date_out_of_range",
        "doc_date",
    )
    assert error.message == "日期必须在 2000-01-01 至 2999-12-31 之间"
