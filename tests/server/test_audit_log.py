"""The operation log viewer (/admin/audit-log) through client/api against a real
server: each filter finds what it says and nothing else, pages follow each other
newest first without gaps or overlaps, the export holds the rows the filters find
and is itself logged, auditors and administrators may read, a clerk may not, and
a bad filter is refused naming the field in both languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from client.api import ApiClient
from client.api.audit_log import AuditLogApi
from common.enums import Language, Role
from common.schemas.audit_log import AuditLogFilters, AuditLogQuery
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from server.services.core import audit
from server.services.operations import audit_log
from tests.support.accounts import add_user, log_in, refused
from tests.support.live_server import LiveServer

OFFICE = dt.timezone(dt.timedelta(hours=8))
ORIGIN = audit.Origin(host="AUDIT-PC", address="10.1.2.3")


def write(
    server: LiveServer,
    actor: str,
    action: str,
    *,
    at: dt.datetime | None = None,
    target: tuple[str, str] = ("", ""),
    after: dict[str, object] | None = None,
) -> int:
    """One record appended as the server appends them (the chain stays whole)."""
    with UnitOfWork(server.engine).transaction() as session:
        row = audit.record(
            session,
            audit.Actor(None, actor),
            action,
            origin=ORIGIN,
            at=at or server.clock.now(),
            target_type=target[0],
            target_id=target[1],
            after=after,
        )
        return row.id


def log_size(server: LiveServer) -> int:
    with UnitOfWork(server.engine).transaction() as session:
        return int(session.scalar(select(func.count()).select_from(AuditRecord)) or 0)


@pytest.fixture(scope="module")
def auditor(live_server: LiveServer) -> AuditLogApi:
    api = log_in(live_server, add_user(live_server, "alog.auditor", [Role.AUDITOR]))
    return AuditLogApi(api.transport)


def ids(api: AuditLogApi, **filters: object) -> list[int]:
    return [row.id for row in api.page(AuditLogQuery.model_validate(filters)).rows]


def test_each_filter_finds_what_it_says(live_server: LiveServer, auditor: AuditLogApi) -> None:
    alice = write(live_server, "alog.alice", "user.created", target=("user", "901"))
    alina = write(
        live_server,
        "alog.alina",
        "user.access_changed",
        target=("user", "902"),
        after={"display_name": "新同事", "note": "rate 50%"},
    )
    other = write(live_server, "alog.bob", "users.imported", after={"note": "rate 500"})
    failed = write(live_server, "alog.bob", "login.failed", target=("user", "901"))

    assert ids(auditor, actor="ALOG.ALI") == [alina, alice]  # part of the name, any case
    assert ids(auditor, actor="alog.alice", actor_exact=True) == [alice]
    assert ids(auditor, actor="alog.ali", actor_exact=True) == []
    # an action finds itself and the actions below it, not a longer word
    assert ids(auditor, actor="alog.", action="user") == [alina, alice]
    assert ids(auditor, actor="alog.", action="user.") == [alina, alice]
    assert ids(auditor, actor="alog.", action="user*") == [other, alina, alice]
    assert ids(auditor, actor="alog.", action="login.failed") == [failed]
    assert ids(auditor, actor="alog.", action="LOGIN.FAILED") == [failed]
    assert ids(auditor, target_type="user", target_id="901") == [failed, alice]
    assert ids(auditor, text="新同事") == [alina]
    assert ids(auditor, text="50%") == [alina]  # % is a character here, not a wildcard

    newest = auditor.page(AuditLogQuery(actor="alog.alina")).rows[0]
    assert (newest.actor_name, newest.action, newest.client_host, newest.client_address) == (
        "alog.alina",
        "user.access_changed",
        "AUDIT-PC",
        "10.1.2.3",
    )
    assert newest.after == {"display_name": "新同事", "note": "rate 50%"}


def test_dates_are_office_days(live_server: LiveServer, auditor: AuditLogApi) -> None:
    late = write(
        live_server, "alog.dates", "date.probe", at=dt.datetime(2020, 3, 1, 23, 30, tzinfo=OFFICE)
    )
    early = write(
        live_server, "alog.dates", "date.probe", at=dt.datetime(2020, 3, 2, 0, 30, tzinfo=OFFICE)
    )
    later = write(
        live_server, "alog.dates", "date.probe", at=dt.datetime(2020, 3, 3, 23, 59, tzinfo=OFFICE)
    )
    march_2 = dt.date(2020, 3, 2)
    # 00:30 on 2 March in China is still 1 March in UTC: the office day counts
    assert ids(auditor, action="date.probe", date_from=march_2, date_to=march_2) == [early]
    assert ids(auditor, action="date.probe", date_to=dt.date(2020, 3, 1)) == [late]
    assert ids(auditor, action="date.probe", date_from=march_2) == [later, early]
    assert ids(auditor, action="date.probe", date_from=march_2, date_to=dt.date(2020, 3, 3)) == [
        later,
        early,
    ]


def test_pages_follow_each_other_newest_first(
    live_server: LiveServer, auditor: AuditLogApi
) -> None:
    written = [write(live_server, "alog.pager", "paging.step", after={"n": n}) for n in range(25)]
    before = log_size(live_server)
    seen: list[int] = []
    sizes = []
    query = AuditLogQuery(action="paging", limit=10)
    while True:
        page = auditor.page(query)
        sizes.append(len(page.rows))
        seen += [row.id for row in page.rows]
        if page.next_before_id is None:
            break
        assert page.next_before_id == page.rows[-1].id
        query = query.model_copy(update={"before_id": page.next_before_id})
    assert sizes == [10, 10, 5]
    assert seen == sorted(written, reverse=True)
    assert log_size(live_server) == before  # reading the log is not itself logged
    assert ids(auditor, action="paging", before_id=written[3]) == written[2::-1]


def test_export_holds_the_rows_and_is_logged(
    live_server: LiveServer, auditor: AuditLogApi, tmp_path: Path
) -> None:
    at = dt.datetime(2021, 6, 1, 9, 15, 30, tzinfo=OFFICE)
    first = write(
        live_server,
        "alog.export",
        "export.probe",
        at=at,
        target=("doc", "=1+1"),
        after={"amount": "12.50"},
    )
    second = write(
        live_server,
        "alog.export",
        "export.probe",
        at=at,
        target=("user", "7"),
        after={"说明": "第二条"},
    )
    target = tmp_path / "log.xlsx"
    assert auditor.export(AuditLogFilters(actor="alog.export"), target) > 0

    sheet = load_workbook(target, read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "操作日志"
    assert "操作日志导出" in str(rows[0][0]) and "操作人=alog.export" in str(rows[0][0])
    assert "alog.auditor" in str(rows[0][0])
    assert rows[1] == [
        "编号",
        "时间(北京时间)",
        "操作人",
        "操作",
        "对象类型",
        "对象编号",
        "客户端主机",
        "IP 地址",
        "变更前",
        "变更后",
    ]
    assert [row[0] for row in rows[2:]] == [second, first]  # newest first
    assert rows[2][1:] == [
        at.replace(tzinfo=None),  # office time: Excel has no time zones
        "alog.export",
        "export.probe",
        "user",
        "7",
        "AUDIT-PC",
        "10.1.2.3",
        None,
        '{"说明": "第二条"}',
    ]
    assert rows[3][5] == "=1+1" and rows[3][9] == '{"amount": "12.50"}'
    typed = load_workbook(target).worksheets[0]
    assert typed.cell(row=4, column=6).data_type == "s"  # text, never a formula

    logged = auditor.page(AuditLogQuery(action="audit.exported", actor="alog.auditor")).rows[0]
    assert logged.target_type == "audit_log"
    assert logged.after == {"rows": 2, "truncated": False, "filters": {"actor": "alog.export"}}


def test_export_keeps_the_newest_rows_up_to_the_cap(
    live_server: LiveServer, auditor: AuditLogApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap is 100,000 rows; lowered here so that three rows pass it."""
    monkeypatch.setattr(audit_log, "EXPORT_LIMIT", 2)
    written = [write(live_server, "alog.capped", "cap.probe") for _ in range(3)]
    target = tmp_path / "capped.xlsx"
    auditor.export(AuditLogFilters(action="cap.probe"), target)
    rows = list(load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert "仅含最新的 2 条" in str(rows[0][0])
    assert [row[0] for row in rows[2:]] == written[:0:-1]
    logged = auditor.page(AuditLogQuery(action="audit.exported", limit=1)).rows[0]
    assert logged.after == {"rows": 2, "truncated": True, "filters": {"action": "cap.probe"}}


def test_auditors_and_administrators_read_a_clerk_does_not(
    live_server: LiveServer, tmp_path: Path
) -> None:
    admin = AuditLogApi(
        log_in(live_server, add_user(live_server, "alog.admin", [Role.ADMIN])).transport
    )
    mine = write(live_server, "alog.reader", "access.probe")
    assert ids(admin, action="access.probe") == [mine]
    clerk = AuditLogApi(
        log_in(live_server, add_user(live_server, "alog.clerk", [Role.CLERK])).transport
    )
    assert refused(clerk.page, AuditLogQuery()).status == 403
    before = log_size(live_server)
    error = refused(clerk.export, AuditLogFilters(), tmp_path / "no.xlsx")
    assert (error.status, error.code) == (403, "auth.forbidden")
    assert not (tmp_path / "no.xlsx").exists()
    assert log_size(live_server) == before


def _english(server: LiveServer) -> AuditLogApi:
    client: ApiClient = log_in(server, add_user(server, "alog.english", [Role.AUDITOR]))
    client.transport.language = Language.EN
    return AuditLogApi(client.transport)


def test_bad_filters_are_refused_naming_the_field(
    live_server: LiveServer, auditor: AuditLogApi, tmp_path: Path
) -> None:
    reversed_dates = AuditLogQuery(date_from=dt.date(2024, 5, 2), date_to=dt.date(2024, 5, 1))
    error = refused(auditor.page, reversed_dates)
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "audit_log.dates_reversed",
        "date_to",
    )
    assert error.message == "结束日期(date_to)2024-05-01早于开始日期(date_from)2024-05-02"
    english = _english(live_server)
    error = refused(english.page, reversed_dates)
    assert error.message == (
        "The end date (date_to) 2024-05-01 is before the start date (date_from) 2024-05-02"
    )

    error = refused(auditor.page, AuditLogQuery(action="user; drop"))
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "audit_log.action_invalid",
        "action",
    )
    assert "操作(action)“user; drop”不符合规则" in error.message
    assert (
        "Action (action) 'user; drop' breaks the rule"
        in refused(english.page, AuditLogQuery(action="user; drop")).message
    )

    before = log_size(live_server)
    error = refused(auditor.export, AuditLogFilters(action="*"), tmp_path / "bad.xlsx")
    assert (error.status, error.params["field"]) == (422, "action")
    assert not (tmp_path / "bad.xlsx").exists() and log_size(live_server) == before

    # a page of more than 500 rows is refused by the schema, naming the field
    error = refused(auditor._t.request, "GET", "/admin/audit-log", params={"limit": 501})
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "request.field_invalid",
        "query.limit",
    )
