"""Budget quotas (预算指标): the administrators' quotas and their Excel import,
the quota report, and adjustments (追加 / 调减) submitted for review."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter

from client.api.documents import send_once
from client.api.transport import Transport
from common.schemas.documents import DocumentOut, QuotaAdjustmentIn
from common.schemas.quotas import (
    QuotaAdjustmentSubmitIn,
    QuotaImportIn,
    QuotaImportOut,
    QuotaIn,
    QuotaOut,
)

_QUOTAS = TypeAdapter(list[QuotaOut])


IMPORT_TIMEOUT_S = 300.0


class QuotasApi:
    def __init__(self, transport: Transport, *, attempts: int = 3) -> None:
        self._t = transport
        self._attempts = attempts

    def list_quotas(self, year: int, *, unit_id: int | None = None) -> list[QuotaOut]:
        params: dict[str, Any] = {"year": year}
        if unit_id is not None:
            params["unit"] = unit_id
        return _QUOTAS.validate_python(self._t.request("GET", "/admin/quotas", params=params))

    def set_quota(self, body: QuotaIn) -> QuotaOut:
        answer = self._t.request("PUT", "/admin/quotas", json=body.model_dump(mode="json"))
        return QuotaOut.model_validate(answer)

    def import_quotas(self, body: QuotaImportIn) -> QuotaImportOut:
        """A city's file (up to 10,000 rows) takes the server tens of seconds
        (bench/statements.py), so this one call waits longer than the others."""
        answer = self._t.request(
            "POST",
            "/admin/quotas/import",
            json=body.model_dump(mode="json"),
            read_timeout_s=IMPORT_TIMEOUT_S,
        )
        return QuotaImportOut.model_validate(answer)

    def report(
        self, year: int, *, unit_id: int | None = None, subtree: bool = True
    ) -> list[QuotaOut]:
        """预算指标执行情况 within the caller's scope."""
        params: dict[str, Any] = {"year": year, "subtree": "true" if subtree else "false"}
        if unit_id is not None:
            params["unit"] = unit_id
        return _QUOTAS.validate_python(self._t.request("GET", "/reports/quotas", params=params))

    def submit_adjustment(
        self,
        draft: QuotaAdjustmentIn,
        *,
        confirmed_amounts: list[Decimal] | None = None,
        key: str | None = None,
    ) -> DocumentOut:
        """A new 追加 / 调减, saved and submitted at once (one idempotency key)."""
        body = QuotaAdjustmentSubmitIn(draft=draft, confirmed_amounts=confirmed_amounts or [])
        path = "/quota-adjustments"
        answer = send_once(self._t, "POST", path, body, key, attempts=self._attempts)
        return DocumentOut.model_validate(answer)
