"""Reference data editors (基础数据) of the admin console: rows, changes, Excel."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from client.api.transport import Transport
from common.reference_admin import RefKind
from common.schemas.reference_admin import RefImportReportOut, RefListOut, RefRowIn, RefRowOut


class ReferenceAdminApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def rows(self, kind: RefKind) -> RefListOut:
        return RefListOut.model_validate(self._t.request("GET", f"/admin/reference/{kind.value}"))

    def create(self, kind: RefKind, values: dict[str, str]) -> RefRowOut:
        body = RefRowIn(values=values).model_dump(mode="json")
        return RefRowOut.model_validate(
            self._t.request("POST", f"/admin/reference/{kind.value}", json=body)
        )

    def update(self, kind: RefKind, row_id: int, values: dict[str, str]) -> RefRowOut:
        """Change a row: the columns sent are set, the others stay as they are."""
        body = RefRowIn(values=values).model_dump(mode="json")
        return RefRowOut.model_validate(
            self._t.request("PUT", f"/admin/reference/{kind.value}/{row_id}", json=body)
        )

    def export(
        self, kind: RefKind, target: Path, *, progress: Callable[[int], bool] | None = None
    ) -> int:
        """Save the kind's rows as an .xlsx file at ``target``; its size in bytes."""
        return self._t.download(
            f"/admin/reference/{kind.value}/export", target, method="GET", progress=progress
        )

    def import_file(
        self, kind: RefKind, source: Path, *, confirm: str | None = None
    ) -> RefImportReportOut:
        """Without ``confirm`` the server only checks the file (nothing is saved);
        with the token of that check's report it applies exactly that."""
        body = {"file": base64.b64encode(source.read_bytes()).decode(), "confirm": confirm}
        return RefImportReportOut.model_validate(
            self._t.request("POST", f"/admin/reference/{kind.value}/import", json=body)
        )
