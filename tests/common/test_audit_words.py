"""An operation-log record reads in words: "状态: 草稿 → 已提交", never JSON."""

from __future__ import annotations

from common.audit_words import change_lines, target_words
from common.enums import Language


def test_a_change_reads_field_by_field_old_to_new_in_each_language() -> None:
    before = {"status": "draft", "amount": "1200.00", "roles": ["clerk"], "is_active": True}
    after = {"status": "submitted", "amount": "1200.00", "roles": ["clerk", "reviewer"]}
    assert change_lines(before, after, Language.ZH_CN) == [
        "状态: 草稿 → 已提交",
        "岗位: 业务操作员 → 业务操作员、审核员",
        "在用: 是",
    ]
    assert change_lines(before, after, Language.EN) == [
        "Status: Draft → Submitted",
        "Roles: Clerk → Clerk, Reviewer",
        "Active: yes",
    ]


def test_an_event_lists_its_details_and_unknown_keys_keep_their_name() -> None:
    lines = change_lines(None, {"consecutive_failures": 3, "新键": None}, Language.ZH_CN)
    assert lines == ["连续失败次数: 3", "新键: 空"]
    assert target_words("document", "3056", Language.ZH_CN) == "单据 3056"
    assert target_words("user", "7", Language.EN) == "User 7"
    assert target_words("", "", Language.ZH_CN) == ""
