"""What a report is, for the reports screen: its parameters, its columns, its
chart, its 合计 line and the call that fetches it (``ReportDefinition``). The
registry of reports (report_registry.py) and the screen are built from these.

Every figure comes from the server, computed in SQL; the client only formats,
adds up columns for the 合计 line (Decimal, exact) and draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from client.api import ApiClient
from client.workbench.reports.report_chart import ChartData
from common.enums import Role

Params = Mapping[str, object]
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class DateParam:
    """A day, shown as a calendar date edit; ``default`` gets today."""

    field: str
    caption: Callable[[], str]
    default: Callable[[dt.date], dt.date]


@dataclass(frozen=True)
class YearParam:
    """A year (总账), shown as a spin box; this year by default."""

    field: str
    caption: Callable[[], str]


@dataclass(frozen=True)
class AccountParam:
    """An account, picked by code, name or pinyin initials from the reference data
    (parents too: a ledger of 1002 includes its sub-accounts). Required."""

    field: str
    caption: Callable[[], str]


@dataclass(frozen=True)
class Choice:
    value: str
    caption: Callable[[], str]


@dataclass(frozen=True)
class ChoiceParam:
    """One of a few fixed values, shown as a combo box (the first is the default)."""

    field: str
    caption: Callable[[], str]
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class UnitParam:
    """A unit of the user's scope (a statement's unit), as a combo box. Required."""

    field: str
    caption: Callable[[], str]


@dataclass(frozen=True)
class PeriodParam:
    """A month, quarter or year (a statement's period): period_edit.PeriodEdit."""

    field: str
    caption: Callable[[], str]


Parameter = DateParam | YearParam | AccountParam | ChoiceParam | UnitParam | PeriodParam


class ColumnKind(Enum):
    TEXT = "text"
    MONEY = "money"  # Decimal, format_money, right-aligned
    COUNT = "count"
    HOURS = "hours"  # float hours, two places
    RATIO = "ratio"  # 0..1 shown as a percentage

    @property
    def numeric(self) -> bool:
        return self is not ColumnKind.TEXT


@dataclass(frozen=True)
class Column:
    title: Callable[[], str]
    kind: ColumnKind
    value: Callable[[Any], object]  # None leaves the cell empty


@dataclass(frozen=True)
class Fetched:
    """A report as the server gave it.

    ``rows`` are its data: counted when it is exported, drawn in the chart, added
    up for the 合计 line. ``first`` is a row shown above them in bold and not
    counted (a ledger's opening balance). ``answer`` is the server's whole answer
    when the 合计 line or a note needs more than the rows (a ledger's totals over
    every line, its truncated flag)."""

    rows: Sequence[Any]
    first: Any | None = None
    answer: Any = None


@dataclass(frozen=True)
class ReportDefinition:
    """One report of the registry.

    ``columns`` and ``chart`` take the parameters because the grouping changes the
    first column's caption and the kind of chart. ``totals`` gives the 合计 line,
    one value per column (None leaves the cell empty); ``levels`` the indentation
    of each row (the account tree); ``note`` a warning shown with the report
    (a detail ledger cut short). ``roles``: who is offered the report (None:
    everyone); the server refuses the others anyway."""

    key: str
    title: Callable[[], str]
    parameters: tuple[Parameter, ...]
    fetch: Callable[[ApiClient, Params], Fetched]
    columns: Callable[[Params], tuple[Column, ...]]
    chart: Callable[[Params, Fetched], ChartData | None] = lambda _p, _f: None
    totals: Callable[[Fetched], tuple[object, ...]] | None = None
    levels: Callable[[Sequence[Any]], list[int]] | None = None
    note: Callable[[Fetched], str] = lambda _f: ""
    roles: frozenset[Role] | None = None

    def offered_to(self, roles: Sequence[Role]) -> bool:
        return self.roles is None or bool(self.roles.intersection(roles))


def day(params: Params, name: str) -> dt.date:
    value = params[name]
    assert isinstance(value, dt.date)
    return value


def number(params: Params, name: str) -> int:
    value = params[name]
    assert isinstance(value, int)
    return value


def text(params: Params, name: str) -> str:
    return str(params[name])


def money_sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO)
