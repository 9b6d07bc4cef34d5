"""Dependencies point one way: client -> common <- server (ARCHITECTURE.md rule 1).

The contracts live in pyproject.toml ([tool.importlinter]); this test runs them,
and a plain scan double-checks the rule that matters most, so a misconfigured
linter cannot pass silently.
"""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    loggers = logging.root.manager.loggerDict.items()
    were = {name: lg.disabled for name, lg in loggers if isinstance(lg, logging.Logger)}
    try:
        assert lint_imports(no_cache=True) == 0
    finally:
        # import-linter configures logging with disable_existing_loggers: a later
        # test's caplog would see nothing of ours (test_database_roles did not)
        for name, disabled in were.items():
            logging.getLogger(name).disabled = disabled


def _imported_roots(package: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("client", {"server"}),
        ("common", {"server", "client", "PySide6", "sqlalchemy", "fastapi", "httpx", "psycopg2"}),
        ("server", {"client", "PySide6"}),
    ],
)
def test_no_forbidden_import_anywhere(package: str, forbidden: set[str]) -> None:
    imported = _imported_roots(package)
    offenders = {name: imported[name] for name in forbidden & imported.keys()}
    assert not offenders, f"{package}/ imports {offenders}"
