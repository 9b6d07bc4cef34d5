"""Demo data: a small unit tree and one user of every role, with a known password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from common.enums import Role
from server.db.models import BudgetUnit
from server.services.users import create_user

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
    ("analyst", "赵分析(统计分析员)", (Role.ANALYST,), ("001",)),
    ("admin", "系统管理员", (Role.ADMIN,), ("001",)),
    ("admin2", "系统管理员(复核)", (Role.ADMIN,), ("001",)),
    ("auditor", "孙审计(审计员)", (Role.AUDITOR,), ("001",)),
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
    accounts = []
    for username, display_name, roles, unit_codes in DEMO_USERS:
        create_user(
            session,
            username=username,
            display_name=display_name,
            roles=roles,
            unit_ids=[units[c].id for c in unit_codes],
            password=DEMO_PASSWORD,
            must_change_password=False,
        )
        accounts.append(DemoAccount(username, display_name, roles))
    return accounts
