"""What a set of reference data rows would change, and whether it may.

``make_plan`` turns rows (from a dialog or an Excel file) into additions and
changes against the current data, with every problem found; the rules are
described in server.services.reference.reference_rules.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from common.reference_admin import ACTIVE, COLUMNS, RefKind, parent_code, row_key
from common.schemas.imports import ImportProblem
from server.services.reference.reference_rules import (
    RULE_ITEM_KIND,
    Entry,
    Mode,
    Snapshot,
    normalize,
    problem,
    resolve,
)

_KEY_COLUMNS = {kind: [c.key for c in COLUMNS[kind] if c.key_part] for kind in RefKind}
_EDITABLE = {kind: [c.key for c in COLUMNS[kind] if not c.read_only] for kind in RefKind}
# the column a duplicate or a missing parent is reported on
_CODE_COLUMN = {
    RefKind.UNITS: "code",
    RefKind.ITEMS: "code",
    RefKind.ACCOUNTS: "code",
    RefKind.MAPPINGS: "item_prefix",
}


@dataclass
class Change:
    row: int
    action: str  # "add" | "change"
    key: str
    old: Entry | None
    after: dict[str, str]


@dataclass
class Plan:
    kind: RefKind
    changes: list[Change]
    unchanged: int
    problems: list[ImportProblem]


def parent_key(kind: RefKind, values: dict[str, str]) -> str | None:
    if kind is RefKind.UNITS:
        return values.get("parent_code") or None
    if kind is RefKind.MAPPINGS:
        return None
    parent = parent_code(kind, values["code"])
    if parent is None:
        return None
    return f"{values['item_kind']}/{parent}" if kind is RefKind.ITEMS else parent


def _parent_shown(key: str) -> str:
    return key.rsplit("/", 1)[-1]


class _Checker:
    """The relational rules, against the state once every row is applied."""

    def __init__(self, snapshot: Snapshot, kind: RefKind, end: dict[str, Entry]) -> None:
        self.snapshot, self.kind, self.end = snapshot, kind, end
        self.children: dict[str, list[str]] = defaultdict(list)
        for key, entry in end.items():
            parent = parent_key(kind, entry.values)
            if parent is not None:
                self.children[parent].append(key)

    def _rules_naming(self, column: str, value: str, item_kind: str | None = None) -> list[str]:
        """Active posting rules whose ``column`` is ``value``."""
        found = []
        for key, rule in self.snapshot.rows[RefKind.MAPPINGS].items():
            if not rule.active or rule.values[column] != value:
                continue
            if item_kind is not None and RULE_ITEM_KIND[rule.values["document_kind"]] != item_kind:
                continue
            found.append(key)
        return found

    def check(self, change: Change) -> list[ImportProblem]:
        if self.kind is RefKind.MAPPINGS:
            return self._rule(change)
        return self._tree(change)

    def _tree(self, change: Change) -> list[ImportProblem]:
        found: list[ImportProblem] = []
        row, values, kind = change.row, change.after, self.kind
        code = values["code"]
        where = "parent_code" if kind is RefKind.UNITS else "code"
        pkey = parent_key(kind, values)
        parent = self.end.get(pkey) if pkey is not None else None
        if pkey is not None and pkey == change.key:
            found.append(problem(row, where, "refdata.parent_is_self"))
            return found
        if pkey is not None and parent is None:
            shown = _parent_shown(pkey)
            found.append(problem(row, where, "refdata.parent_missing", value=code, parent=shown))
            return found
        if change.old is None and kind is RefKind.UNITS and self._cycles(change.key):
            found.append(problem(row, where, "refdata.parent_cycle", value=code))
            return found
        if change.old is not None and kind is RefKind.UNITS:
            old_parent = change.old.values["parent_code"]
            if old_parent != values["parent_code"]:
                found.append(
                    problem(
                        row, where, "refdata.fixed", old=old_parent, value=values["parent_code"]
                    )
                )
        if parent is not None and pkey is not None:
            shown = _parent_shown(pkey)
            if change.old is None and kind is not RefKind.UNITS:
                found.extend(self._new_child_of(row, parent, shown, code))
            activated = change.old is None or not change.old.active
            if change.after["status"] == ACTIVE and activated and not parent.active:
                found.append(
                    problem(row, where, "refdata.parent_inactive", value=code, parent=shown)
                )
        if change.after["status"] != ACTIVE and (change.old is None or change.old.active):
            found.extend(self._deactivation(change))
        if (
            kind is RefKind.ACCOUNTS
            and change.old is not None
            and change.old.id is not None
            and change.old.values["normal_side"] != values["normal_side"]
            and self.snapshot.used(kind, change.old.id)
        ):
            found.append(problem(row, "normal_side", "refdata.side_in_use", value=code))
        return found

    def _cycles(self, key: str) -> bool:
        """Whether walking up from ``key`` comes back to it (two new units naming
        each other as parent)."""
        seen = {key}
        parent = parent_key(self.kind, self.end[key].values)
        while parent is not None and parent in self.end:
            if parent in seen:
                return True
            seen.add(parent)
            parent = parent_key(self.kind, self.end[parent].values)
        return False

    def _new_child_of(self, row: int, parent: Entry, shown: str, code: str) -> list[ImportProblem]:
        """A leaf that already has entries, or that a posting rule posts to, stays a leaf."""
        if parent.id is not None and self.snapshot.used(self.kind, parent.id):
            return [problem(row, "code", "refdata.parent_in_use", value=code, parent=shown)]
        if self.kind is RefKind.ACCOUNTS:
            rules = self._rules_naming("debit_account", shown) + self._rules_naming(
                "credit_account", shown
            )
            if rules:
                return [problem(row, "code", "refdata.used_by_rule", value=shown, rules=rules[0])]
        return []

    def _deactivation(self, change: Change) -> list[ImportProblem]:
        found = []
        row, code = change.row, change.after["code"]
        active_children = [k for k in self.children.get(change.key, []) if self.end[k].active]
        if active_children:
            shown = "、".join(_parent_shown(k) for k in sorted(active_children)[:5])
            found.append(
                problem(row, "status", "refdata.active_children", value=code, children=shown)
            )
        rules: list[str] = []
        if self.kind is RefKind.ACCOUNTS:
            rules = self._rules_naming("debit_account", code) + self._rules_naming(
                "credit_account", code
            )
        elif self.kind is RefKind.ITEMS:
            rules = self._rules_naming("item_prefix", code, change.after["item_kind"])
        if rules:
            found.append(problem(row, "status", "refdata.used_by_rule", value=code, rules=rules[0]))
        return found

    def _rule(self, change: Change) -> list[ImportProblem]:
        found = []
        row, values = change.row, change.after
        active = values["status"] == ACTIVE
        if values["document_kind"] == "income" and values["payment_method"]:
            found.append(problem(row, "payment_method", "refdata.income_any_method"))
        prefix = values["item_prefix"]
        if prefix:
            item_kind = RULE_ITEM_KIND[values["document_kind"]]
            item = self.snapshot.rows[RefKind.ITEMS].get(f"{item_kind}/{prefix}")
            if item is None:
                found.append(problem(row, "item_prefix", "refdata.end_missing", value=prefix))
            elif active and not item.active:
                found.append(problem(row, "item_prefix", "refdata.end_inactive", value=prefix))
        accounts = self.snapshot.rows[RefKind.ACCOUNTS]
        parents = {parent_code(RefKind.ACCOUNTS, code) for code in accounts}
        for column in ("debit_account", "credit_account"):
            code = values[column]
            account = accounts.get(code)
            if account is None:
                found.append(problem(row, column, "refdata.end_missing", value=code))
                continue
            values[f"{column}_name"] = account.values["name"]
            if code in parents:
                found.append(problem(row, column, "refdata.end_not_leaf", value=code))
            elif active and not account.active:
                found.append(problem(row, column, "refdata.end_inactive", value=code))
        if not active and not prefix:
            found.append(problem(row, "status", "refdata.fallback_rule"))
        return found


def make_plan(
    snapshot: Snapshot,
    kind: RefKind,
    rows: list[tuple[int, dict[str, str]]],
    *,
    mode: Mode,
    target: str | None = None,
) -> Plan:
    """Rows numbered as in their file (a dialog's row is 1). ``target``: the key of
    the row a change is for (mode "change"); its key columns may be left out."""
    current = snapshot.rows[kind]
    end = dict(current)
    problems: list[ImportProblem] = []
    pending: list[Change] = []
    seen: dict[str, int] = {}
    for number, given in rows:
        if target is not None:  # a change: what is not sent stays as it is
            old_values = current[target].values
            given = {c: old_values[c] for c in _EDITABLE[kind]} | dict(given)
        values, found = normalize(kind, number, given)
        if target is not None:
            for column in _KEY_COLUMNS[kind]:
                if values.get(column, "") != old_values[column]:
                    found.append(
                        problem(
                            number,
                            column,
                            "refdata.fixed",
                            old=old_values[column],
                            value=values.get(column, ""),
                        )
                    )
                    values[column] = old_values[column]
        if kind is RefKind.MAPPINGS:
            values.setdefault("item_prefix", "")
            values.setdefault("payment_method", "")
        if any(values.get(c) is None for c in _KEY_COLUMNS[kind]):
            problems.extend(found)  # no key: nothing else can be said about the row
            continue
        key = row_key(kind, values)
        column = _CODE_COLUMN[kind]
        if key in seen:
            found.append(
                problem(
                    number,
                    column,
                    "refdata.duplicate_in_file",
                    value=key,
                    other_row=seen[key],
                )
            )
        seen.setdefault(key, number)
        old = current.get(key)
        if mode == "add" and old is not None:
            found.append(problem(number, column, "refdata.duplicate", value=key))
        after = resolve(values, old)
        if found:
            problems.extend(found)
            if old is None:
                end.setdefault(key, Entry(None, after))
            continue
        end[key] = Entry(old.id if old is not None else None, after)
        if old is None:
            pending.append(Change(number, "add", key, None, after))
        elif any(after.get(c, "") != old.values.get(c, "") for c in _EDITABLE[kind]):
            pending.append(Change(number, "change", key, old, after))
        else:
            pending.append(Change(number, "same", key, old, after))
    checker = _Checker(snapshot, kind, end)
    changes: list[Change] = []
    unchanged = 0
    for change in pending:
        if change.action == "same":
            unchanged += 1
            continue
        problems.extend(checker.check(change))
        changes.append(change)
    problems.sort(key=lambda p: p.row)
    return Plan(kind, changes, unchanged, problems)
