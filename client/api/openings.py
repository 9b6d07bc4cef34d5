"""Opening balances (期初余额) for the admin console: the sheet, its Excel
template, and reading a filled-in file back (nothing saved until the sheet is)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from client.api.transport import Transport
from common.schemas.openings import OpeningBalancesIn, OpeningBalancesOut, OpeningImportOut


class OpeningsApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def get(self, unit_id: int) -> OpeningBalancesOut:
        return OpeningBalancesOut.model_validate(
            self._t.request("GET", f"/admin/opening-balances/{unit_id}")
        )

    def save(self, unit_id: int, sheet: OpeningBalancesIn) -> OpeningBalancesOut:
        return OpeningBalancesOut.model_validate(
            self._t.request(
                "PUT", f"/admin/opening-balances/{unit_id}", json=sheet.model_dump(mode="json")
            )
        )

    def template(
        self, unit_id: int, target: Path, *, progress: Callable[[int], bool] | None = None
    ) -> int:
        """Every leaf account with what is saved, as .xlsx at ``target``; its size."""
        return self._t.download(
            f"/admin/opening-balances/{unit_id}/template", target, method="GET", progress=progress
        )

    def read_file(self, unit_id: int, source: Path) -> OpeningImportOut:
        body = {"file": base64.b64encode(source.read_bytes()).decode()}
        return OpeningImportOut.model_validate(
            self._t.request("POST", f"/admin/opening-balances/{unit_id}/import", json=body)
        )
