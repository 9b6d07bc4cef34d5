from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from common.enums import Role
from common.errors import DomainError
from server.db.models import User, UserRole
from server.services.accounts.passwords import verify_password
from server.services.accounts.users import create_user


def test_initial_password_is_random_policy_conformant_and_stored_only_hashed(
    session: Session,
) -> None:
    created = create_user(session, username="wang.admin", display_name="王管理", roles=[Role.ADMIN])
    password = created.initial_password
    assert len(password) >= 12
    assert any(c.isalpha() for c in password) and any(c.isdigit() for c in password)
    assert any(not c.isalnum() for c in password)
    user = session.get(User, created.id)
    assert user is not None and user.must_change_password
    assert password not in user.password_hash and user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, password)
    assert not verify_password(user.password_hash, password + "x")
    roles = session.scalars(select(UserRole.role).where(UserRole.user_id == user.id)).all()
    assert roles == ["admin"]


def test_usernames_are_unique_regardless_of_case(session: Session) -> None:
    create_user(session, username="Zhang", display_name="张", roles=[Role.CLERK])
    with pytest.raises(DomainError) as caught:
        create_user(session, username="zhang", display_name="张二", roles=[Role.CLERK])
    assert caught.value.code == "user.exists" and caught.value.status == 409


@pytest.mark.parametrize("username", ["ab", "has space", "x" * 65, "名字"])
def test_username_rule(session: Session, username: str) -> None:
    with pytest.raises(DomainError) as caught:
        create_user(session, username=username, display_name="x", roles=[Role.CLERK])
    assert caught.value.code == "user.username_invalid"


def test_the_database_refuses_an_unknown_role(session: Session) -> None:
    created = create_user(session, username="li.ming", display_name="李明", roles=[Role.CLERK])
    with pytest.raises(IntegrityError, match="known_role"):
        session.execute(
            text("INSERT INTO user_roles (user_id, role) VALUES (:id, 'superuser')"),
            {"id": created.id},
        )
        session.flush()
