"""The administrator edits approval rules (with a preview), reviewers' posts and
the holiday calendar; submissions follow the new settings from then on, and
every change is refused to anyone else and kept in the operation log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from client.api import ApiClient
from common.enums import DocumentKind, ReviewLevel, Role
from common.schemas.approval_admin import (
    ApprovalRuleIn,
    CalendarDayIn,
    CalendarDayOut,
    ReviewerPostIn,
    StepSpec,
)
from server.db.uow import UnitOfWork
from server.services.core.working_days import OFFICE_TZ
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, expenditure, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

MANAGER, LEADER = ReviewLevel.MANAGER, ReviewLevel.LEADER


@pytest.fixture(scope="module")
def admin(live_server: LiveServer) -> ApiClient:
    return log_in(live_server, add_user(live_server, "settings.admin", [Role.ADMIN]))


def rule(priority: int, unit_id: int, **changes: object) -> ApprovalRuleIn:
    fields: dict[str, object] = {
        "priority": priority,
        "name": "卫健委大额支出",
        "document_kind": DocumentKind.EXPENDITURE,
        "min_amount": Decimal("50000.00"),
        "unit_id": unit_id,
        "steps": [StepSpec(level=MANAGER, working_days=1), StepSpec(level=LEADER, hours=48)],
    }
    fields.update(changes)
    return ApprovalRuleIn.model_validate(fields)


def test_a_new_rule_is_previewed_and_then_routes_new_items(
    live_server: LiveServer, codes: Codes, admin: ApiClient
) -> None:
    health = codes.units["001002"]
    before = admin.admin.preview_route(DocumentKind.EXPENDITURE, Decimal("60000.00"), health)
    assert [s.level for s in before.steps] == [ReviewLevel.SUPERVISOR]
    made = admin.admin.save_approval_rule(rule(5, health))
    after = admin.admin.preview_route(DocumentKind.EXPENDITURE, Decimal("60000.00"), health)
    assert (after.rule_id, [s.level for s in after.steps]) == (made.id, [MANAGER, LEADER])
    # other units and kinds keep the defaults
    other = admin.admin.preview_route(DocumentKind.INCOME, Decimal("60000.00"), health)
    assert [s.level for s in other.steps] == [ReviewLevel.SUPERVISOR]

    maker = log_in(live_server, clerk(live_server, "settings.maker", unit="001002"))
    draft = expenditure(codes, today(live_server), amount="60000.00", unit_id=health)
    doc = maker.documents.create_and_submit(draft)
    steps = maker.reviews.timeline(doc.id).steps
    assert [(s.level, s.status) for s in steps] == [(MANAGER, "active"), (LEADER, "waiting")]

    # switching the rule off sends new items back to the defaults; routed ones keep theirs
    admin.admin.save_approval_rule(rule(5, health, is_active=False), rule_id=made.id)
    again = admin.admin.preview_route(DocumentKind.EXPENDITURE, Decimal("60000.00"), health)
    assert [s.level for s in again.steps] == [ReviewLevel.SUPERVISOR]
    assert [s.level for s in maker.reviews.timeline(doc.id).steps] == [MANAGER, LEADER]
    assert [r.name for r in admin.admin.approval_rules()].count("卫健委大额支出") == 1
    with UnitOfWork(live_server.engine).transaction() as session:
        logged = session.execute(
            text("SELECT actor_name, after->>'name' FROM audit_log WHERE action = :a"),
            {"a": "approval_rule.created"},
        ).all()
    assert ("settings.admin", "卫健委大额支出") in [tuple(row) for row in logged]


def test_bad_rules_are_field_errors_and_others_cannot_edit(
    live_server: LiveServer, codes: Codes, admin: ApiClient
) -> None:
    health = codes.units["001002"]
    backwards = refused(
        admin.admin.save_approval_rule, rule(6, health, max_amount=Decimal("100.00"))
    )
    assert (backwards.status, backwards.params["field"]) == (422, "max_amount")
    taken = refused(admin.admin.save_approval_rule, rule(10, health))  # a default's priority
    assert (taken.status, taken.code, taken.params["field"]) == (
        409,
        "approval_rule.priority_taken",
        "priority",
    )
    with pytest.raises(ValueError, match="working_days or hours"):
        StepSpec(level=MANAGER, working_days=1, hours=2)
    reviewer_api = log_in(live_server, reviewer(live_server, "settings.rev", (MANAGER, "001")))
    assert refused(reviewer_api.admin.save_approval_rule, rule(7, health)).status == 403
    assert refused(reviewer_api.admin.approval_rules).status == 403


def test_posts_are_replaced_and_take_effect_at_once(
    live_server: LiveServer, codes: Codes, admin: ApiClient
) -> None:
    account = reviewer(live_server, "settings.newsuper")
    api = log_in(live_server, account)
    maker = log_in(live_server, clerk(live_server, "settings.maker2", unit="001003"))
    draft = expenditure(codes, today(live_server), amount="700.00", unit_id=codes.units["001003"])
    doc = maker.documents.create_and_submit(draft)
    assert doc.id not in [i.document_id for i in api.reviews.todo()]
    given = admin.admin.set_reviewer_posts(
        account.id,
        [
            ReviewerPostIn(
                unit_id=codes.units["001003"],
                level=ReviewLevel.SUPERVISOR,
                monthly_limit=Decimal("50000.00"),
            )
        ],
    )
    assert [(p.username, p.monthly_limit) for p in given] == [
        ("settings.newsuper", Decimal("50000.00"))
    ]
    assert api.reviews.approve(doc.id, version=doc.version).status == "posted"
    assert admin.admin.set_reviewer_posts(account.id, []) == []
    clerk_account = clerk(live_server, "settings.notrev")
    wrong = refused(
        admin.admin.set_reviewer_posts,
        clerk_account.id,
        [ReviewerPostIn(unit_id=codes.units["001"], level=MANAGER)],
    )
    assert (wrong.code, wrong.params["field"]) == ("approval_post.not_reviewer", "user_id")


def test_a_holiday_the_admin_adds_moves_the_deadline(
    live_server: LiveServer, codes: Codes, admin: ApiClient
) -> None:
    now = live_server.clock.now().astimezone(OFFICE_TZ)
    # the next three weekdays become holidays: a 2-working-day deadline moves past them
    days, day = [], now.date()
    while len(days) < 3:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    for holiday in days:
        admin.admin.set_calendar_day(holiday, CalendarDayIn(is_working=False, name="测试假日"))
    assert {d.day for d in admin.admin.calendar(days[0].year)} >= {
        d for d in days if d.year == days[0].year
    }
    maker = log_in(live_server, clerk(live_server, "settings.maker3", unit="001001"))
    draft = expenditure(codes, today(live_server), amount="710.00", unit_id=codes.units["001001"])
    doc = maker.documents.create_and_submit(draft)
    [step] = maker.reviews.timeline(doc.id).steps
    assert step.deadline_at is not None
    assert step.deadline_at.astimezone(OFFICE_TZ).date() > days[-1]
    for holiday in days:
        admin.admin.set_calendar_day(holiday, None)
    assert not {d.day for d in admin.admin.calendar(days[0].year)} & set(days)


def test_a_year_imported_at_once_moves_the_previewed_deadline_and_is_logged(
    live_server: LiveServer, admin: ApiClient
) -> None:
    now = live_server.clock.now()
    local = now.astimezone(OFFICE_TZ)
    days, day = [], local.date()
    while len(days) < 3:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    years = sorted({d.year for d in days})
    kept = {year: admin.admin.calendar(year) for year in years}
    before = admin.admin.preview_deadline(now, 2)
    assert before.due.astimezone(OFFICE_TZ).date() <= days[-1]
    try:
        for year in years:
            holidays = [
                CalendarDayOut(day=d, is_working=False, name="导入假日")
                for d in days
                if d.year == year
            ]
            saved = admin.admin.replace_calendar_year(year, holidays)
            assert [entry.day for entry in saved] == [d for d in days if d.year == year]
        after = admin.admin.preview_deadline(now, 2)
        assert after.due.astimezone(OFFICE_TZ).date() > days[-1]  # past the three holidays
        assert after.yellow_from < after.due
        wrong = refused(
            admin.admin.replace_calendar_year,
            years[0],
            [CalendarDayOut(day=dt.date(years[0] + 1, 1, 1), is_working=False, name="元旦")],
        )
        assert (wrong.status, wrong.code, wrong.params["field"]) == (
            422,
            "calendar.wrong_year",
            "days",
        )
        clerk_api = log_in(live_server, clerk(live_server, "settings.importer", unit="001001"))
        assert refused(clerk_api.admin.replace_calendar_year, years[0], []).status == 403
        with UnitOfWork(live_server.engine).transaction() as session:
            logged = session.execute(
                text("SELECT count(*) FROM audit_log WHERE action = 'calendar.year_replaced'")
            ).scalar_one()
        assert logged >= len(years)
    finally:
        for year, entries in kept.items():
            admin.admin.replace_calendar_year(year, entries)
