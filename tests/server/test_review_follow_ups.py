"""After a decision: a reviewer takes back an approval while the next step has not
acted (and not after), the maker is told; an overdue item is urged by its maker or
a higher post (nobody else), and the reviewers who see it are told."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from common.enums import DocumentStatus, NotificationKind, ReviewAction, ReviewLevel
from tests.support.accounts import log_in, refused
from tests.support.documents import clerk, income, run_sql, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

SUPERVISOR, MANAGER, LEADER = ReviewLevel.SUPERVISOR, ReviewLevel.MANAGER, ReviewLevel.LEADER
_names = count(1)


def name(prefix: str) -> str:
    return f"{prefix}{next(_names)}"


def test_an_approval_is_taken_back_before_the_next_step_acts_and_not_after(
    live_server: LiveServer,
) -> None:
    codes = unit_of_its_own(live_server, "001081", "收回测试所")
    maker = log_in(live_server, clerk(live_server, name("maker"), unit="001081"))
    first = log_in(live_server, reviewer(live_server, name("first"), (SUPERVISOR, "001081")))
    other = log_in(live_server, reviewer(live_server, name("other"), (SUPERVISOR, "001081")))
    final = log_in(live_server, reviewer(live_server, name("final"), (LEADER, "001")))
    amount = Decimal("1500000.00")  # a major item: supervisor, then leader
    draft = income(codes, today(live_server), amount=str(amount), unit_id=codes.units["001081"])
    doc = maker.documents.create_and_submit(draft, confirmed_amounts=[amount])
    approved = first.reviews.approve(doc.id, version=doc.version, opinion="同意")
    assert approved.status is DocumentStatus.IN_REVIEW
    assert doc.id in [item.document_id for item in final.reviews.todo()]

    # only the approver may take it back
    assert refused(other.reviews.take_back, doc.id, version=approved.version).code == (
        "review.not_your_approval"
    )
    cursor = max((n.id for n in maker.notifications.poll().items), default=0)
    back = first.reviews.take_back(doc.id, version=approved.version, opinion="金额需再核")
    assert back.status is DocumentStatus.IN_REVIEW and back.version == approved.version + 1
    timeline = maker.reviews.timeline(doc.id)
    assert [s.status for s in timeline.steps] == ["active", "waiting"]
    assert timeline.entries[-1].action is ReviewAction.TAKEN_BACK
    assert timeline.entries[-1].opinion == "金额需再核"
    assert doc.id in [item.document_id for item in first.reviews.todo()]
    assert doc.id not in [item.document_id for item in first.reviews.in_progress()]
    assert doc.id not in [item.document_id for item in final.reviews.todo()]
    told = maker.notifications.poll(after=cursor).items
    assert [n.kind for n in told] == [NotificationKind.DECIDED]
    assert "收回了对您的" in told[0].text and "金额需再核" in told[0].text

    # approved again, the leader acts: too late to take back now
    again = first.reviews.approve(doc.id, version=back.version, opinion="已核")
    final.reviews.approve(doc.id, version=again.version, opinion="同意")
    late = refused(first.reviews.take_back, doc.id, version=again.version + 1)
    assert (late.status, late.code) == (409, "review.take_back_too_late")


def test_an_overdue_item_is_urged_by_its_maker_or_a_higher_post_only(
    live_server: LiveServer,
) -> None:
    codes = unit_of_its_own(live_server, "001082", "督办测试所")
    maker_account = clerk(live_server, name("maker"), unit="001082")
    maker = log_in(live_server, maker_account)
    slow = log_in(live_server, reviewer(live_server, name("slow"), (SUPERVISOR, "001082")))
    boss = log_in(live_server, reviewer(live_server, name("boss"), (MANAGER, "001")))
    peer = log_in(live_server, reviewer(live_server, name("peer"), (SUPERVISOR, "001")))
    draft = income(codes, today(live_server), amount="500.00", unit_id=codes.units["001082"])
    doc = maker.documents.create_and_submit(draft)
    early = refused(maker.reviews.urge, doc.id, opinion="请尽快")
    assert (early.status, early.code) == (409, "review.not_overdue")

    run_sql(
        live_server,
        "UPDATE approval_steps SET deadline_at = :t - interval '1 hour',"
        " yellow_from = :t - interval '1 day' WHERE document_id = :id AND status = 'active'",
        t=live_server.clock.now(),
        id=doc.id,
    )
    assert refused(peer.reviews.urge, doc.id).code == "review.may_not_urge"
    cursor = max((n.id for n in slow.notifications.poll().items), default=0)
    boss.reviews.urge(doc.id, opinion="月底前必须处理")
    maker.reviews.urge(doc.id)
    again = refused(maker.reviews.urge, doc.id)  # once per person and step in 4 hours
    assert (again.status, again.code) == (429, "review.urged_recently")
    urged = [n for n in slow.notifications.poll(after=cursor).items]
    assert [n.kind for n in urged] == [NotificationKind.URGED, NotificationKind.URGED]
    assert "督办" in urged[0].text and "月底前必须处理" in urged[0].text
    entries = maker.reviews.timeline(doc.id).entries
    assert [e.action for e in entries[-2:]] == [ReviewAction.URGED, ReviewAction.URGED]
