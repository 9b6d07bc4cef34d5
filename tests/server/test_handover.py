"""Hand-over of a leaver's pending work (离职交接), through client/api: the review
steps that are theirs alone and the drafts and returned items they made move to
a successor who can take them; what the successor cannot take is reported and
stays; the leaver remains the author of what they did; it is all logged."""

from __future__ import annotations

from sqlalchemy import select

from common.enums import DocumentStatus, ReviewAction, ReviewLevel, Role
from common.schemas.documents import SubmitIn
from common.schemas.handover import PendingKind
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer


def records(server: LiveServer, action: str) -> list[AuditRecord]:
    with UnitOfWork(server.engine).transaction() as session:
        found = session.scalars(
            select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)
        ).all()
        session.expunge_all()
        return list(found)


def test_a_leavers_review_steps_move_to_the_successor_who_can_take_them(
    live_server: LiveServer, codes: Codes
) -> None:
    day = today(live_server)
    maker = log_in(live_server, clerk(live_server, "ho.maker", unit="001001"))
    leaver = reviewer(live_server, "ho.leaver", (ReviewLevel.SUPERVISOR, "001001"))
    leaver_api = log_in(live_server, leaver)
    boss = log_in(live_server, reviewer(live_server, "ho.boss", (ReviewLevel.MANAGER, "001")))
    successor = reviewer(live_server, "ho.successor", (ReviewLevel.MANAGER, "001"))
    successor_api = log_in(live_server, successor)
    clerk_only = clerk(live_server, "ho.clerkonly", unit="001")
    admin = log_in(live_server, add_user(live_server, "ho.admin", [Role.ADMIN]))

    queued = maker.documents.create_and_submit(income(codes, day, amount="1200.00", payer="甲"))
    handed = maker.documents.create_and_submit(income(codes, day, amount="2300.00", payer="乙"))
    handed = boss.reviews.delegate(handed.id, version=handed.version, to_user_id=leaver.id)
    mine = {i.document_id for i in leaver_api.reviews.todo()}
    assert {queued.id, handed.id} <= mine
    assert not {queued.id, handed.id} & {i.document_id for i in successor_api.reviews.todo()}

    # the leaver is the only supervisor: both steps are theirs alone
    work = admin.admin.pending_work(leaver.id)
    steps = {i.document_id: i for i in work.items if i.kind is PendingKind.REVIEW_STEP}
    assert set(steps) == {queued.id, handed.id} and work.review_steps == 2
    assert steps[handed.id].delegated and not steps[queued.id].delegated
    assert all(i.problem is None for i in work.items)  # no successor named yet

    # someone who is not a reviewer could take none of them: reported, nothing moves
    unfit = admin.admin.pending_work(leaver.id, clerk_only.id)
    assert {i.problem for i in unfit.items} == {"handover.item_not_reviewer"}
    kept = admin.admin.transfer_work(leaver.id, clerk_only.id)
    assert kept.moved == [] and {i.document_id for i in kept.left} == {queued.id, handed.id}
    assert {queued.id, handed.id} <= {i.document_id for i in leaver_api.reviews.todo()}

    same = refused(admin.admin.transfer_work, leaver.id, leaver.id)
    assert (same.status, same.code, same.params["field"]) == (
        422,
        "handover.same_user",
        "successor_id",
    )

    preview = admin.admin.pending_work(leaver.id, successor.id)
    assert all(i.problem is None for i in preview.items)
    done = admin.admin.transfer_work(leaver.id, successor.id)
    assert {i.document_id for i in done.moved} == {queued.id, handed.id} and done.left == []
    assert done.user.is_active  # not asked to disable

    assert {queued.id, handed.id} <= {i.document_id for i in successor_api.reviews.todo()}
    assert not {queued.id, handed.id} & {i.document_id for i in leaver_api.reviews.todo()}
    assert not {queued.id, handed.id} & {i.document_id for i in boss.reviews.todo()}
    assert admin.admin.pending_work(leaver.id).items == []
    told = successor_api.notifications.latest()
    assert any(n.document_id == handed.id and "ho.leaver" in n.text for n in told.items)
    current = maker.documents.get(queued.id)
    approved = successor_api.reviews.approve(queued.id, version=current.version)
    assert approved.status in (DocumentStatus.APPROVED, DocumentStatus.POSTED)

    # history: the maker submitted, the boss delegated to the leaver — all kept
    timeline = successor_api.reviews.timeline(handed.id)
    delegations = [e for e in timeline.entries if e.action is ReviewAction.DELEGATED]
    assert [(e.actor_name, e.delegate_name) for e in delegations] == [("ho.boss", "ho.leaver")]
    summary = [
        r for r in records(live_server, "user.work_transferred") if r.after and r.after["moved"]
    ][-1]
    assert summary.target_id == str(leaver.id) and summary.after is not None
    assert (summary.after["review_steps"], summary.after["documents"]) == (2, 0)
    assert summary.after["successor"] == "ho.successor"
    moved_steps = records(live_server, "review_step.transferred")
    assert {r.target_id for r in moved_steps} == {str(queued.id), str(handed.id)}
    handed_record = next(r for r in moved_steps if r.target_id == str(handed.id))
    assert handed_record.before == {"step_no": 1, "delegate_id": leaver.id}
    assert handed_record.after is not None and handed_record.after["delegate_id"] == successor.id

    # nothing is left, so disabling them on the way out moves nothing more
    last = admin.admin.transfer_work(leaver.id, successor.id, disable=True)
    assert last.moved == [] and not last.user.is_active
    assert refused(leaver_api.reviews.todo).code == "auth.not_authenticated"


def test_a_leavers_drafts_and_returned_items_move_only_to_a_clerk_in_scope(
    live_server: LiveServer, codes: Codes
) -> None:
    day = today(live_server)
    hospital = codes.units["001002001"]
    leaver = clerk(live_server, "ho2.leaver", unit="001002")
    leaver_api = log_in(live_server, leaver)
    checker = log_in(
        live_server, reviewer(live_server, "ho2.checker", (ReviewLevel.SUPERVISOR, "001002"))
    )
    admin = log_in(live_server, add_user(live_server, "ho2.admin", [Role.ADMIN]))
    analyst = add_user(live_server, "ho2.analyst", [Role.ANALYST], unit_codes=("001",))
    elsewhere = clerk(live_server, "ho2.elsewhere", unit="001001")
    successor = clerk(live_server, "ho2.successor", unit="001002")
    successor_api = log_in(live_server, successor)

    draft = leaver_api.documents.create(income(codes, day, unit_id=hospital, payer="丙"))
    sent = leaver_api.documents.create_and_submit(
        income(codes, day, unit_id=hospital, amount="880.00", payer="丁")
    )
    returned = checker.reviews.return_for_correction(
        sent.id, version=sent.version, reason="缴款人名称与票据不符"
    )
    waiting = leaver_api.documents.create_and_submit(
        income(codes, day, unit_id=hospital, amount="99.00", payer="戊")
    )

    work = admin.admin.pending_work(leaver.id)
    assert {i.document_id for i in work.items} == {draft.id, returned.id}
    assert (work.documents, work.review_steps, work.in_review) == (2, 0, 1)
    assert waiting.id not in {i.document_id for i in work.items}

    for unfit, problem in (
        (analyst, "handover.item_not_clerk"),
        (elsewhere, "handover.item_out_of_scope"),
    ):
        shown = admin.admin.pending_work(leaver.id, unfit.id)
        assert {i.problem for i in shown.items} == {problem}
        result = admin.admin.transfer_work(leaver.id, unfit.id)
        assert result.moved == [] and len(result.left) == 2
    assert leaver_api.documents.get(draft.id).maker_id == leaver.id

    done = admin.admin.transfer_work(leaver.id, successor.id)
    assert {i.document_id for i in done.moved} == {draft.id, returned.id}
    assert done.user.is_active  # not asked to disable
    assert {d.id for d in successor_api.documents.mine()} >= {draft.id, returned.id}
    assert not {draft.id, returned.id} & {d.id for d in leaver_api.documents.mine()}
    mine_now = successor_api.documents.get(returned.id)
    assert mine_now.maker_id == successor.id and mine_now.maker_name == "ho2.successor"
    again = successor_api.documents.submit(returned.id, SubmitIn(version=mine_now.version))
    assert again.status in (DocumentStatus.SUBMITTED, DocumentStatus.IN_REVIEW)
    # the draft is the successor's alone now: to the leaver, at its real version, it
    # does not exist (DOMAIN: a draft is its maker's alone), and it stays a draft
    current = successor_api.documents.get(draft.id)
    refused_edit = refused(leaver_api.documents.submit, draft.id, SubmitIn(version=current.version))
    assert (refused_edit.status, refused_edit.code) == (404, "document.not_found")
    still = successor_api.documents.get(draft.id)
    assert (still.status, still.version) == (DocumentStatus.DRAFT, current.version)

    # the leaver stays the author of round 1; the log keeps who made the draft
    timeline = successor_api.reviews.timeline(returned.id)
    submissions = [e for e in timeline.entries if e.action is ReviewAction.SUBMITTED]
    assert [e.actor_name for e in submissions] == ["ho2.leaver", "ho2.successor"]
    moved = {r.target_id: r for r in records(live_server, "document.transferred")}
    assert moved[str(draft.id)].before is not None
    assert moved[str(draft.id)].before["maker_id"] == leaver.id
    assert moved[str(draft.id)].after is not None
    assert moved[str(draft.id)].after["maker_id"] == successor.id
    (created,) = [
        r for r in records(live_server, "document.created") if r.target_id == str(draft.id)
    ]
    assert created.actor_name == "ho2.leaver"


def test_a_disabled_or_locked_account_cannot_be_the_successor(
    live_server: LiveServer, codes: Codes
) -> None:
    leaver = clerk(live_server, "ho3.leaver", unit="001")
    gone = clerk(live_server, "ho3.gone", unit="001")
    admin = log_in(live_server, add_user(live_server, "ho3.admin", [Role.ADMIN]))
    admin.admin.disable(gone.id)
    error = refused(admin.admin.pending_work, leaver.id, gone.id)
    assert (error.code, error.params["field"]) == ("handover.successor_unavailable", "successor_id")
    assert "接手人" in error.message
    assert refused(admin.admin.transfer_work, leaver.id, 999999).code == (
        "handover.successor_unknown"
    )
    clerk_api = log_in(live_server, leaver)
    assert refused(clerk_api.admin.pending_work, leaver.id).status == 403
