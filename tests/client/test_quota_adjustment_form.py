"""指标调整 (追加 / 调减) entered on its own screen against a real server: a 调减
that would take the quota below what is used and in review is refused with the
numbers and the input stays; a smaller one is submitted, numbered 指标-…, and
counts once a reviewer approves it — without a voucher."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from common.enums import DocumentKind, DocumentStatus, QuotaDirection, ReviewLevel, Role
from common.schemas.documents import DocumentOut
from common.schemas.quotas import QuotaIn
from tests.client.test_shell import make_context
from tests.support.accounts import add_user, log_in
from tests.support.documents import clerk, expenditure, today, unit_of_its_own
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import WAIT_MS, log_in_through_dialog, open_window, type_into
from tests.support.reviews import reviewer

UNIT = "001064"  # this test's own unit


def test_a_decrease_is_refused_below_use_then_submitted_and_counted(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    codes = unit_of_its_own(live_server, UNIT, "指标调整测试所")
    day = today(live_server)
    unit_id = codes.units[UNIT]
    admin = log_in(live_server, add_user(live_server, "qform.admin", [Role.ADMIN]))
    admin.quotas.set_quota(
        QuotaIn(
            year=day.year,
            unit_id=unit_id,
            functional_item_id=codes.item("functional", "2050203"),
            economic_item_id=codes.item("economic", "30201"),
            amount=Decimal("1000.00"),
        )
    )
    typist = clerk(live_server, "qform.clerk", unit=UNIT)
    maker = log_in(live_server, typist)
    boss = log_in(
        live_server, reviewer(live_server, "qform.boss", (ReviewLevel.LEADER, UNIT), scope=UNIT)
    )
    spent = maker.documents.create_and_submit(
        expenditure(codes, day, amount="700.00", unit_id=unit_id, payee="丙公司")
    )
    boss.reviews.approve(spent.id, version=spent.version)

    window = open_window(qtbot, WorkbenchWindow, make_context(live_server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    log_in_through_dialog(qtbot, window, live_server, typist)
    qtbot.waitUntil(lambda: window.reference.data is not None, timeout=WAIT_MS)
    assert "quota_adjustment" in window.offered_pages()
    window.show_page("quota_adjustment")
    form = window.quota_form
    assert form.template_button.isHidden() and form.import_button.isHidden()
    assert [form.direction_combo.itemText(i) for i in range(2)] == ["追加", "调减"]
    form.unit_picker.set_current(unit_id)
    form.functional_picker.setFocus()
    type_into(qtbot, form.functional_picker, "2050203")
    type_into(qtbot, form.economic_picker, "30201")
    assert form.functional_picker.current_id == codes.item("functional", "2050203")
    assert form.economic_picker.current_id == codes.item("economic", "30201")
    form.direction_combo.setCurrentIndex(form.direction_combo.findData(QuotaDirection.DECREASE))
    form.amount_edit.set_value(Decimal("300.01"))
    form.summary_edit.setText("项目结余调减")
    form.dirty = True
    form.submit()
    qtbot.waitUntil(lambda: "调减后指标不能低于" in form.message.text(), timeout=WAIT_MS)
    for number in ("1,000.00", "700.00", "300.00", "300.01"):
        assert number in form.message.text()
    assert form.summary_edit.text() == "项目结余调减"  # the input stays

    form.amount_edit.set_value(Decimal("300.00"))
    form.dirty = True
    sent: list[DocumentOut] = []
    form.submitted.connect(sent.append)
    form.submit()
    qtbot.waitUntil(lambda: "已提交" in form.message.text(), timeout=WAIT_MS)
    assert form.message.text().split("编号 ")[1].startswith("指标-")
    [made] = sent
    assert made.kind is DocumentKind.QUOTA_ADJUSTMENT
    assert made.quota_direction is QuotaDirection.DECREASE and made.amount == Decimal("300.00")
    done = boss.reviews.approve(made.id, version=made.version)
    assert done.status is DocumentStatus.APPROVED and done.voucher_id is None
    (row,) = admin.quotas.list_quotas(day.year, unit_id=unit_id)
    assert (row.quota, row.used, row.left) == (
        Decimal("700.00"),
        Decimal("700.00"),
        Decimal("0.00"),
    )
