"""The shipped statement layouts cover the shipped chart: every account of a
statement's classes falls in exactly one line, so nothing is left out or
counted twice on a new installation."""

from __future__ import annotations

import pytest

from common.schemas.statements import STATEMENT_CLASSES, StatementKind
from server import reference_seed


@pytest.mark.parametrize("kind", list(StatementKind))
def test_every_account_of_the_statement_falls_in_exactly_one_line(kind: StatementKind) -> None:
    lines = [row for row in reference_seed.statement_layouts() if row["kind"] == kind.value]
    leaves = {row.code for row in reference_seed.accounts()} - {
        row.parent_code for row in reference_seed.accounts() if row.parent_code
    }
    wanted = sorted(code for code in leaves if code[:1] in STATEMENT_CLASSES[kind])
    taken = {
        code: [row["code"] for row in lines if code.startswith(tuple(row["accounts"].split()))]
        for code in wanted
    }
    assert {code: found for code, found in taken.items() if len(found) != 1} == {}
