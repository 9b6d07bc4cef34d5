"""Statements (会计报表) and their layouts (报表格式)."""

from __future__ import annotations

from client.api.transport import Transport
from common.schemas.statements import LayoutIn, LayoutOut, StatementKind, StatementOut


class StatementsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def statement(
        self,
        kind: StatementKind,
        unit_id: int,
        period: str,
        *,
        subtree: bool = False,
        posted_only: bool = False,
    ) -> StatementOut:
        """``period``: '2026' (a year), '2026-Q2' (a quarter) or '2026-03' (a month)."""
        params = {
            "unit": str(unit_id),
            "period": period,
            "subtree": "true" if subtree else "false",
            "posted_only": "true" if posted_only else "false",
        }
        return StatementOut.model_validate(
            self._t.request("GET", f"/statements/{kind.value}", params=params)
        )

    def layout(self, kind: StatementKind) -> LayoutOut:
        return LayoutOut.model_validate(self._t.request("GET", f"/statements/{kind.value}/layout"))

    def change_layout(self, kind: StatementKind, layout: LayoutIn) -> LayoutOut:
        return LayoutOut.model_validate(
            self._t.request(
                "PUT", f"/statements/{kind.value}/layout", json=layout.model_dump(mode="json")
            )
        )
