"""Migrations are history: they never import live code, and 0003 loads its own
snapshot of the reference data, so changing today's loader or files cannot
change what an old revision did."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from server import reference_seed

MIGRATIONS = Path(__file__).resolve().parents[2] / "server" / "db" / "migrations"
VERSIONS = sorted((MIGRATIONS / "versions").glob("[0-9]*.py"))
LIVE_PACKAGES = ("server", "common", "client", "resources")


def _imported_modules(path: Path) -> list[str]:
    """Every module the file imports, at any depth (inside functions too)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append("." * node.level + (node.module or ""))
    return found


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"frozen_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_migrations_to_check() -> None:
    assert len(VERSIONS) >= 13


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.stem[:4])
def test_no_migration_imports_live_code(path: Path) -> None:
    live = [
        name
        for name in _imported_modules(path)
        if name.startswith(".") or name.split(".")[0] in LIVE_PACKAGES
    ]
    assert live == [], f"{path.name} imports live code: {live}"


def test_the_0003_snapshot_started_equal_to_the_live_loader() -> None:
    """The freeze was taken from what the live loader produced when it was made.
    If the shipped reference data changes on purpose later, this comparison is
    the one to retire: the migration must keep loading what it loaded."""
    (path,) = (MIGRATIONS / "versions").glob("0003_*.py")
    frozen = _load(path)

    accounts = [
        (row["code"], row["name"], row["parent_code"] or None, row["normal_side"] or None)
        for row in frozen.snapshot_rows("accounts.csv")
    ]
    live_accounts = [
        (row.code, row.name, row.parent_code, row.normal_side) for row in reference_seed.accounts()
    ]
    assert accounts == live_accounts

    assert tuple(frozen.ITEM_KINDS) == tuple(reference_seed.ITEM_FILES)
    for kind in frozen.ITEM_KINDS:
        items = [
            (row["code"], row["name"], row["parent_code"] or None)
            for row in frozen.snapshot_rows(f"items_{kind}.csv")
        ]
        live_items = [(row.code, row.name, row.parent_code) for row in reference_seed.items(kind)]
        assert items == live_items, kind

    assert frozen.POSTING_RULES == reference_seed.POSTING_RULES


def test_the_0025_layout_snapshot_started_equal_to_the_shipped_layouts() -> None:
    """As for 0003: the statement layouts 0025 loads are its own copy of
    resources/reference/statement_layouts.csv as it was; retire this comparison
    when the shipped layouts change on purpose."""
    (path,) = (MIGRATIONS / "versions").glob("0025_*.py")
    frozen = _load(path)
    fields = ("kind", "code", "label", "label_en", "indent", "side", "accounts", "total_of")
    snapshot = [tuple(str(row[f]) for f in fields) for row in frozen.snapshot_rows()]
    shipped = [tuple(row[f] for f in fields) for row in reference_seed.statement_layouts()]
    assert snapshot == shipped
    assert len({(row[0], row[1]) for row in shipped}) == len(shipped)  # codes unique per kind
