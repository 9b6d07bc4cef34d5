"""Review and approval through client/api against a real server: routing by
authority at its boundaries, the two-step fast track, decisions and their
reasons, separation of duties, one winner among parallel decisions, delegation,
recall, the reviewers' lists."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from itertools import count

import pytest

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, ReviewAction, ReviewLevel, Role
from common.schemas.documents import DocumentOut, SubmitIn
from tests.support.accounts import log_in, refused
from tests.support.documents import Codes, clerk, income, run_sql, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)
SUPERVISOR, MANAGER, LEADER = ReviewLevel.SUPERVISOR, ReviewLevel.MANAGER, ReviewLevel.LEADER


def name(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


@pytest.fixture
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, name("maker"), unit="001001"))


@pytest.fixture
def supervisor(live_server: LiveServer) -> ApiClient:
    return log_in(live_server, reviewer(live_server, name("super"), (SUPERVISOR, "001001")))


@pytest.fixture
def leader(live_server: LiveServer) -> ApiClient:
    return log_in(live_server, reviewer(live_server, name("leader"), (LEADER, "001")))


def sent(api: ApiClient, codes: Codes, server: LiveServer, amount: str) -> DocumentOut:
    """An income record submitted at ``amount`` (typed twice when large)."""
    draft = income(codes, today(server), amount=amount, payer=name("payer"))
    confirmed = [Decimal(amount)] if Decimal(amount) >= Decimal("100000") else []
    return api.documents.create_and_submit(draft, confirmed_amounts=confirmed)


def route_of(api: ApiClient, document_id: int) -> list[ReviewLevel]:
    return [step.level for step in api.reviews.timeline(document_id).steps]


@pytest.mark.parametrize(
    ("amount", "route"),
    [
        ("100000.00", [SUPERVISOR]),
        ("100000.01", [MANAGER]),
        ("500000.00", [MANAGER]),
        ("500000.01", [LEADER]),
        ("1000000.00", [LEADER]),
        ("1000000.01", [SUPERVISOR, LEADER]),  # 重大事项: the fast track
    ],
)
def test_each_default_rule_routes_at_its_boundaries(
    live_server: LiveServer, codes: Codes, maker: ApiClient, amount: str, route: list[ReviewLevel]
) -> None:
    doc = sent(maker, codes, live_server, amount)
    assert route_of(maker, doc.id) == route
    first = maker.reviews.timeline(doc.id).steps[0]
    assert first.status == "active" and first.deadline_at is not None
    hours = (first.deadline_at - first.started_at).total_seconds() / 3600  # type: ignore[operator]
    if len(route) == 2:
        assert hours == 24
    else:  # two working days: 48 hours, or more across a weekend
        assert hours >= 48


def test_a_major_item_goes_through_two_people_and_produces_its_voucher(
    live_server: LiveServer, codes: Codes, maker: ApiClient, supervisor: ApiClient
) -> None:
    both = log_in(
        live_server,
        reviewer(live_server, name("both"), (SUPERVISOR, "001001"), (LEADER, "001")),
    )
    doc = sent(maker, codes, live_server, "1200000.00")
    assert [item.document_id for item in supervisor.reviews.todo()].count(doc.id) == 1
    step_one = both.reviews.approve(doc.id, version=doc.version, opinion="同意")
    assert step_one.status is DocumentStatus.IN_REVIEW
    assert refused(maker.documents.recall, doc.id, version=step_one.version).code == (
        "document.not_recallable"
    )
    # the same person may not approve the second level too
    second = refused(both.reviews.approve, doc.id, version=step_one.version)
    assert (second.status, second.code) == (403, "review.second_step")
    assert doc.id not in [item.document_id for item in both.reviews.todo()]
    final_leader = log_in(live_server, reviewer(live_server, name("leader"), (LEADER, "001")))
    todo = {item.document_id: item for item in final_leader.reviews.todo()}
    assert todo[doc.id].step_no == 2 and todo[doc.id].steps == 2
    done = final_leader.reviews.approve(doc.id, version=step_one.version, opinion="同意,按规定入账")
    assert done.status is DocumentStatus.POSTED and done.voucher_id is not None  # posts at once
    timeline = maker.reviews.timeline(doc.id)
    assert [(e.action, e.step_no) for e in timeline.entries] == [
        (ReviewAction.SUBMITTED, None),
        (ReviewAction.APPROVED, 1),
        (ReviewAction.APPROVED, 2),
    ]
    assert timeline.entries[2].opinion == "同意,按规定入账"
    assert [s.status for s in timeline.steps] == ["approved", "approved"]


def test_reject_and_return_need_a_reason_and_a_returned_item_is_corrected_and_resubmitted(
    live_server: LiveServer, codes: Codes, maker: ApiClient, supervisor: ApiClient
) -> None:
    doc = sent(maker, codes, live_server, "800.00")
    for decide in (supervisor.reviews.reject, supervisor.reviews.return_for_correction):
        error = refused(decide, doc.id, version=doc.version, reason="  ")
        assert (error.status, error.code, error.params["field"]) == (
            422,
            "review.reason_required",
            "opinion",
        )
        assert "具体原因" in error.message
    back = supervisor.reviews.return_for_correction(
        doc.id, version=doc.version, reason="缴款人名称与票据不符"
    )
    assert back.status is DocumentStatus.RETURNED
    corrected = maker.documents.update(
        doc.id,
        income(codes, today(live_server), amount="800.00", payer="更正后的缴款人"),
        version=back.version,
    )
    again = maker.documents.submit(doc.id, SubmitIn(version=corrected.version))
    assert again.status is DocumentStatus.SUBMITTED and again.number == doc.number
    timeline = maker.reviews.timeline(doc.id)
    assert [(e.round, e.action) for e in timeline.entries] == [
        (1, ReviewAction.SUBMITTED),
        (1, ReviewAction.RETURNED),
        (2, ReviewAction.SUBMITTED),
    ]
    assert timeline.entries[1].opinion == "缴款人名称与票据不符"
    assert [s.round for s in timeline.steps] == [2]
    rejected = supervisor.reviews.reject(doc.id, version=again.version, reason="重复收款")
    assert rejected.status is DocumentStatus.REJECTED
    late = refused(supervisor.reviews.approve, doc.id, version=rejected.version)
    assert (late.status, late.code) == (409, "review.not_open")


def test_separation_of_duties_is_checked_by_the_server(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    own = reviewer(
        live_server,
        name("selfie"),
        (SUPERVISOR, "001001"),
        roles=(Role.CLERK, Role.REVIEWER),
        scope="001001",
    )
    own_api = log_in(live_server, own)
    mine = sent(own_api, codes, live_server, "300.00")
    assert refused(own_api.reviews.approve, mine.id, version=mine.version).code == "review.own_item"
    assert mine.id not in [item.document_id for item in own_api.reviews.todo()]

    admin = log_in(
        live_server,
        reviewer(live_server, name("admin"), (LEADER, "001"), roles=(Role.ADMIN, Role.REVIEWER)),
    )
    doc = sent(maker, codes, live_server, "310.00")
    assert refused(admin.reviews.approve, doc.id, version=doc.version).code == (
        "review.admin_cannot_act"
    )
    elsewhere = log_in(live_server, reviewer(live_server, name("health"), (SUPERVISOR, "001002")))
    error = refused(elsewhere.reviews.approve, doc.id, version=doc.version)
    assert (error.status, error.code) == (403, "review.no_authority")
    assert "业务主管" in error.message
    assert refused(maker.reviews.approve, doc.id, version=doc.version).code == (
        "review.not_reviewer"
    )
    big = sent(maker, codes, live_server, "200000.00")  # a manager's step
    low = log_in(live_server, reviewer(live_server, name("low"), (SUPERVISOR, "001")))
    assert refused(low.reviews.approve, big.id, version=big.version).code == "review.no_authority"
    out_of_scope = log_in(
        live_server,
        reviewer(live_server, name("outside"), (LEADER, "001"), scope="001002"),
    )
    # outside their scope the item is not found, as if it did not exist
    assert refused(out_of_scope.reviews.approve, big.id, version=big.version).status == 404


def test_two_reviewers_deciding_at_once_one_wins_the_other_is_told(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    doc = sent(maker, codes, live_server, "420.00")
    first, second = (
        log_in(live_server, reviewer(live_server, name("race"), (SUPERVISOR, "001001")))
        for _ in range(2)
    )

    def decide(api: ApiClient) -> str:
        try:
            return api.reviews.approve(doc.id, version=doc.version).status.value
        except ApiError as error:
            return f"{error.status} {error.code}"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(decide, (first, second)))
    assert outcomes == ["409 review.already_decided", "posted"]
    approvals = [
        e for e in maker.reviews.timeline(doc.id).entries if e.action is ReviewAction.APPROVED
    ]
    assert len(approvals) == 1


def test_delegation_hands_the_step_to_a_reviewer_with_enough_authority(
    live_server: LiveServer, codes: Codes, maker: ApiClient, supervisor: ApiClient
) -> None:
    colleague_account = reviewer(live_server, name("colleague"), (SUPERVISOR, "001001"))
    colleague = log_in(live_server, colleague_account)
    doc = sent(maker, codes, live_server, "560.00")
    clerk_account = clerk(live_server, name("notareviewer"), unit="001001")
    unfit = refused(
        supervisor.reviews.delegate, doc.id, version=doc.version, to_user_id=clerk_account.id
    )
    assert (unfit.code, unfit.params["field"]) == ("review.delegate_unfit", "to_user_id")
    handed = supervisor.reviews.delegate(
        doc.id, version=doc.version, to_user_id=colleague_account.id, opinion="休假期间委托"
    )
    assert handed.status is DocumentStatus.IN_REVIEW
    assert [i.delegated for i in colleague.reviews.todo() if i.document_id == doc.id] == [True]
    assert doc.id not in [item.document_id for item in supervisor.reviews.todo()]
    bystander = log_in(live_server, reviewer(live_server, name("bystander"), (SUPERVISOR, "001")))
    assert refused(bystander.reviews.approve, doc.id, version=handed.version).code == (
        "review.delegated_to_other"
    )
    done = colleague.reviews.approve(doc.id, version=handed.version)
    assert done.status is DocumentStatus.POSTED
    delegated = maker.reviews.timeline(doc.id).entries[1]
    assert (delegated.action, delegated.delegate_name, delegated.opinion) == (
        ReviewAction.DELEGATED,
        colleague_account.username,
        "休假期间委托",
    )


def test_recall_before_the_first_action_takes_the_item_off_the_lists(
    live_server: LiveServer, codes: Codes, maker: ApiClient, supervisor: ApiClient
) -> None:
    doc = sent(maker, codes, live_server, "610.00")
    assert doc.id in [item.document_id for item in supervisor.reviews.todo()]
    back = maker.documents.recall(doc.id, version=doc.version)
    assert back.status is DocumentStatus.DRAFT
    assert doc.id not in [item.document_id for item in supervisor.reviews.todo()]
    assert [s.status for s in maker.reviews.timeline(doc.id).steps] == ["cancelled"]
    # recalled, it is the maker's draft again: not found for the reviewer
    assert refused(supervisor.reviews.approve, doc.id, version=back.version).code == (
        "document.not_found"
    )


def test_the_lists_and_counts_follow_the_reviewers_work(
    live_server: LiveServer, codes: Codes, maker: ApiClient, supervisor: ApiClient
) -> None:
    before = supervisor.reviews.counts()
    docs = [sent(maker, codes, live_server, f"{700 + i}.00") for i in range(3)]
    ids = [doc.id for doc in docs]
    after = supervisor.reviews.counts()
    assert after.todo == before.todo + 3 and after.overdue == before.overdue
    todo = [item for item in supervisor.reviews.todo() if item.document_id in ids]
    assert [item.deadline_state for item in todo] == ["green"] * 3
    assert todo[0].maker_name and todo[0].number and todo[0].level is SUPERVISOR
    supervisor.reviews.approve(docs[0].id, version=docs[0].version)
    supervisor.reviews.reject(docs[1].id, version=docs[1].version, reason="金额有误")
    done_ids = [item.document_id for item in supervisor.reviews.done()]
    assert docs[0].id in done_ids and docs[1].id in done_ids
    final = supervisor.reviews.counts()
    assert (final.todo, final.done) == (after.todo - 2, before.done + 2)
    now = live_server.clock.now()
    run_sql(  # the third one has waited past its deadline
        live_server,
        "UPDATE approval_steps SET started_at = :started, deadline_at = :deadline"
        " WHERE document_id = :d AND status = 'active'",
        started=now - dt.timedelta(days=3),
        deadline=now - dt.timedelta(minutes=1),
        d=docs[2].id,
    )
    assert supervisor.reviews.counts().overdue == after.overdue + 1
    row = [item for item in supervisor.reviews.todo() if item.document_id == docs[2].id]
    assert row[0].deadline_state == "red"
