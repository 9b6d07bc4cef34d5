"""Who sees and who may decide an item beyond the default rules: an item nobody at
its level can take goes up a level, a delegate who can no longer act gives the
item back, splitting is routed as one, monthly limits, absences with a stand-in,
notifications delivered once, and reasons that say something."""

from __future__ import annotations

import datetime as dt
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from itertools import count

import pytest

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, NotificationKind, ReviewLevel, Role
from common.schemas.documents import DocumentOut, SubmitIn
from common.schemas.reviews import AbsenceIn
from tests.support.accounts import log_in, refused
from tests.support.documents import Codes, clerk, income, run_sql, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)
SUPERVISOR, MANAGER, LEADER = ReviewLevel.SUPERVISOR, ReviewLevel.MANAGER, ReviewLevel.LEADER


def name(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


def sent(
    api: ApiClient, codes: Codes, server: LiveServer, amount: str, *, unit: str, payer: str = ""
) -> DocumentOut:
    draft = income(
        codes,
        today(server),
        amount=amount,
        payer=payer or name("payer"),
        unit_id=codes.units[unit],
    )
    confirmed = [Decimal(amount)] if Decimal(amount) >= Decimal("100000") else []
    return api.documents.create_and_submit(draft, confirmed_amounts=confirmed)


def todo_ids(api: ApiClient) -> list[int]:
    return [item.document_id for item in api.reviews.todo()]


def test_an_item_nobody_else_holds_the_level_for_goes_up_a_level(live_server: LiveServer) -> None:
    # two bureaus of its own: the demo ones get supervisors from the module's other tests
    unit_of_its_own(live_server, "001093", "市水务局")
    codes = unit_of_its_own(live_server, "001094", "市林业局")
    # 001093 has no supervisor: its small items queue for the manager over it
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001093"))
    manager = log_in(live_server, reviewer(live_server, name("mgr"), (MANAGER, "001")))
    doc = sent(maker, codes, live_server, "300.00", unit="001093")
    assert doc.id in todo_ids(manager)
    # a supervisor's own item in their department goes to the manager, not to nobody
    boss_account = reviewer(
        live_server, name("boss"), (SUPERVISOR, "001094"), roles=(Role.CLERK, Role.REVIEWER)
    )
    boss = log_in(live_server, boss_account)
    own = sent(boss, codes, live_server, "450.00", unit="001094")
    assert own.id in todo_ids(manager) and own.id not in todo_ids(boss)
    # once someone else holds the level there, new items queue for them again
    deputy = log_in(live_server, reviewer(live_server, name("deputy"), (SUPERVISOR, "001094")))
    later = sent(boss, codes, live_server, "460.00", unit="001094")
    assert later.id in todo_ids(deputy) and later.id not in todo_ids(manager)
    assert manager.reviews.approve(own.id, version=own.version).status is DocumentStatus.POSTED


def test_a_delegate_who_cannot_act_any_more_does_not_strand_the_item(
    live_server: LiveServer, codes: Codes
) -> None:
    maker_account = clerk(live_server, name("maker"), unit="001001")
    maker, maker_id = log_in(live_server, maker_account), maker_account.id
    first_account = reviewer(live_server, name("sup"), (SUPERVISOR, "001001"))
    first, first_id = log_in(live_server, first_account), first_account.id
    leaving_account = reviewer(live_server, name("leaving"), (SUPERVISOR, "001001"))
    doc = sent(maker, codes, live_server, "700.00", unit="001001")
    handed = first.reviews.delegate(doc.id, version=doc.version, to_user_id=leaving_account.id)
    assert doc.id not in todo_ids(first)
    # the delegator can take it back; a disabled delegate's items return to the queue
    run_sql(live_server, "UPDATE users SET is_active = false WHERE id = :id", id=leaving_account.id)
    assert doc.id in todo_ids(first)
    third_account = reviewer(live_server, name("third"), (SUPERVISOR, "001001"))
    third, third_id = log_in(live_server, third_account), third_account.id
    assert third.reviews.approve(doc.id, version=handed.version).status is DocumentStatus.POSTED
    # a delegate whose post was taken away meanwhile is refused at the decision
    other_account = reviewer(live_server, name("moved"), (SUPERVISOR, "001001"))
    other = log_in(live_server, other_account)
    doc2 = sent(maker, codes, live_server, "710.00", unit="001001")
    handed2 = first.reviews.delegate(doc2.id, version=doc2.version, to_user_id=other_account.id)
    run_sql(live_server, "DELETE FROM reviewer_posts WHERE user_id = :id", id=other_account.id)
    assert refused(other.reviews.approve, doc2.id, version=handed2.version).code == (
        "review.no_authority"
    )
    # nor can anyone hand an item to an account that cannot sign in
    doc3 = sent(maker, codes, live_server, "720.00", unit="001001")
    unfit = refused(
        first.reviews.delegate, doc3.id, version=doc3.version, to_user_id=leaving_account.id
    )
    assert unfit.code == "review.delegate_unfit"
    offered = {c.user_id for c in first.reviews.delegates(doc3.id)}
    assert offered >= {third_id} and not offered & {leaving_account.id, first_id, maker_id}


def test_items_split_to_stay_under_a_limit_are_routed_as_one(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    payer = name("同一单位")
    first = sent(maker, codes, live_server, "40000.00", unit="001001", payer=payer)
    second = sent(maker, codes, live_server, "40000.01", unit="001001", payer=f" {payer} ")
    third = sent(maker, codes, live_server, "30000.00", unit="001001", payer=payer)
    unrelated = sent(maker, codes, live_server, "30000.00", unit="001001")
    levels = {
        doc.id: [step.level for step in maker.reviews.timeline(doc.id).steps]
        for doc in (first, second, third, unrelated)
    }
    assert levels == {
        first.id: [SUPERVISOR],
        second.id: [SUPERVISOR],  # 80,000.01 together: still within the supervisor's limit
        third.id: [MANAGER],  # 110,000.01 together crosses it
        unrelated.id: [SUPERVISOR],
    }
    submitted = maker.reviews.timeline(third.id).entries[0]
    assert submitted.routed_amount == Decimal("110000.01")
    assert maker.reviews.timeline(second.id).entries[0].routed_amount is None


def test_a_monthly_limit_stops_a_reviewer_once_reached(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    limited_account = reviewer(live_server, name("limited"), (SUPERVISOR, "001001"))
    run_sql(
        live_server,
        "UPDATE reviewer_posts SET monthly_limit = 1000.00 WHERE user_id = :id",
        id=limited_account.id,
    )
    limited = log_in(live_server, limited_account)
    small = sent(maker, codes, live_server, "600.00", unit="001001")
    assert limited.reviews.approve(small.id, version=small.version).status is (
        DocumentStatus.POSTED
    )
    more = sent(maker, codes, live_server, "400.01", unit="001001")
    over = refused(limited.reviews.approve, more.id, version=more.version)
    assert (over.status, over.code) == (403, "review.monthly_limit")
    assert (over.params["limit"], over.params["used"]) == ("1,000.00", "600.00")
    assert "1,000.00" in over.message
    unlimited = log_in(live_server, reviewer(live_server, name("free"), (SUPERVISOR, "001001")))
    assert unlimited.reviews.approve(more.id, version=more.version).status is (
        DocumentStatus.POSTED
    )


def test_an_absent_reviewers_list_goes_to_their_stand_in(
    live_server: LiveServer, codes: Codes
) -> None:
    away_account = reviewer(live_server, name("away"), (SUPERVISOR, "001002"))
    stand_in_account = reviewer(live_server, name("standin"), (MANAGER, "001"))
    away = log_in(live_server, away_account)
    stand_in = log_in(live_server, stand_in_account)
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001002"))
    day = today(live_server)
    clerk_account = clerk(live_server, name("clerk"), unit="001002")
    unfit = refused(
        away.reviews.file_absence,
        AbsenceIn(delegate_id=clerk_account.id, starts_on=day, ends_on=day),
    )
    assert (unfit.code, unfit.params["field"]) == ("absence.delegate_unfit", "delegate_id")
    backwards = refused(
        away.reviews.file_absence,
        AbsenceIn(delegate_id=stand_in_account.id, starts_on=day, ends_on=day - dt.timedelta(1)),
    )
    assert (backwards.code, backwards.params["field"]) == ("absence.dates", "ends_on")

    before = sent(maker, codes, live_server, "800.00", unit="001002")
    assert before.id in todo_ids(away) and before.id not in todo_ids(stand_in)
    absence = away.reviews.file_absence(
        AbsenceIn(
            delegate_id=stand_in_account.id,
            starts_on=day,
            ends_on=day + dt.timedelta(days=4),
            reason="年休假",
        )
    )
    overlapping = AbsenceIn(delegate_id=stand_in_account.id, starts_on=day, ends_on=day)
    assert refused(away.reviews.file_absence, overlapping).code == "absence.overlaps"
    assert before.id in todo_ids(stand_in)
    marked = {item.document_id: item.on_behalf_of for item in stand_in.reviews.todo()}
    assert marked[before.id] == away_account.username  # 代办 for whom (display name)
    assert all(item.on_behalf_of is None for item in away.reviews.todo())
    fit = [person.user_id for person in away.reviews.stand_ins()]
    assert stand_in_account.id in fit and clerk_account.id not in fit
    assert away_account.id not in fit
    cursor = max((n.id for n in stand_in.notifications.poll().items), default=0)
    after = sent(maker, codes, live_server, "810.00", unit="001002")
    told = [n.document_id for n in stand_in.notifications.poll(after=cursor).items]
    assert told == [after.id]
    assert stand_in.reviews.approve(after.id, version=after.version).status is (
        DocumentStatus.POSTED
    )
    away.reviews.cancel_absence(absence.id)
    assert before.id not in todo_ids(stand_in) and before.id in todo_ids(away)
    assert [a.cancelled for a in stand_in.reviews.absences()] == [True]


def test_notifications_are_delivered_once_and_marked_read(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    checker = log_in(live_server, reviewer(live_server, name("checker"), (SUPERVISOR, "001001")))
    start = checker.notifications.poll()
    cursor = start.items[-1].id if start.items else 0
    doc = sent(maker, codes, live_server, "900.00", unit="001001")
    fresh = checker.notifications.poll(after=cursor)
    assert [(n.kind, n.document_id) for n in fresh.items] == [(NotificationKind.NEW_WORK, doc.id)]
    assert doc.number is not None and doc.number in fresh.items[0].text
    assert checker.notifications.poll(after=fresh.items[-1].id).items == []

    returned = checker.reviews.return_for_correction(
        doc.id, version=doc.version, reason="收款人名称与票据不符"
    )
    assert returned.status is DocumentStatus.RETURNED
    told = maker.notifications.poll()
    assert [(n.kind, n.document_id) for n in told.items] == [(NotificationKind.DECIDED, doc.id)]
    assert "退回修改" in told.items[0].text and "收款人名称与票据不符" in told.items[0].text
    assert told.unread == 1
    # someone else's ids are ignored; the owner's mark sticks
    assert (
        checker.notifications.mark_read([told.items[0].id])
        == checker.notifications.poll(after=10**9).unread
    )
    assert maker.notifications.poll(after=10**9).unread == 1
    assert maker.notifications.mark_read([told.items[0].id]) == 0
    assert maker.notifications.latest().items[0].read is True


def test_an_item_entering_its_last_quarter_is_announced_once(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    checker = log_in(live_server, reviewer(live_server, name("late"), (SUPERVISOR, "001001")))
    doc = sent(maker, codes, live_server, "950.00", unit="001001")

    def due_soon() -> list[int]:
        return [
            n.document_id
            for n in checker.notifications.poll().items
            if n.kind is NotificationKind.DUE_SOON
        ]

    assert doc.id not in due_soon()
    run_sql(
        live_server,
        "UPDATE approval_steps SET yellow_from = :t WHERE document_id = :id",
        t=live_server.clock.now() - dt.timedelta(minutes=1),
        id=doc.id,
    )
    assert due_soon().count(doc.id) == 1
    assert due_soon().count(doc.id) == 1  # polling again raises nothing new
    [row] = [item for item in checker.reviews.todo() if item.document_id == doc.id]
    assert row.deadline_state == "yellow"


@pytest.mark.parametrize("reason", ["不同意", "有误。", "  ok ", "Rejected", "dup"])
def test_a_stock_phrase_is_not_a_reason(live_server: LiveServer, codes: Codes, reason: str) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    checker = log_in(live_server, reviewer(live_server, name("strict"), (SUPERVISOR, "001001")))
    doc = sent(maker, codes, live_server, "120.00", unit="001001")
    answer = refused(checker.reviews.reject, doc.id, version=doc.version, reason=reason)
    assert (answer.code, answer.params["field"]) == ("review.reason_required", "opinion")
    assert checker.reviews.reject(doc.id, version=doc.version, reason="重复报销").status is (
        DocumentStatus.REJECTED
    )


def test_control_characters_in_an_opinion_are_a_field_error(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    checker = log_in(live_server, reviewer(live_server, name("nul"), (SUPERVISOR, "001001")))
    doc = sent(maker, codes, live_server, "130.00", unit="001001")
    # past the client's own check, as another client might send it
    answer = refused(
        checker.transport.request,
        "POST",
        f"/documents/{doc.id}/approve",
        json={"version": doc.version, "opinion": "同意\x00"},
        idempotency_key=str(uuid.uuid4()),
    )
    assert (answer.status, answer.code, answer.params["field"]) == (
        422,
        "request.field_invalid",
        "opinion",
    )
    assert maker.documents.get(doc.id).status is DocumentStatus.SUBMITTED


def test_approvals_at_once_cannot_all_fit_under_a_monthly_limit(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    account = reviewer(live_server, name("busy"), (SUPERVISOR, "001001"))
    run_sql(
        live_server,
        "UPDATE reviewer_posts SET monthly_limit = 1000.00 WHERE user_id = :id",
        id=account.id,
    )
    items = [sent(maker, codes, live_server, f"60{n}.00", unit="001001") for n in range(4)]
    windows = [log_in(live_server, account) for _ in items]  # four windows, one reviewer

    def approve(pair: tuple[ApiClient, DocumentOut]) -> str:
        api, doc = pair
        try:
            return api.reviews.approve(doc.id, version=doc.version).status.value
        except ApiError as error:
            return error.code

    with ThreadPoolExecutor(4) as pool:
        outcomes = sorted(pool.map(approve, zip(windows, items, strict=True)))
    assert outcomes == ["posted"] + ["review.monthly_limit"] * 3


def test_a_step_whose_queue_emptied_rises_to_the_next_staffed_level(
    live_server: LiveServer, codes: Codes
) -> None:
    # unit 001001002 gets its own supervisor; the manager over 001 is the next level
    only_account = reviewer(live_server, name("only"), (SUPERVISOR, "001001002"))
    manager = log_in(live_server, reviewer(live_server, name("mgr"), (MANAGER, "001")))
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001002"))
    supervisors_of_001001 = (
        "SELECT user_id FROM reviewer_posts p JOIN budget_units b ON b.id = p.unit_id"
        " WHERE b.code IN ('001001', '001') AND p.level = 'supervisor'"
    )
    run_sql(
        live_server,
        f"UPDATE users SET locked_at = now() WHERE id IN ({supervisors_of_001001})",
    )
    try:
        doc = sent(maker, codes, live_server, "300.00", unit="001001002")
        assert doc.id not in todo_ids(manager)  # its supervisor will see to it
        run_sql(
            live_server, "UPDATE users SET is_active = false WHERE id = :id", id=only_account.id
        )
        assert doc.id in todo_ids(manager)  # nobody else at that level: the manager sees it
        assert manager.reviews.counts().todo >= 1
        assert manager.reviews.approve(doc.id, version=doc.version).status is (
            DocumentStatus.POSTED
        )
    finally:
        run_sql(
            live_server, f"UPDATE users SET locked_at = NULL WHERE id IN ({supervisors_of_001001})"
        )


def test_a_delegate_who_lost_the_post_gives_the_item_back_to_the_queue(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    first = log_in(live_server, reviewer(live_server, name("sup"), (SUPERVISOR, "001001")))
    moved_account = reviewer(live_server, name("moved"), (SUPERVISOR, "001001"))
    other = log_in(live_server, reviewer(live_server, name("other"), (SUPERVISOR, "001001")))
    doc = sent(maker, codes, live_server, "740.00", unit="001001")
    handed = first.reviews.delegate(doc.id, version=doc.version, to_user_id=moved_account.id)
    assert doc.id not in todo_ids(other)
    run_sql(live_server, "DELETE FROM reviewer_posts WHERE user_id = :id", id=moved_account.id)
    assert doc.id in todo_ids(other)
    assert other.reviews.approve(doc.id, version=handed.version).status is DocumentStatus.POSTED


def test_splitting_sees_through_spelling_and_nets_out_reversals(
    live_server: LiveServer, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001001"))
    checker = log_in(live_server, reviewer(live_server, name("sup"), (SUPERVISOR, "001001")))
    payer = name("某某科技有限公司")
    first = sent(maker, codes, live_server, "60000.00", unit="001001", payer=payer)
    spaced = payer[:4] + " " + payer[4:] + "."
    second = sent(maker, codes, live_server, "60000.01", unit="001001", payer=spaced)
    assert [s.level for s in maker.reviews.timeline(second.id).steps] == [MANAGER]
    # the first approved, then reversed in full: a corrected re-entry is not "split"
    checker.reviews.approve(first.id, version=first.version)
    red = maker.documents.reverse(first.id)
    red = maker.documents.submit(red.id, SubmitIn(version=red.version))
    checker.reviews.approve(red.id, version=red.version)
    maker.documents.recall(second.id, version=second.version)  # withdrawn meanwhile
    again = sent(maker, codes, live_server, "60000.02", unit="001001", payer=payer)
    assert [s.level for s in maker.reviews.timeline(again.id).steps] == [SUPERVISOR]
