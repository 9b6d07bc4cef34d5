"""Reference data editors (基础数据) through client/api against a real server: add,
rename, deactivate with their rules; errors that name the field and the rule in
both languages; Excel export, edit and import (dry run, then confirm), a file
with one bad row saving nothing; every change in the operation log; clerks
refused; what the administrator changes is what clerks' GET /reference shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from client.api import ApiClient
from common.enums import ItemKind, Language, ReviewLevel, Role
from common.errors import render_message
from common.reference_admin import COLUMNS, RefKind
from server.db.models import AuditRecord
from server.db.uow import UnitOfWork
from tests.support.accounts import add_user, log_in, refused
from tests.support.documents import Codes, clerk, income, today
from tests.support.live_server import LiveServer
from tests.support.reviews import reviewer


@pytest.fixture(scope="module")
def admin(live_server: LiveServer, codes: Codes) -> ApiClient:
    return log_in(live_server, add_user(live_server, "ref.admin", [Role.ADMIN]))


def row_of(api: ApiClient, kind: RefKind, key: str) -> dict[str, str] | None:
    for row in api.reference_admin.rows(kind).rows:
        if row.key == key:
            return row.values
    return None


def logged(server: LiveServer, action: str, target_type: str) -> list[AuditRecord]:
    with UnitOfWork(server.engine).transaction() as session:
        found = list(
            session.scalars(
                select(AuditRecord)
                .where(AuditRecord.action == action, AuditRecord.target_type == target_type)
                .order_by(AuditRecord.id)
            )
        )
        session.expunge_all()
    return found


def test_units_are_added_renamed_and_deactivated_never_deleted(
    live_server: LiveServer, admin: ApiClient
) -> None:
    top = admin.reference_admin.create(
        RefKind.UNITS, {"code": "088", "name": "测试局", "parent_code": ""}
    )
    child = admin.reference_admin.create(
        RefKind.UNITS, {"code": "088001", "name": "测试所", "parent_code": "088"}
    )
    assert child.values == {
        "code": "088001",
        "name": "测试所",
        "parent_code": "088",
        "status": "active",
    }
    renamed = admin.reference_admin.update(RefKind.UNITS, child.id, {"name": "测试二所"})
    assert renamed.values["name"] == "测试二所" and renamed.values["parent_code"] == "088"

    # a parent with an active child stays active; the error names the field and the rule
    error = refused(admin.reference_admin.update, RefKind.UNITS, top.id, {"status": "inactive"})
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "refdata.active_children",
        "status",
    )
    assert error.message == "“状态”088 下还有在用的下级(088001),须先停用下级"
    english = render_message(error.code, error.params, Language.EN)
    assert english == "'Status' 088 still has active children (088001); deactivate them first"

    admin.reference_admin.update(RefKind.UNITS, child.id, {"status": "停用"})
    admin.reference_admin.update(RefKind.UNITS, top.id, {"status": "inactive"})
    assert row_of(admin, RefKind.UNITS, "088") == {
        "code": "088",
        "name": "测试局",
        "parent_code": "",
        "status": "inactive",
    }
    # nothing active under something inactive; the parent cannot move
    error = refused(admin.reference_admin.update, RefKind.UNITS, child.id, {"status": "active"})
    assert (error.code, error.params["field"]) == ("refdata.parent_inactive", "parent_code")
    error = refused(admin.reference_admin.update, RefKind.UNITS, child.id, {"parent_code": ""})
    assert (error.code, error.params["field"]) == ("refdata.fixed", "parent_code")
    error = refused(
        admin.reference_admin.create,
        RefKind.UNITS,
        {"code": "088002", "name": "新所", "parent_code": "077"},
    )
    assert error.code == "refdata.parent_missing"
    assert error.message == "“上级单位编码”088002 的上级 077 不存在,须先建立上级"
    error = refused(admin.reference_admin.create, RefKind.UNITS, {"code": "088", "name": "重"})
    assert (error.code, error.params["field"]) == ("refdata.duplicate", "code")

    # each change in the operation log, with before and after
    created = [r for r in logged(live_server, "reference.created", "units") if r.target_id]
    assert {r.after["code"] for r in created if r.after} >= {"088", "088001"}
    changes = [r for r in logged(live_server, "reference.changed", "units")]
    assert [(r.before, r.after) for r in changes if r.target_id == str(child.id)][:2] == [
        (
            {"code": "088001", "name": "测试所", "parent_code": "088", "status": "active"},
            {"code": "088001", "name": "测试二所", "parent_code": "088", "status": "active"},
        ),
        (
            {"code": "088001", "name": "测试二所", "parent_code": "088", "status": "active"},
            {"code": "088001", "name": "测试二所", "parent_code": "088", "status": "inactive"},
        ),
    ]
    assert all(r.actor_name == "ref.admin" for r in created + changes)


def account(code: str, name: str = "x", side: str = "借") -> dict[str, str]:
    return {"code": code, "name": name, "normal_side": side}


def posting(kind: str, prefix: str, debit: str, credit: str, method: str = "") -> dict[str, str]:
    return {
        "document_kind": kind,
        "item_prefix": prefix,
        "payment_method": method,
        "debit_account": debit,
        "credit_account": credit,
    }


@pytest.mark.parametrize(
    ("kind", "values", "code", "field"),
    [
        (RefKind.ACCOUNTS, account("10029"), "refdata.code_format", "code"),
        (RefKind.ACCOUNTS, account("990101"), "refdata.parent_missing", "code"),
        (RefKind.ACCOUNTS, account("100288", side="左"), "refdata.bad_choice", "normal_side"),
        (RefKind.ACCOUNTS, account("100288", name=""), "refdata.required", "name"),
        (RefKind.ACCOUNTS, account("100288", name="a\tb"), "refdata.bad_text", "name"),
        (RefKind.ACCOUNTS, account("100288", name="长" * 101), "refdata.too_long", "name"),
        (
            RefKind.ITEMS,
            {"item_kind": "收入分类", "code": "1", "name": "x"},
            "refdata.code_format",
            "code",
        ),
        (
            RefKind.ITEMS,
            {"item_kind": "其他", "code": "101", "name": "x"},
            "refdata.bad_choice",
            "item_kind",
        ),
        (
            RefKind.MAPPINGS,
            posting("支出", "30201", "1002", "400101", "直接支付"),
            "refdata.end_not_leaf",
            "debit_account",
        ),
        (
            RefKind.MAPPINGS,
            posting("支出", "30201", "500102", "999999", "直接支付"),
            "refdata.end_missing",
            "credit_account",
        ),
        (
            RefKind.MAPPINGS,
            posting("收入", "99999", "100201", "4609"),
            "refdata.end_missing",
            "item_prefix",
        ),
        (
            RefKind.MAPPINGS,
            posting("收入", "", "100201", "4609", "直接支付"),
            "refdata.income_any_method",
            "payment_method",
        ),
        (
            RefKind.MAPPINGS,
            posting("收入", "", "100201", "4609"),
            "refdata.duplicate",
            "item_prefix",
        ),
    ],
)
def test_a_broken_rule_names_its_field(
    admin: ApiClient, kind: RefKind, values: dict[str, str], code: str, field: str
) -> None:
    error = refused(admin.reference_admin.create, kind, values)
    assert (error.status, error.code, error.params["field"]) == (422, code, field)
    zh, en, _ = next(c for c in COLUMNS[kind] if c.key == field).titles
    assert f"“{zh}”" in error.message
    assert f"'{en}'" in render_message(error.code, error.params, Language.EN)


def test_accounts_and_posting_rules_keep_each_other_usable(
    live_server: LiveServer, admin: ApiClient, codes: Codes
) -> None:
    account = admin.reference_admin.create(
        RefKind.ACCOUNTS, {"code": "100281", "name": "测试专户", "normal_side": "debit"}
    )
    assert account.values["status"] == "active"
    rule = admin.reference_admin.create(
        RefKind.MAPPINGS,
        {
            "document_kind": "expenditure",
            "item_prefix": "30201",
            "payment_method": "authorised",
            "debit_account": "500102",
            "credit_account": "100281",
        },
    )
    assert rule.key == "expenditure/30201/authorised"
    assert rule.values["credit_account_name"] == "测试专户"
    # an account a rule in use posts to stays active and stays a leaf
    error = refused(admin.reference_admin.update, RefKind.ACCOUNTS, account.id, {"status": "停用"})
    assert (error.code, error.params["field"]) == ("refdata.used_by_rule", "status")
    assert "expenditure/30201/authorised" in error.message
    error = refused(
        admin.reference_admin.create,
        RefKind.ACCOUNTS,
        {"code": "10028101", "name": "下级", "normal_side": "debit"},
    )
    assert error.code == "refdata.used_by_rule"
    # deactivate the rule first, then the account
    admin.reference_admin.update(RefKind.MAPPINGS, rule.id, {"status": "inactive"})
    admin.reference_admin.update(RefKind.ACCOUNTS, account.id, {"status": "inactive"})
    # an inactive rule cannot come back pointing at an inactive account
    error = refused(admin.reference_admin.update, RefKind.MAPPINGS, rule.id, {"status": "active"})
    assert (error.code, error.params["field"]) == ("refdata.end_inactive", "credit_account")
    # the catch-all rules (any item) stay on, or some records could never post
    rules = {r.key: r for r in admin.reference_admin.rows(RefKind.MAPPINGS).rows}
    for key in ("income/*/*", "expenditure/*/direct"):
        error = refused(
            admin.reference_admin.update, RefKind.MAPPINGS, rules[key].id, {"status": "停用"}
        )
        assert (error.code, error.params["field"]) == ("refdata.fallback_rule", "status")
        assert rules[key].is_active
    # a rule's key columns never change (change means a new rule)
    error = refused(
        admin.reference_admin.update, RefKind.MAPPINGS, rule.id, {"item_prefix": "30202"}
    )
    assert (error.code, error.params["field"]) == ("refdata.fixed", "item_prefix")


def test_an_item_with_documents_gets_no_children_and_clerks_see_changes(
    live_server: LiveServer, admin: ApiClient, codes: Codes
) -> None:
    worker = log_in(live_server, clerk(live_server, "ref.clerk"))
    worker.documents.create(income(codes, today(live_server), amount="10.00"))  # 1030412
    error = refused(
        admin.reference_admin.create,
        RefKind.ITEMS,
        {"item_kind": "income", "code": "103041201", "name": "下级"},
    )
    assert error.code == "refdata.parent_in_use"
    assert error.message.startswith("“编码”103041201 的上级 1030412 已有业务数据")

    new = admin.reference_admin.create(
        RefKind.ITEMS, {"item_kind": "收入分类", "code": "1030488", "name": "测试收费收入"}
    )
    seen = {(i.kind, i.code): i for i in worker.documents.reference().items}
    assert seen[(ItemKind.INCOME, "1030488")].usable
    admin.reference_admin.update(RefKind.ITEMS, new.id, {"status": "inactive"})
    seen = {(i.kind, i.code): i for i in worker.documents.reference().items}
    assert not seen[(ItemKind.INCOME, "1030488")].is_active
    # the server refuses the inactive code even from a client that still lists it
    error = refused(
        worker.documents.create,
        income(codes, today(live_server), income_item_id=new.id),
    )
    assert (error.code, error.params["field"]) == ("reference.inactive", "income_item_id")


def cells(path: Path) -> list[list[Any]]:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_export_edit_import_roundtrip(
    live_server: LiveServer, admin: ApiClient, tmp_path: Path
) -> None:
    admin.reference_admin.create(
        RefKind.ACCOUNTS, {"code": "100282", "name": "旧名称", "normal_side": "debit"}
    )
    exported = tmp_path / "accounts.xlsx"
    admin.reference_admin.export(RefKind.ACCOUNTS, exported)
    rows = cells(exported)
    assert rows[0] == ["编码", "名称", "余额方向", "状态"]
    assert ["1001", "库存现金", "借", "在用"] in rows
    assert ["100282", "旧名称", "借", "在用"] in rows
    assert logged(live_server, "reference.exported", "accounts")[-1].after == {
        "rows": len(rows) - 1
    }

    book = load_workbook(exported)
    sheet = book.worksheets[0]
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "100282")
    sheet.cell(line, 2).value = "新名称"
    sheet.append(["100283", "新增专户", "贷", ""])
    added_row = sheet.max_row
    edited = tmp_path / "accounts-edited.xlsx"
    book.save(edited)

    report = admin.reference_admin.import_file(RefKind.ACCOUNTS, edited)
    assert not report.applied and not report.problems and report.token
    assert [(c.row, c.key, c.after["name"]) for c in report.to_add] == [
        (added_row, "100283", "新增专户")
    ]
    [change] = report.to_change
    assert (change.row, change.key) == (line, "100282")
    assert change.before is not None
    assert (change.before["name"], change.after["name"]) == ("旧名称", "新名称")
    assert report.unchanged == report.rows - 2
    assert row_of(admin, RefKind.ACCOUNTS, "100283") is None  # a dry run saves nothing

    applied = admin.reference_admin.import_file(RefKind.ACCOUNTS, edited, confirm=report.token)
    assert applied.applied
    assert row_of(admin, RefKind.ACCOUNTS, "100283") == {
        "code": "100283",
        "name": "新增专户",
        "normal_side": "credit",
        "status": "active",
    }
    assert row_of(admin, RefKind.ACCOUNTS, "100282") == {
        "code": "100282",
        "name": "新名称",
        "normal_side": "debit",
        "status": "active",
    }
    [imported] = logged(live_server, "reference.imported", "accounts")
    assert imported.after is not None
    assert (imported.after["added"], imported.after["changed"]) == (1, 1)
    assert any(
        r.after and r.after["code"] == "100283"
        for r in logged(live_server, "reference.created", "accounts")
    )

    # the same confirmation again: the data changed since that check
    stale = refused(
        admin.reference_admin.import_file, RefKind.ACCOUNTS, edited, confirm=report.token
    )
    assert (stale.status, stale.code) == (409, "refdata.import_stale")
    again = admin.reference_admin.import_file(RefKind.ACCOUNTS, edited)
    assert not again.to_add and not again.to_change and again.unchanged == again.rows


def test_one_bad_row_saves_nothing_and_says_where(
    live_server: LiveServer, admin: ApiClient, tmp_path: Path
) -> None:
    exported = tmp_path / "units.xlsx"
    admin.reference_admin.export(RefKind.UNITS, exported)
    book = load_workbook(exported)
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["编码", "名称", "上级单位编码", "状态"]
    sheet.append(["066", "好的一行", "", "在用"])
    good = sheet.max_row
    sheet.append(["066001", "挂在新行下", "066", ""])
    sheet.append(["06-6", "坏编码", "066", "在用"])
    bad = sheet.max_row
    sheet.append(["066002", "无上级", "055", "在用"])
    orphan = sheet.max_row
    edited = tmp_path / "units-bad.xlsx"
    book.save(edited)

    report = admin.reference_admin.import_file(RefKind.UNITS, edited)
    assert report.token is None
    assert [(p.row, p.column, p.code) for p in report.problems] == [
        (bad, "code", "refdata.code_format"),
        (orphan, "parent_code", "refdata.parent_missing"),
    ]
    assert render_message(report.problems[0].code, report.problems[0].params) == (
        "“编码”06-6 不符合规则:1~32 位字母或数字"
    )
    assert [c.key for c in report.to_add][:2] == ["066", "066001"] and good > 1

    error = refused(admin.reference_admin.import_file, RefKind.UNITS, edited, confirm="0" * 64)
    assert (error.status, error.code) == (422, "refdata.import_rejected")
    assert {(p["row"], p["column"]) for p in error.params["problems"]} == {
        (bad, "code"),
        (orphan, "parent_code"),
    }
    assert row_of(admin, RefKind.UNITS, "066") is None  # the good rows were not saved either
    assert not logged(live_server, "reference.imported", "units")

    # a file that is not a filled-in export
    broken = tmp_path / "not-excel.xlsx"
    broken.write_bytes(b"PK not really")
    error = refused(admin.reference_admin.import_file, RefKind.UNITS, broken)
    assert error.code == "refdata.bad_file"


def test_clerks_are_refused(live_server: LiveServer, tmp_path: Path) -> None:
    worker = log_in(live_server, clerk(live_server, "ref.clerk2"))
    assert refused(worker.reference_admin.rows, RefKind.UNITS).status == 403
    error = refused(worker.reference_admin.create, RefKind.UNITS, {"code": "1", "name": "x"})
    assert error.status == 403
    assert refused(worker.reference_admin.export, RefKind.UNITS, tmp_path / "x.xlsx").status == 403
    assert not (tmp_path / "x.xlsx").exists()


def test_posting_follows_the_rules_the_administrator_keeps(
    live_server: LiveServer, admin: ApiClient, codes: Codes
) -> None:
    maker = log_in(live_server, clerk(live_server, "ref.maker"))
    boss = log_in(
        live_server, reviewer(live_server, "ref.supervisor", (ReviewLevel.SUPERVISOR, "001001"))
    )

    payers = iter(["甲", "乙", "丙"])  # three payers: not a possible duplicate

    def credited_account() -> str:
        doc = maker.documents.create_and_submit(
            income(codes, today(live_server), amount="20.00", payer=next(payers))
        )
        done = boss.reviews.approve(doc.id, version=doc.version, opinion="同意")
        assert done.voucher_id is not None
        voucher = maker.documents.get(done.voucher_id)
        return next(str(line.account_code) for line in voucher.lines if line.credit)

    assert credited_account() == "2103"  # the shipped rule for 103 非税收入
    rule = admin.reference_admin.create(
        RefKind.MAPPINGS,
        {
            "document_kind": "收入",
            "item_prefix": "1030412",
            "debit_account": "100201",
            "credit_account": "4201",
        },
    )
    assert credited_account() == "4201"  # the more specific rule, at once
    admin.reference_admin.update(RefKind.MAPPINGS, rule.id, {"status": "inactive"})
    assert credited_account() == "2103"  # an inactive rule matches nothing


def test_a_deactivated_unit_takes_no_new_documents(
    live_server: LiveServer, admin: ApiClient, codes: Codes
) -> None:
    unit = admin.reference_admin.create(
        RefKind.UNITS, {"code": "041", "name": "撤并局", "parent_code": ""}
    )
    maker = log_in(live_server, clerk(live_server, "ref.unit_clerk", unit="041"))
    day = today(live_server)
    kept = maker.documents.create(income(codes, day, unit_id=unit.id))
    admin.reference_admin.update(RefKind.UNITS, unit.id, {"status": "inactive"})
    error = refused(maker.documents.create, income(codes, day, unit_id=unit.id))
    assert (error.status, error.code, error.params["field"]) == (
        422,
        "reference.inactive",
        "unit_id",
    )
    assert "撤并局" in str(error)
    assert maker.documents.get(kept.id).unit_id == unit.id  # its old documents stay
