"""Every code a user can meet has words in every language: each value of every
enum in common/, and each operation-log action the server's code records (the
session's databases are checked too, in tests/conftest.py, for the actions the
suite made the server record)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from enum import StrEnum
from pathlib import Path

import common
from common import i18n
from common.enums import DocumentStatus, Language, ReviewAction
from common.labels import ACTION_LABELS, action_label, label, label_code

SERVER = Path(__file__).resolve().parents[2] / "server"
CJK = re.compile(r"[\u4e00-\u9fff]")
ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$|^logout$")
# The functions that take an operation-log action, and where it is their argument.
RECORDERS = {"record", "user_event", "_logged", "record_change", "_log_backup", "_change"}


def common_enums() -> set[type[StrEnum]]:
    found: set[type[StrEnum]] = set()
    for module in pkgutil.walk_packages(common.__path__, "common."):
        for value in vars(importlib.import_module(module.name)).values():
            is_enum = isinstance(value, type) and issubclass(value, StrEnum)
            if is_enum and value.__module__.startswith("common."):
                found.add(value)
    return found


def test_every_value_of_every_enum_in_common_has_words_in_each_language() -> None:
    enums = common_enums()
    assert DocumentStatus in enums and len(enums) >= 20
    missing = [
        label_code(member)
        for enum in enums
        for member in enum
        if not i18n.known(label_code(member))
    ]
    assert not missing, f"enum values without words in resources/locale: {missing}"
    for enum in enums:
        for member in enum:
            zh, en = label(member, Language.ZH_CN), label(member, Language.EN)
            assert CJK.search(zh), (enum.__name__, member, zh)
            assert en and not CJK.search(en) and en != member.value, (enum.__name__, member, en)
    assert label(DocumentStatus.RETURNED, Language.ZH_CN) == "已退回"
    assert label(DocumentStatus.RETURNED, Language.EN) == "Returned"


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    return []


def recorded_in_code() -> set[str]:
    """Actions written in the server's code: arguments of the recording functions,
    module constants named *ACTION, and reviewers' decisions (document.<action>)."""
    found = {f"document.{action.value}" for action in ReviewAction if action.value != "submitted"}
    for path in SERVER.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            arguments: list[ast.AST] = []
            if isinstance(node, ast.Call):
                called = node.func
                name = (
                    called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
                )
                if name in RECORDERS:
                    arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
                arguments += [k.value for k in node.keywords if k.arg == "audit_action"]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.endswith("ACTION") for t in node.targets
            ):
                arguments = [node.value]
            for argument in arguments:
                found.update(s for s in _strings(argument) if ACTION.match(s))
    return found


def test_every_action_the_server_records_has_words_in_each_language() -> None:
    actions = recorded_in_code()
    assert {"document.submitted", "login.failed", "user.created", "logout"} <= actions
    missing = sorted(actions - ACTION_LABELS.keys())
    assert not missing, f"actions without words in common/labels.py: {missing}"
    for action, (zh, en, *_) in ACTION_LABELS.items():
        assert CJK.search(zh) and en and not CJK.search(en), action
    assert action_label("document.returned", Language.ZH_CN) == "退回修改"
    assert action_label("some.newer_action", Language.EN) == "some.newer_action"
