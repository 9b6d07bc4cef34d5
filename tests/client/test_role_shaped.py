"""Screens shaped by role (common/permissions.py, the server's own table): an
auditor or an analyst is offered no entry or review screens at all, a clerk no
review screen, a reviewer no entry screens; the home page's shortcuts follow."""

from __future__ import annotations

from itertools import count
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.workbench.main_window import WorkbenchWindow
from common.enums import ReviewLevel, Role
from tests.client.test_shell import make_context
from tests.support.accounts import add_user
from tests.support.documents import office
from tests.support.live_server import LiveServer
from tests.support.memory_keyring import MemoryKeyring
from tests.support.qt import log_in_through_dialog, open_window
from tests.support.reviews import reviewer

_names = count(1)
ENTRY = {"income", "expenditure", "voucher", "documents"}


@pytest.fixture(scope="module", autouse=True)
def _office(live_server: LiveServer) -> None:
    office(live_server)


def workbench_of(qtbot: QtBot, server: LiveServer, roles: list[Role]) -> WorkbenchWindow:
    window = open_window(qtbot, WorkbenchWindow, make_context(server.url, trusted=True))
    assert isinstance(window, WorkbenchWindow)
    if roles == [Role.REVIEWER]:
        account = reviewer(server, f"shaped{next(_names)}", (ReviewLevel.SUPERVISOR, "001001"))
    else:
        account = add_user(server, f"shaped{next(_names)}", roles, unit_codes=("001",))
    log_in_through_dialog(qtbot, window, server, account)
    return window


def shortcuts(window: WorkbenchWindow) -> set[str]:
    return {key for key, button in window.home.quick.items() if not button.isHidden()}


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ANALYST])
def test_an_auditor_or_analyst_is_offered_no_entry_or_review_screen(
    qtbot: QtBot,
    client_home: Path,
    memory_keyring: MemoryKeyring,
    live_server: LiveServer,
    role: Role,
) -> None:
    window = workbench_of(qtbot, live_server, [role])
    # the analyst prepares statements for sign-off (报表审核), the auditor does not
    signoff = ["statement_layout", "signoff"] if role is Role.ANALYST else []
    assert window.offered_pages() == ["home", "query", "reports", *signoff]
    titles = [
        window.navigation.item(row).text()
        for row in range(window.navigation.count())
        if not window.navigation.item(row).isHidden()
    ]
    assert titles == ["工作台首页", "查询", "统计报表"] + (
        ["报表格式", "报表审核"] if signoff else []
    )
    assert not window.show_page("voucher")  # nor by a link from elsewhere
    assert window.stack.currentWidget() is window.home
    assert shortcuts(window) == set()
    assert all(tile.isHidden() for tile in window.home.tiles.values())


def test_a_clerk_enters_and_a_reviewer_reviews(
    qtbot: QtBot, client_home: Path, memory_keyring: MemoryKeyring, live_server: LiveServer
) -> None:
    clerk_window = workbench_of(qtbot, live_server, [Role.CLERK])
    assert (
        set(clerk_window.offered_pages())
        == {
            "home",
            "query",
            "reports",
            "quota_adjustment",
        }
        | ENTRY
    )
    assert shortcuts(clerk_window) == ENTRY
    assert all(tile.isHidden() for tile in clerk_window.home.tiles.values())
    clerk_window.close()

    reviewer_window = workbench_of(qtbot, live_server, [Role.REVIEWER])
    assert reviewer_window.offered_pages() == ["home", "review", "query", "reports", "signoff"]
    assert shortcuts(reviewer_window) == {"review"}
    assert not any(tile.isHidden() for tile in reviewer_window.home.tiles.values())
    assert reviewer_window.show_page("review")
    assert reviewer_window.stack.currentWidget() is reviewer_window.review
