"""DOMAIN.md document and review rules that had no test to catch their breaking:
the duplicate check's 30-day window and its unit and item parts; only the maker
edits a returned item; a draft's deletion is in the operation log with its
reason; delegation only to a reviewer with authority for the item's level; the
进行中 list holds the open items the reviewer acted on, and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count

import pytest

from client.api import ApiClient, ApiError
from common.enums import DocumentStatus, ReviewLevel, Role
from common.schemas.audit_log import AuditLogQuery
from common.schemas.documents import DocumentOut, IncomeIn, SubmitIn
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)
SUPERVISOR, MANAGER, LEADER = ReviewLevel.SUPERVISOR, ReviewLevel.MANAGER, ReviewLevel.LEADER


def name(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


@pytest.fixture
def maker(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, clerk(live_server, name("rules.maker"), unit="001001"))


def submitted(api: ApiClient, draft: IncomeIn, reason: str = "") -> DocumentOut:
    made = api.documents.create(draft)
    confirmed = [draft.amount] if draft.amount >= Decimal("100000") else []
    body = SubmitIn(version=made.version, duplicate_reason=reason, confirmed_amounts=confirmed)
    return api.documents.submit(made.id, body)


def duplicate_warning(api: ApiClient, draft: IncomeIn) -> str:
    """The numbers a submission is warned about (empty: it went through)."""
    made = api.documents.create(draft)
    try:
        api.documents.submit(made.id, SubmitIn(version=made.version))
    except ApiError as error:
        assert error.code == "document.possible_duplicate", error
        return str(error.params["others"])
    return ""


def test_the_duplicate_window_is_30_days_and_takes_unit_and_item_into_account(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    start = today(live_server) - dt.timedelta(days=40)

    def same(day: dt.date, **changes: object) -> IncomeIn:
        return income(codes, day, amount="3030.30", payer="判重缴款人", **changes)

    first = submitted(maker, same(start))
    assert first.number
    assert duplicate_warning(maker, same(start + dt.timedelta(days=30))) == first.number
    assert duplicate_warning(maker, same(start + dt.timedelta(days=31))) == ""
    assert duplicate_warning(maker, same(start - dt.timedelta(days=31))) == ""
    # the same amount and payer in another unit, or for another item, is no duplicate
    other_unit = same(start, unit_id=codes.units["001001002"])
    assert duplicate_warning(maker, other_unit) == ""
    other_item = same(start, income_item_id=codes.item("income", "1030416"))
    assert duplicate_warning(maker, other_item) == ""


def test_only_the_maker_edits_a_returned_item(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    checker = log_in(live_server, reviewer(live_server, name("rules.checker"), (SUPERVISOR, "001")))
    colleague = log_in(live_server, clerk(live_server, name("rules.colleague"), unit="001001"))
    day = today(live_server)
    doc = submitted(maker, income(codes, day, amount="2468.00", payer="退回的缴款人"))
    back = checker.reviews.return_for_correction(doc.id, version=doc.version, reason="票据不全")
    assert back.status is DocumentStatus.RETURNED

    changed = income(codes, day, amount="1.00", payer="同事改的")
    error = refused(colleague.documents.update, doc.id, changed, version=back.version)
    assert (error.status, error.code) == (403, "document.not_maker")
    resubmit = refused(colleague.documents.submit, doc.id, SubmitIn(version=back.version))
    assert (resubmit.status, resubmit.code) == (403, "document.not_maker")
    kept = maker.documents.get(doc.id)
    assert (kept.status, kept.amount, kept.version) == (
        DocumentStatus.RETURNED,
        Decimal("2468.00"),
        back.version,
    )
    fixed = maker.documents.update(
        doc.id, income(codes, day, amount="2468.00", payer="更正的缴款人"), version=back.version
    )
    assert fixed.counterparty == "更正的缴款人"


def test_deleting_a_draft_is_in_the_operation_log_with_its_reason(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    draft = maker.documents.create(income(codes, today(live_server), amount="13.00"))
    maker.documents.delete(draft.id, version=draft.version, reason="录错了缴款单位")
    auditor = log_in(live_server, add_user(live_server, name("rules.auditor"), [Role.AUDITOR]))
    rows = auditor.audit_log.page(
        AuditLogQuery(target_type="document", target_id=str(draft.id))
    ).rows
    [deleted] = [row for row in rows if row.action == "document.deleted"]
    me = maker.auth.me()
    assert (deleted.actor_id, deleted.actor_name) == (me.id, me.username)
    assert deleted.client_address == "127.0.0.1" and deleted.client_host
    assert deleted.before is not None and deleted.after is not None
    assert not deleted.before["deleted"] and deleted.after["deleted"]
    assert deleted.after["delete_reason"] == "录错了缴款单位"


def test_delegation_only_to_a_reviewer_with_authority_for_the_items_level(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    manager_account = reviewer(live_server, name("rules.manager"), (MANAGER, "001"))
    manager = log_in(live_server, manager_account)
    below = reviewer(live_server, name("rules.below"), (SUPERVISOR, "001001"))
    elsewhere = reviewer(live_server, name("rules.elsewhere"), (MANAGER, "001002"))
    peer = reviewer(live_server, name("rules.peer"), (MANAGER, "001"))
    # 300,000 is beyond a supervisor's 100,000: a manager's item
    doc = submitted(maker, income(codes, today(live_server), amount="300000.00", payer="委托测试"))
    assert [s.level for s in maker.reviews.timeline(doc.id).steps] == [MANAGER]

    offered = {candidate.user_id for candidate in manager.reviews.delegates(doc.id)}
    assert peer.id in offered and below.id not in offered and elsewhere.id not in offered
    for unfit in (below, elsewhere):
        error = refused(manager.reviews.delegate, doc.id, version=doc.version, to_user_id=unfit.id)
        assert (error.status, error.code, error.params["field"]) == (
            422,
            "review.delegate_unfit",
            "to_user_id",
        )
    assert maker.documents.get(doc.id).version == doc.version  # nothing changed
    handed = manager.reviews.delegate(doc.id, version=doc.version, to_user_id=peer.id)
    assert handed.status is DocumentStatus.IN_REVIEW


def test_the_in_progress_list_holds_open_items_i_acted_on_only(
    live_server: LiveServer, codes: Codes, maker: ApiClient
) -> None:
    mine = log_in(live_server, reviewer(live_server, name("rules.sup"), (SUPERVISOR, "001001")))
    other = log_in(live_server, reviewer(live_server, name("rules.sup"), (SUPERVISOR, "001001")))
    leader = log_in(live_server, reviewer(live_server, name("rules.lead"), (LEADER, "001")))
    day = today(live_server)

    def major(payer: str) -> DocumentOut:  # 重大事项: supervisor, then leader
        return submitted(maker, income(codes, day, amount="1000000.01", payer=payer))

    open_mine, finished, open_theirs = major("进行中甲"), major("进行中乙"), major("进行中丙")
    small = submitted(maker, income(codes, day, amount="321.00", payer="进行中丁"))
    refused_one = submitted(maker, income(codes, day, amount="322.00", payer="进行中戊"))
    untouched = major("进行中己")

    for doc in (open_mine, finished):
        mine.reviews.approve(doc.id, version=doc.version)
    other.reviews.approve(open_theirs.id, version=open_theirs.version)
    mine.reviews.approve(small.id, version=small.version)  # one step: done
    mine.reviews.reject(refused_one.id, version=refused_one.version, reason="金额不符")
    at_leader = maker.documents.get(finished.id)
    leader.reviews.approve(finished.id, version=at_leader.version)  # the item is done

    ours = {open_mine.id, finished.id, open_theirs.id, small.id, refused_one.id, untouched.id}
    listed = [item for item in mine.reviews.in_progress() if item.document_id in ours]
    assert [item.document_id for item in listed] == [open_mine.id]
    assert maker.documents.get(open_mine.id).status is DocumentStatus.IN_REVIEW
    assert mine.reviews.counts().in_progress == len(mine.reviews.in_progress())
    theirs = [i.document_id for i in other.reviews.in_progress() if i.document_id in ours]
    assert theirs == [open_theirs.id]
    # once the last step is decided it leaves the list
    last = maker.documents.get(open_mine.id)
    leader.reviews.approve(open_mine.id, version=last.version)
    assert open_mine.id not in [item.document_id for item in mine.reviews.in_progress()]
