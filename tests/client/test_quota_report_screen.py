"""The quota report (预算指标执行情况) on the reports screen against a real server:
an analyst runs it for the year and reads, to the cent, each quota (initial +
approved adjustments), what is used, in review and left, only for units in
their scope, and a bar chart of quota, used and in review per item."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from common.enums import QuotaDirection, ReviewLevel, Role
from common.schemas.documents import QuotaAdjustmentIn
from common.schemas.quotas import QuotaIn
from tests.client.test_reports_screen import bars, open_reports, run, table
from tests.support.accounts import add_user, log_in
from tests.support.documents import expenditure, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.reviews import reviewer

UNIT, OTHER = "001061", "001062"


def test_the_quota_report_shows_quota_used_in_review_and_left_with_bars(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    unit_of_its_own(live_server, OTHER, "指标报表他单位")
    codes = unit_of_its_own(live_server, UNIT, "指标报表单位")
    day = today(live_server)
    admin = log_in(live_server, add_user(live_server, "qrep.admin", [Role.ADMIN]))
    maker = log_in(
        live_server, add_user(live_server, "qrep.clerk", [Role.CLERK], unit_codes=(UNIT,))
    )
    checker = log_in(
        live_server, reviewer(live_server, "qrep.checker", (ReviewLevel.LEADER, UNIT), scope=UNIT)
    )
    functional = codes.item("functional", "2050203")
    office_supplies, travel = codes.item("economic", "30201"), codes.item("economic", "30211")
    for unit, economic, amount in (
        (UNIT, office_supplies, "10000.00"),
        (UNIT, travel, "3000.00"),
        (OTHER, office_supplies, "99999.00"),  # outside the analyst's scope
    ):
        admin.quotas.set_quota(
            QuotaIn(
                year=day.year,
                unit_id=codes.units[unit],
                functional_item_id=functional,
                economic_item_id=economic,
                amount=Decimal(amount),
            )
        )
    unit_id = codes.units[UNIT]
    more = maker.quotas.submit_adjustment(
        QuotaAdjustmentIn(
            doc_date=day,
            unit_id=unit_id,
            functional_item_id=functional,
            economic_item_id=office_supplies,
            direction=QuotaDirection.INCREASE,
            amount=Decimal("500.00"),
            summary="追加办公经费",
        )
    )
    checker.reviews.approve(more.id, version=more.version)
    spent = maker.documents.create_and_submit(
        expenditure(codes, day, amount="2345.67", unit_id=unit_id, payee="甲文具店")
    )
    checker.reviews.approve(spent.id, version=spent.version)
    maker.documents.create_and_submit(
        expenditure(
            codes, day, amount="800.00", unit_id=unit_id, economic_item_id=travel, payee="乙旅行社"
        )
    )

    analyst = add_user(live_server, "qrep.analyst", [Role.ANALYST], unit_codes=(UNIT,))
    page = open_reports(qtbot, live_server, analyst)
    run(qtbot, page, "quotas", year=day.year)
    rows = table(page)
    assert [row[3:] for row in rows] == [
        ["10,000.00", "500.00", "0.00", "10,500.00", "2,345.67", "0.00", "8,154.33"],
        ["3,000.00", "0.00", "0.00", "3,000.00", "0.00", "800.00", "2,200.00"],
        ["13,000.00", "500.00", "0.00", "13,500.00", "2,345.67", "800.00", "10,354.33"],
    ]
    assert rows[0][0].startswith(UNIT) and rows[0][2].startswith("30201")
    assert rows[1][2].startswith("30211") and rows[2][0] == "合计"
    assert page.chart.isVisible()
    categories, values = bars(page)
    assert [c.split()[1] for c in categories] == ["2050203/30201", "2050203/30211"]
    assert values == {
        "指标": [10500.0, 3000.0],
        "已用": [2345.67, 0.0],
        "审核中": [0.0, 800.0],
    }
    run(qtbot, page, "quotas", year=day.year + 1)
    assert table(page) == [] and page.chart.isHidden()
