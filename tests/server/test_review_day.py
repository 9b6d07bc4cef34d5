"""A working day through client/api: three clerks submit the morning's items, the
supervisor, the manager and the leader in charge work their queues (approving,
returning one for correction, rejecting one), the clerk corrects and resubmits,
and by evening every item has ended, each approved record has its voucher, and
everyone was told exactly what concerned them."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from sqlalchemy import text

from client.api import ApiClient
from common.enums import DocumentStatus, NotificationKind, ReviewLevel
from common.schemas.documents import DocumentOut, SubmitIn
from server.db.uow import UnitOfWork
from tests.support.accounts import log_in
from tests.support.documents import Codes, clerk, expenditure, income, today, voucher
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

ENDED = {DocumentStatus.APPROVED, DocumentStatus.POSTED, DocumentStatus.REJECTED}


def work_queue(
    api: ApiClient,
    *,
    reject: frozenset[int] = frozenset(),
    give_back: frozenset[int] = frozenset(),
) -> Counter[str]:
    """Work through the to-do list as a reviewer does, nearest deadline first."""
    did: Counter[str] = Counter()
    for item in api.reviews.todo():
        if item.document_id in reject:
            api.reviews.reject(
                item.document_id, version=item.version, reason="重复报销,已于上月支付"
            )
            did["rejected"] += 1
        elif item.document_id in give_back:
            api.reviews.return_for_correction(
                item.document_id, version=item.version, reason="摘要未写明用途,请补充"
            )
            did["returned"] += 1
        else:
            api.reviews.approve(item.document_id, version=item.version, opinion="同意")
            did["approved"] += 1
    return did


def test_a_days_queue_from_submission_to_the_ledger(live_server: LiveServer, codes: Codes) -> None:
    day = today(live_server)
    unit = codes.units["001001001"]
    clerks = [log_in(live_server, clerk(live_server, f"day.clerk{n}")) for n in range(3)]
    supervisor = log_in(
        live_server, reviewer(live_server, "day.super", (ReviewLevel.SUPERVISOR, "001001"))
    )
    manager = log_in(
        live_server, reviewer(live_server, "day.manager", (ReviewLevel.MANAGER, "001"))
    )
    leader = log_in(live_server, reviewer(live_server, "day.leader", (ReviewLevel.LEADER, "001")))
    for api in (supervisor, manager, leader, *clerks):  # start each inbox empty
        api.notifications.mark_read()

    # the morning: twelve items, small and large, of all three kinds
    amounts = [
        "820.00",
        "4300.00",
        "99999.99",
        "100000.01",
        "260000.00",
        "730000.00",
        "1500000.00",
        "1200.00",
        "560.00",
        "18000.00",
        "2400.00",
        "640.00",
    ]
    made: list[tuple[ApiClient, DocumentOut]] = []
    for n, amount in enumerate(amounts):
        maker = clerks[n % 3]
        value = Decimal(amount)
        confirmed = [value] if value >= Decimal("100000") else []
        if n % 3 == 0:
            draft = income(codes, day, amount=amount, payer=f"缴款单位{n}", unit_id=unit)
        elif n % 3 == 1:
            draft = expenditure(codes, day, amount=amount, payee=f"收款单位{n}", unit_id=unit)
        else:
            draft = voucher(codes, day, ("500102", amount, "0"), ("100201", "0", amount))
            confirmed = [value, value] if value >= Decimal("100000") else []
        made.append((maker, maker.documents.create_and_submit(draft, confirmed_amounts=confirmed)))
    ids = [doc.id for _, doc in made]
    rejected, returned = ids[1], ids[7]

    assert supervisor.reviews.counts().todo == 9  # eight ≤ 100,000 and the major item's 1st step
    first_round = work_queue(
        supervisor, reject=frozenset({rejected}), give_back=frozenset({returned})
    )
    assert first_round == Counter(approved=7, rejected=1, returned=1)
    assert work_queue(manager) == Counter(approved=2)  # 100,000.01 and 260,000
    assert work_queue(leader) == Counter(approved=2)  # 730,000 and the major item's 2nd step

    # the clerk reads why, corrects the summary and submits again: a new round
    maker = made[7][0]
    notices = maker.notifications.poll().items
    back = [n for n in notices if n.document_id == returned]
    assert len(back) == 1 and "摘要未写明用途" in back[0].text
    current = maker.documents.get(returned)
    corrected = current.to_draft().model_copy(update={"summary": "购买办公用品(打印纸)"})
    saved = maker.documents.update(returned, corrected, version=current.version)
    again = maker.documents.submit(returned, SubmitIn(version=saved.version))
    assert again.status is DocumentStatus.SUBMITTED
    assert work_queue(supervisor) == Counter(approved=1)

    # the evening: every item has ended; nothing is waiting for anyone
    final = {doc_id: supervisor.documents.get(doc_id) for doc_id in ids}
    assert {doc.status for doc in final.values()} <= ENDED
    assert final[rejected].status is DocumentStatus.REJECTED
    for api in (supervisor, manager, leader):
        counts = api.reviews.counts()
        assert (counts.todo, counts.in_progress, counts.overdue) == (0, 0, 0)
    assert supervisor.reviews.counts().done == 9  # items, not actions: the returned one once
    major = supervisor.reviews.timeline(ids[6])
    assert [(s.level, s.status) for s in major.steps] == [
        (ReviewLevel.SUPERVISOR, "approved"),
        (ReviewLevel.LEADER, "approved"),
    ]
    # each approved income or expenditure record produced its voucher
    records = [i for n, i in enumerate(ids) if n % 3 != 2 and i != rejected]
    with UnitOfWork(live_server.engine).transaction() as session:
        produced = session.execute(
            text("SELECT count(*) FROM documents WHERE source_id = ANY(:ids)"), {"ids": records}
        ).scalar_one()
    assert produced == len(records)

    # told once each: every maker one decision per decided item (plus the return)
    decided = Counter()
    for api in clerks:
        for notice in api.notifications.poll().items:
            if notice.kind is NotificationKind.DECIDED:
                decided[notice.document_id] += 1
    assert decided == Counter({doc_id: 2 if doc_id == returned else 1 for doc_id in ids})
    new_work = [
        n for n in supervisor.notifications.poll().items if n.kind is NotificationKind.NEW_WORK
    ]
    assert sorted(n.document_id for n in new_work) == sorted(
        [
            i
            for i, amount in zip(ids, amounts, strict=True)
            if Decimal(amount) <= 100000 or i == ids[6]
        ]
        + [returned]
    )
