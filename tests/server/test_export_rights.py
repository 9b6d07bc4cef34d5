"""导出权限 on the server: by default a clerk exports only what they made, a
reviewer what they decided, analysts and auditors their whole scope, an
administrator (DOMAIN.md is silent) as an auditor; an administrator changes a role's right or a
person's, and every export route then answers by it (403 where it allows none)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from client.api import ApiClient
from common.enums import ReviewLevel, Role
from common.export_rights import ExportScope
from common.schemas.audit_log import AuditLogFilters
from common.schemas.search import DocumentQuery
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import clerk, income, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer

UNIT = "001085"


def exported(api: ApiClient, unit_id: int, target: Path) -> list[str]:
    """The summaries of the rows exported of the unit (this test's own)."""
    api.search.export(DocumentQuery(unit_id=unit_id), target, poll_seconds=0.05)
    sheet = load_workbook(target).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and "摘要" in [str(c) for c in row])
    column = [str(c) for c in rows[header]].index("摘要")
    return sorted(str(row[column]) for row in rows[header + 1 :] if row and row[column])


def test_export_rights_by_role_and_person_on_every_export_route(
    live_server: LiveServer, tmp_path: Path
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "导出测试所")
    unit_id = codes.units[UNIT]
    mine_account = clerk(live_server, "exp.mine", unit=UNIT)
    mine = log_in(live_server, mine_account)
    theirs = log_in(live_server, clerk(live_server, "exp.theirs", unit=UNIT))
    day = today(live_server)
    for api, summary, amount in ((mine, "我的收入", "10.00"), (theirs, "他人收入", "20.00")):
        api.documents.create_and_submit(
            income(codes, day, amount=amount, summary=summary, payer=summary, unit_id=unit_id)
        )
    boss = log_in(live_server, reviewer(live_server, "exp.boss", (ReviewLevel.SUPERVISOR, UNIT)))
    analyst = log_in(live_server, add_user(live_server, "exp.analyst", [Role.ANALYST],
                                           unit_codes=(UNIT,)))  # fmt: skip
    auditor_account = add_user(live_server, "exp.auditor", [Role.AUDITOR], unit_codes=(UNIT,))
    auditor = log_in(live_server, auditor_account)
    admin = log_in(live_server, add_user(live_server, "exp.admin", [Role.ADMIN]))

    # the defaults
    assert mine.auth.me().export_scopes == [ExportScope.OWN]
    assert exported(mine, unit_id, tmp_path / "mine.xlsx") == ["我的收入"]
    assert exported(analyst, unit_id, tmp_path / "analyst.xlsx") == ["他人收入", "我的收入"]
    assert boss.auth.me().export_scopes == [ExportScope.DECIDED]
    assert exported(boss, unit_id, tmp_path / "boss.xlsx") == []  # decided nothing yet
    settings = admin.admin.export_rights()
    assert {r.role: r.scope for r in settings.roles}[Role.ADMIN] is ExportScope.UNITS

    # a person's right taken away: every export route refuses them
    admin.admin.set_person_export_right(mine_account.id, ExportScope.NONE)
    assert mine.auth.me().export_scopes == []
    no_documents = refused(mine.search.start_export, DocumentQuery())
    assert (no_documents.status, no_documents.code) == (403, "export.not_allowed")
    no_report = refused(mine.reports.log_export, "summary", "2026", 3)
    assert (no_report.status, no_report.code) == (403, "export.not_allowed")
    admin.admin.set_person_export_right(auditor_account.id, ExportScope.NONE)
    no_log = refused(auditor.audit_log.export, AuditLogFilters(), tmp_path / "log.xlsx")
    assert (no_log.status, no_log.code) == (403, "export.not_allowed")
    assert not (tmp_path / "log.xlsx").exists()

    # a role widened: every clerk exports the unit's documents; back to the default
    admin.admin.set_person_export_right(mine_account.id, None)
    admin.admin.set_role_export_right(Role.CLERK, ExportScope.UNITS)
    assert exported(theirs, unit_id, tmp_path / "theirs.xlsx") == ["他人收入", "我的收入"]
    settings = admin.admin.set_role_export_right(Role.CLERK, None)
    clerk_right = next(r for r in settings.roles if r.role is Role.CLERK)
    assert (clerk_right.scope, clerk_right.changed) == (ExportScope.OWN, False)
    assert exported(theirs, unit_id, tmp_path / "theirs-again.xlsx") == ["他人收入"]
    assert [p.username for p in settings.people] == ["exp.auditor"]
    assert refused(mine.admin.export_rights).status == 403
