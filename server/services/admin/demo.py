"""Demo data: a small unit tree, one user of every role and a reviewer at each
level of authority, with a known password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from common.enums import ReviewLevel, Role
from server.db.models import BudgetUnit, ReviewerPost
from server.services.accounts.users import create_user

DEMO_PASSWORD = "Countersign-Demo-2026!"

# (code, name, parent code)
DEMO_UNITS = (
    ("001", "市财政局", None),
    ("001001", "市教育局", "001"),
    ("001001001", "市第一中学", "001001"),
    ("001001002", "市实验小学", "001001"),
    ("001002", "市卫生健康委员会", "001"),
    ("001002001", "市人民医院", "001002"),
    ("001003", "市交通运输局", "001"),
)

# (username, display name, roles, unit codes)
DEMO_USERS = (
    ("clerk", "张会计(业务操作员)", (Role.CLERK,), ("001001",)),
    ("reviewer", "李主管(审核员)", (Role.REVIEWER,), ("001001",)),
    ("manager", "王科长(审批人)", (Role.REVIEWER,), ("001",)),
    ("leader", "陈局长(分管领导)", (Role.REVIEWER,), ("001",)),
    ("analyst", "赵分析(统计分析员)", (Role.ANALYST,), ("001",)),
    ("admin", "系统管理员", (Role.ADMIN,), ("001",)),
    ("admin2", "系统管理员(复核)", (Role.ADMIN,), ("001",)),
    ("auditor", "孙审计(审计员)", (Role.AUDITOR,), ("001",)),
)

# 审批权限 of the demo reviewers: (username, level, unit code)
DEMO_POSTS = (
    ("reviewer", ReviewLevel.SUPERVISOR, "001001"),
    ("manager", ReviewLevel.MANAGER, "001"),
    ("leader", ReviewLevel.LEADER, "001"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    roles: tuple[Role, ...]


def seed_demo(session: Session) -> list[DemoAccount]:
    units: dict[str, BudgetUnit] = {}
    for code, name, parent in DEMO_UNITS:
        unit = BudgetUnit(code=code, name=name, parent_id=units[parent].id if parent else None)
        session.add(unit)
        session.flush()
        units[code] = unit
    accounts: list[DemoAccount] = []
    ids: dict[str, int] = {}
    for username, display_name, roles, unit_codes in DEMO_USERS:
        ids[username] = create_user(
            session,
            username=username,
            display_name=display_name,
            roles=roles,
            unit_ids=[units[c].id for c in unit_codes],
            password=DEMO_PASSWORD,
            must_change_password=False,
        ).id
        accounts.append(DemoAccount(username, display_name, roles))
    for username, level, unit_code in DEMO_POSTS:
        session.add(
            ReviewerPost(user_id=ids[username], unit_id=units[unit_code].id, level=level.value)
        )
    return accounts
