"""An office to enter documents in: budget units, codes by number, ready-made drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select, text

from client.api import ApiClient
from common.enums import Role
from common.schemas.documents import (
    DocumentOut,
    DraftIn,
    ExpenditureIn,
    IncomeIn,
    SubmitIn,
    VoucherIn,
    VoucherLineIn,
)
from server.db.models import Account, BudgetItem, BudgetUnit, Document
from server.db.uow import UnitOfWork
from server.services.admin.demo import DEMO_UNITS
from server.services.core.working_days import office_today
from server.services.ledger import posting
from tests.support.accounts import Account as UserAccount
from tests.support.accounts import add_user
from tests.support.live_server import LiveServer


@dataclass(frozen=True)
class Codes:
    """Ids by code, as a clerk would name them."""

    units: dict[str, int]
    accounts: dict[str, int]
    items: dict[tuple[str, str], int]

    def account(self, code: str) -> int:
        return self.accounts[code]

    def item(self, kind: str, code: str) -> int:
        return self.items[(kind, code)]


def office(server: LiveServer) -> Codes:
    """The demo unit tree (created once per database) and the shipped codes."""
    with UnitOfWork(server.engine).transaction() as session:
        units = {u.code: u.id for u in session.scalars(select(BudgetUnit))}
        for code, name, parent in DEMO_UNITS:
            if code not in units:
                unit = BudgetUnit(code=code, name=name, parent_id=units.get(parent or ""))
                session.add(unit)
                session.flush()
                units[code] = unit.id
        accounts = {a.code: a.id for a in session.scalars(select(Account))}
        items = {(i.kind, i.code): i.id for i in session.scalars(select(BudgetItem))}
    return Codes(units, accounts, items)


def unit_of_its_own(server: LiveServer, code: str, name: str, parent: str = "001") -> Codes:
    """A budget unit for one test alone (under the demo tree), so queues and counts
    there do not depend on what the module's other tests left in the demo units;
    the office's codes with it."""
    office(server)
    with UnitOfWork(server.engine).transaction() as session:
        if session.scalar(select(BudgetUnit.id).where(BudgetUnit.code == code)) is None:
            above = session.scalars(select(BudgetUnit.id).where(BudgetUnit.code == parent)).one()
            session.add(BudgetUnit(code=code, name=name, parent_id=above))
    return office(server)


def clerk(server: LiveServer, name: str, unit: str = "001001") -> UserAccount:
    return add_user(server, name, [Role.CLERK], unit_codes=(unit,))


def today(server: LiveServer) -> dt.date:
    """The office's date (Asia/Shanghai), the one the server files and closes months
    by: the UTC date is a day behind it every evening from 16:00 UTC."""
    return office_today(server.clock.now())


def income(codes: Codes, day: dt.date, amount: str = "1200.00", **changes: object) -> IncomeIn:
    fields: dict[str, object] = {
        "doc_date": day,
        "unit_id": codes.units["001001001"],
        "income_item_id": codes.item("income", "1030412"),  # 教育行政事业性收费收入
        "amount": Decimal(amount),
        "payer": "张三",
        "summary": "学费收入",
    }
    fields.update(changes)
    return IncomeIn.model_validate(fields)


def expenditure(
    codes: Codes, day: dt.date, amount: str = "860.00", **changes: object
) -> ExpenditureIn:
    fields: dict[str, object] = {
        "doc_date": day,
        "unit_id": codes.units["001001001"],
        "functional_item_id": codes.item("functional", "2050203"),  # 初中教育
        "economic_item_id": codes.item("economic", "30201"),  # 办公费
        "amount": Decimal(amount),
        "payee": "市文具公司",
        "payee_account": "6222 0000 1111 2222",
        "payee_bank": "工商银行城东支行",
        "summary": "购买办公用品",
    }
    fields.update(changes)
    return ExpenditureIn.model_validate(fields)


def voucher(codes: Codes, day: dt.date, *lines: tuple[str, str, str]) -> VoucherIn:
    """Lines as (account code, debit, credit)."""
    lines = lines or (("500102", "500.00", "0"), ("100201", "0", "500.00"))
    return VoucherIn(
        doc_date=day,
        unit_id=codes.units["001001001"],
        lines=[
            VoucherLineIn(
                summary="报销差旅费",
                account_id=codes.account(code),
                debit=Decimal(debit),
                credit=Decimal(credit),
            )
            for code, debit, credit in lines
        ],
    )


def submitted(api: ApiClient, draft: DraftIn) -> DocumentOut:
    """A new document saved, then submitted."""
    made = api.documents.create(draft)
    return api.documents.submit(made.id, SubmitIn(version=made.version))


def approve(server: LiveServer, document_id: int) -> None:
    """What the review workflow does at the last step."""
    with UnitOfWork(server.engine).transaction() as session:
        doc = session.get(Document, document_id)
        assert doc is not None
        posting.approve(session, doc, now=server.clock.now())


def run_sql(server: LiveServer, statement: str, **params: object) -> None:
    """A statement in its own transaction, as someone going around the server would."""
    with UnitOfWork(server.engine).transaction() as session:
        session.execute(text(statement), params)


def set_parameter(server: LiveServer, key: str, value: bool) -> None:
    """A yes/no system parameter, set behind the server's back (as an earlier setting)."""
    run_sql(
        server,
        "INSERT INTO system_parameters (key, value) VALUES (:k, CAST(:v AS jsonb))"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        k=key,
        v="true" if value else "false",
    )
