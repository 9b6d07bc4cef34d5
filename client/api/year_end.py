"""Year-end (年结) for the admin console."""

from __future__ import annotations

from client.api.transport import Transport
from common.schemas.year_end import YearEndOut


class YearEndApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def show(self, year: int) -> YearEndOut:
        """The entries made, or (not done yet) those year-end would make now."""
        return YearEndOut.model_validate(self._t.request("GET", f"/admin/year-end/{year}"))

    def close(self, year: int) -> YearEndOut:
        """Make them (after December closes; once)."""
        return YearEndOut.model_validate(self._t.request("POST", f"/admin/year-end/{year}"))
