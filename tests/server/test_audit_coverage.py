"""DOMAIN.md "Audit and monitoring": every action it names is in the operation
log with who did it, to what, from which client host and address, and the values
before and after where the action changes something. Each action is done through
the API of a live server, as a user does it, and its row is read back the way an
auditor reads it (/admin/audit-log).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from client.api import ApiClient
from client.api.transport import CLIENT_HOST
from common.enums import DocumentKind, DocumentStatus, ReviewLevel, Role
from common.schemas.approval_admin import ReviewerPostIn
from common.schemas.audit_log import AuditLogEntryOut, AuditLogFilters, AuditLogQuery
from common.schemas.backups import RunState
from common.schemas.imports import ImportRowIn
from common.schemas.restores import RestorePlanIn, RestoreSource
from common.schemas.search import DocumentQuery
from tests.support.accounts import Account, add_user, api_for, log_in, refused
from tests.support.documents import Codes, clerk, income, set_parameter, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

_names = count(1)
SUPERVISOR = ReviewLevel.SUPERVISOR
ANY = "*"  # a target id the test cannot know beforehand


def name(prefix: str) -> str:
    return f"cov.{prefix}{next(_names)}"


@dataclass
class Logged:
    """A row the action must have written: who, what, to what, and what changed."""

    actor: str
    action: str
    target: tuple[str, str]
    before: dict[str, Any] | None = None  # values the row's "before" must hold
    after: dict[str, Any] | None = None  # values the row's "after" must hold


@dataclass
class Scene:
    server: LiveServer
    codes: Codes
    tmp_path: Path
    users: dict[str, Account] = field(default_factory=dict)

    def person(self, role: str, *roles: Role, post: bool = False) -> ApiClient:
        """A new user logged in (a clerk of 001001 unless roles are given)."""
        if post:
            account = reviewer(self.server, name(role), (SUPERVISOR, "001001"))
        elif roles:
            account = add_user(self.server, name(role), list(roles))
        else:
            account = clerk(self.server, name(role), unit="001001")
        self.users[role] = account
        return log_in(self.server, account)

    def who(self, role: str) -> str:
        return self.users[role].username

    def draft(self, amount: str = "100.00", day: dt.date | None = None) -> Any:
        payer = name("payer")
        return income(self.codes, day or today(self.server), amount=amount, payer=payer)


def doc(document_id: int) -> tuple[str, str]:
    return ("document", str(document_id))


def user(account: Account) -> tuple[str, str]:
    return ("user", str(account.id))


# -- the actions, each done as a user does it -----------------------------------


def login_success(s: Scene) -> list[Logged]:
    s.person("clerk")
    return [Logged(s.who("clerk"), "login.succeeded", ("session", ANY))]


def login_failure(s: Scene) -> list[Logged]:
    account = clerk(s.server, name("forgetful"), unit="001001")
    refused(api_for(s.server).auth.login, account.username, "Not-My-Password-1!")
    after = {"step": "password", "consecutive_failures": 1}
    return [Logged(account.username, "login.failed", user(account), after=after)]


def logout(s: Scene) -> list[Logged]:
    s.person("clerk").auth.logout()
    return [Logged(s.who("clerk"), "logout", ("session", ANY))]


def lock(s: Scene) -> list[Logged]:
    account = clerk(s.server, name("locked"), unit="001001")
    guesser = api_for(s.server)
    for _ in range(5):
        refused(guesser.auth.login, account.username, "Not-My-Password-1!")
    return [Logged(account.username, "account.locked", user(account))]


def screen_lock(s: Scene) -> list[Logged]:
    """The client's idle lock (锁屏), and the password that lifts it."""
    api = s.person("clerk")
    api.auth.lock_screen()
    api.auth.unlock_screen(s.users["clerk"].password)
    return [
        Logged(s.who("clerk"), "screen.locked", ("session", ANY)),
        Logged(s.who("clerk"), "screen.unlocked", user(s.users["clerk"])),
    ]


def create(s: Scene) -> list[Logged]:
    made = s.person("clerk").documents.create(s.draft("101.00"))
    after = {"status": "draft", "amount": "101.00"}
    return [Logged(s.who("clerk"), "document.created", doc(made.id), after=after)]


def edit(s: Scene) -> list[Logged]:
    api = s.person("clerk")
    made = api.documents.create(s.draft("102.00"))
    api.documents.update(made.id, s.draft("202.00"), version=made.version)
    before, after = {"amount": "102.00"}, {"amount": "202.00"}
    return [Logged(s.who("clerk"), "document.updated", doc(made.id), before, after)]


def submit(s: Scene) -> list[Logged]:
    sent = s.person("clerk").documents.create_and_submit(s.draft("103.00"))
    after = {"status": "submitted"}
    return [Logged(s.who("clerk"), "document.submitted", doc(sent.id), after=after)]


def recall(s: Scene) -> list[Logged]:
    api = s.person("clerk")
    sent = api.documents.create_and_submit(s.draft("104.00"))
    api.documents.recall(sent.id, version=sent.version)
    before, after = {"status": "submitted"}, {"status": "draft"}
    return [Logged(s.who("clerk"), "document.recalled", doc(sent.id), before, after)]


def _in_review(s: Scene, amount: str) -> tuple[Any, ApiClient]:
    sent = s.person("clerk").documents.create_and_submit(s.draft(amount))
    return sent, s.person("reviewer", post=True)


def approve(s: Scene) -> list[Logged]:
    sent, checker = _in_review(s, "105.00")
    checker.reviews.approve(sent.id, version=sent.version, opinion="同意")
    before, after = {"status": "submitted"}, {"status": "posted"}  # posted at approval
    return [Logged(s.who("reviewer"), "document.approved", doc(sent.id), before, after)]


def reject(s: Scene) -> list[Logged]:
    sent, checker = _in_review(s, "106.00")
    checker.reviews.reject(sent.id, version=sent.version, reason="票据不合规")
    before, after = {"status": "submitted"}, {"status": "rejected"}
    return [Logged(s.who("reviewer"), "document.rejected", doc(sent.id), before, after)]


def return_(s: Scene) -> list[Logged]:
    sent, checker = _in_review(s, "107.00")
    checker.reviews.return_for_correction(sent.id, version=sent.version, reason="缺少附件")
    before, after = {"status": "submitted"}, {"status": "returned"}
    return [Logged(s.who("reviewer"), "document.returned", doc(sent.id), before, after)]


def delegate(s: Scene) -> list[Logged]:
    sent, checker = _in_review(s, "108.00")
    stand_in = reviewer(s.server, name("standin"), (SUPERVISOR, "001001"))
    checker.reviews.delegate(sent.id, version=sent.version, to_user_id=stand_in.id)
    return [Logged(s.who("reviewer"), "document.delegated", doc(sent.id))]


def delete(s: Scene) -> list[Logged]:
    api = s.person("clerk")
    made = api.documents.create(s.draft("109.00"))
    api.documents.delete(made.id, version=made.version, reason="重复录入")
    before, after = {"deleted": False}, {"deleted": True, "delete_reason": "重复录入"}
    return [Logged(s.who("clerk"), "document.deleted", doc(made.id), before, after)]


def attachment_added_opened_and_removed(s: Scene) -> list[Logged]:
    """原始凭证: a scan added, opened (downloaded) and removed with a reason."""
    api = s.person("clerk")
    made = api.documents.create(s.draft("113.00"))
    scan = io.BytesIO()
    Image.new("RGB", (20, 20), (next(_names) % 256, 0, 0)).save(scan, "PNG")
    added = api.attachments.add_bytes(made.id, "发票.png", scan.getvalue())
    api.attachments.download(added.id, s.tmp_path / "opened.png")
    api.attachments.delete(added.id, reason="传错了文件")
    facts = {"attachment_id": added.id, "file_name": "发票.png", "sha256": added.sha256}
    return [
        Logged(
            s.who("clerk"),
            "attachment.added",
            doc(made.id),
            {"attachment_count": 0},
            {**facts, "pages": 1, "attachment_count": 1},
        ),
        Logged(s.who("clerk"), "attachment.downloaded", doc(made.id), after=facts),
        Logged(
            s.who("clerk"),
            "attachment.deleted",
            doc(made.id),
            {**facts, "attachment_count": 1},
            {"attachment_id": added.id, "reason": "传错了文件", "attachment_count": 0},
        ),
    ]


def export(s: Scene) -> list[Logged]:
    api = s.person("clerk")
    api.documents.create_and_submit(s.draft("110.00"))
    rows = api.search.export(DocumentQuery(), s.tmp_path / "mine.xlsx")
    return [Logged(s.who("clerk"), "export.documents", ("export", ANY), after={"rows": rows})]


def import_(s: Scene) -> list[Logged]:
    api = s.person("clerk")
    values = {
        "doc_date": today(s.server).isoformat(),
        "unit_code": "001001001",
        "income_item_code": "1030412",
        "amount": "111.00",
        "payer": name("imported"),
        "summary": "导入的收入",
        "attachment_count": "1",
    }
    result = api.documents.import_rows(DocumentKind.INCOME, [ImportRowIn(row=2, values=values)])
    assert result.created == 1
    after = {"rows": 1, "documents": result.document_ids}
    return [Logged(s.who("clerk"), "documents.imported", ("import", ANY), after=after)]


def last_month(server: LiveServer) -> dt.date:
    return today(server).replace(day=1) - dt.timedelta(days=1)


def period_close_post_and_reopen(s: Scene) -> list[Logged]:
    day = last_month(s.server)
    target = ("period", f"{day.year}-{day.month:02d}")
    maker = s.person("clerk")
    sent = maker.documents.create_and_submit(s.draft("112.00", day))
    # approved while posting was a step of its own; the office then went back to
    # posting at approval, so the close posts what was left approved
    set_parameter(s.server, "separate_posting", True)
    s.person("reviewer", post=True).reviews.approve(sent.id, version=sent.version)
    set_parameter(s.server, "separate_posting", False)
    admin = s.person("admin", Role.ADMIN)
    admin.admin.close_period(day.year, day.month)  # posts what it holds
    assert maker.documents.get(sent.id).status is DocumentStatus.POSTED
    reason = "补录漏记的收入"
    asked = admin.admin.reopen_period(day.year, day.month, reason)
    assert asked.reopen_request is not None
    s.person("admin2", Role.ADMIN).admin.approve_request(asked.reopen_request.id, "同意")
    assert not admin.admin.period(day.year, day.month).is_closed
    posted = {"posted": 2, "posted_first_id": sent.id}  # the record and the voucher it made
    return [
        Logged(s.who("admin"), "period.closed", target, after=posted),
        Logged(s.who("admin2"), "period.reopened", target, {"closed_at": ANY}, {"reason": reason}),
    ]


def user_created(s: Scene) -> list[Logged]:
    made = s.person("admin", Role.ADMIN).admin.create_user(name("new"), "新同事", [Role.CLERK], [])
    after = {"roles": ["clerk"]}
    return [Logged(s.who("admin"), "user.created", ("user", str(made.user.id)), after=after)]


def access_changed(s: Scene) -> list[Logged]:
    target = clerk(s.server, name("promoted"), unit="001001")
    admin = s.person("admin", Role.ADMIN)
    current = {u.id: u for u in admin.admin.users()}[target.id]
    admin.admin.set_access(
        target.id,
        roles=[Role.CLERK, Role.ANALYST],
        unit_ids=current.unit_ids,
        version=current.version,
    )
    before, after = {"roles": ["clerk"]}, {"roles": ["analyst", "clerk"]}
    return [Logged(s.who("admin"), "user.access_changed", user(target), before, after)]


def disabled_and_enabled(s: Scene) -> list[Logged]:
    target = clerk(s.server, name("leaver"), unit="001001")
    admin = s.person("admin", Role.ADMIN)
    admin.admin.disable(target.id)
    admin.admin.enable(target.id)
    return [
        Logged(s.who("admin"), "user.disabled", user(target), {"is_active": True}),
        Logged(s.who("admin"), "user.enabled", user(target), {"is_active": False}),
    ]


def unlocked(s: Scene) -> list[Logged]:
    target = clerk(s.server, name("unlocked"), unit="001001")
    for _ in range(5):
        refused(api_for(s.server).auth.login, target.username, "Not-My-Password-1!")
    s.person("admin", Role.ADMIN).admin.unlock(target.id)
    return [Logged(s.who("admin"), "user.unlocked", user(target))]


def password_reset(s: Scene) -> list[Logged]:
    target = clerk(s.server, name("reset"), unit="001001")
    s.person("admin", Role.ADMIN).admin.reset_password(target.id)
    return [Logged(s.who("admin"), "user.password_reset", user(target))]


def reviewer_posts(s: Scene) -> list[Logged]:
    target = reviewer(s.server, name("posted"))
    admin = s.person("admin", Role.ADMIN)
    unit = s.codes.units["001001"]
    admin.admin.set_reviewer_posts(target.id, [ReviewerPostIn(unit_id=unit, level=SUPERVISOR)])
    return [Logged(s.who("admin"), "approval_post.changed", user(target))]


def parameter(s: Scene) -> list[Logged]:
    admin = s.person("admin", Role.ADMIN)
    stored = {p.key: p.value for p in admin.admin_system.parameters().parameters}
    weekly = stored["backup_keep_weekly"]
    admin.admin_system.save_parameters({"backup_keep_weekly": int(weekly) + 1})
    before, after = {"backup_keep_weekly": weekly}, {"backup_keep_weekly": int(weekly) + 1}
    target = ("parameter", "backup_keep_weekly")
    return [Logged(s.who("admin"), "parameter.changed", target, before, after)]


def backup(s: Scene) -> list[Logged]:
    admin = s.person("admin", Role.ADMIN)
    admin.admin.back_up_now()
    s.server.app.state.backup_runner.wait(180)
    made = admin.admin.backups().run.backup
    assert made
    return [
        Logged(s.who("admin"), "backup.created", ("backup", made)),
        Logged(s.who("admin"), "backup.verified", ("backup", made)),
    ]


def restore(s: Scene) -> list[Logged]:
    """The plan is filed by one administrator, approved by a second, then run."""
    dump = backup(s)[0].target[1]
    first = s.users["admin"]
    planner = log_in(s.server, first)  # a fresh code for the plan
    plan = planner.restores.file_plan(
        RestorePlanIn(source=RestoreSource.BACKUP, backup=dump, reason="误删数据,恢复到备份")
    )
    s.person("approver", Role.ADMIN).admin.approve_request(plan.id, "核实,同意恢复")
    s.server.app.state.backup_runner.wait(300)
    done = s.server.app.state.backup_runner.current()
    assert done.state is RunState.DONE and done.plan_id == plan.id, done
    target = ("admin_request", str(plan.id))
    after = {"requested_by": first.username, "backup": dump}
    return [Logged(s.who("approver"), "restore.completed", target, after=after)]


ACTIONS: dict[str, Callable[[Scene], list[Logged]]] = {
    "login success": login_success,
    "login failure": login_failure,
    "logout": logout,
    "lock": lock,
    "screen lock": screen_lock,
    "create": create,
    "edit": edit,
    "submit": submit,
    "recall": recall,
    "approve": approve,
    "reject": reject,
    "return": return_,
    "delegate": delegate,
    "delete": delete,
    "attachment added, opened and removed": attachment_added_opened_and_removed,
    "export": export,
    "import": import_,
    "post, period close and reopen": period_close_post_and_reopen,
    "account created": user_created,
    "roles and scope changed": access_changed,
    "account disabled and enabled": disabled_and_enabled,
    "account unlocked": unlocked,
    "password reset": password_reset,
    "approval authority changed": reviewer_posts,
    "parameter changed": parameter,
    "backup": backup,
    "restore": restore,
}


@pytest.fixture(scope="module")
def auditor(live_server: LiveServer) -> ApiClient:
    """The auditor who reads the log back, logged in once for the module."""
    return log_in(live_server, add_user(live_server, name("auditor"), [Role.AUDITOR]))


def log_since(auditor: ApiClient, since: int) -> list[AuditLogEntryOut]:
    rows = auditor.audit_log.page(AuditLogQuery(limit=500)).rows
    return [row for row in rows if row.id > since]


def newest_id(auditor: ApiClient) -> int:
    rows = auditor.audit_log.page(AuditLogQuery(limit=1)).rows
    return rows[0].id if rows else 0


def holds(values: dict[str, Any] | None, wanted: dict[str, Any] | None) -> bool:
    if wanted is None:
        return True
    return values is not None and all(
        key in values and value in (values[key], ANY) for key, value in wanted.items()
    )


@pytest.mark.parametrize("act", list(ACTIONS))
def test_every_action_is_logged_with_actor_target_client_host_and_address(
    act: str, live_server: LiveServer, codes: Codes, tmp_path: Path, auditor: ApiClient
) -> None:
    since = newest_id(auditor)
    expected = ACTIONS[act](Scene(live_server, codes, tmp_path))
    rows = log_since(auditor, since)
    for want in expected:
        found = [
            row
            for row in rows
            if row.action == want.action
            and row.actor_name == want.actor
            and row.target_type == want.target[0]
            and want.target[1] in (row.target_id, ANY)
        ]
        assert found, (want, [(r.action, r.target_type, r.target_id) for r in rows])
        [row] = found
        assert (row.client_host, row.client_address) == (CLIENT_HOST, "127.0.0.1"), row
        assert holds(row.before, want.before), row.before
        assert holds(row.after, want.after), row.after
        if want.before is not None:  # it changed something: both sides are kept
            assert row.after is not None and row.after != row.before


def test_the_operation_log_export_is_itself_logged(
    live_server: LiveServer, tmp_path: Path, auditor: ApiClient
) -> None:
    since = newest_id(auditor)
    auditor.audit_log.export(AuditLogFilters(action="login"), tmp_path / "log.xlsx")
    [row] = [r for r in log_since(auditor, since) if r.action == "audit.exported"]
    assert (row.client_host, row.client_address) == (CLIENT_HOST, "127.0.0.1")
    assert row.actor_name == auditor.auth.me().username
