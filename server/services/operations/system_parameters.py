"""System parameters (系统参数) as administrators read and change them.

The values live in server/services/core/params.py's models, read afresh by every
request (lockout, sessions, password rules, document checks, alerts) and by the
nightly backup's check, so a saved change holds from the next request. A change
is all or nothing: every named value is checked against its model's limits and
against the rules between parameters, and nothing is saved while any is wrong.
Each changed parameter is logged with its value before and after. Every change
needs a fresh code (the route's FreshAdmin); one that weakens a security
parameter (security_parameters.py: longer windows, more tries, laxer passwords,
four eyes off) waits for a second administrator while four eyes is on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from annotated_types import Ge, Gt, Le, Lt
from pydantic import ValidationError
from pydantic.fields import FieldInfo
from sqlalchemy import text
from sqlalchemy.orm import Session

from common.errors import DomainError
from common.money import MoneyError, to_money
from common.parameter_messages import parameter_name_code, parameter_names
from common.rules.client_versions import normalised
from common.rules.passwords import PasswordPolicy
from common.schemas.admin_requests import AdminRequestOut, RequestAction
from common.schemas.base import Schema
from common.schemas.parameters import (
    ParameterGroup,
    ParameterKind,
    ParameterOut,
    ParameterProblem,
    ParametersOut,
    ParameterValue,
)
from server.db.models import AdminRequest
from server.services.accounts import four_eyes, guarded_access, security_parameters
from server.services.accounts.sessions import Authenticated
from server.services.core import audit
from server.services.core.params import (
    AdminParameters,
    AuthParameters,
    DocumentParameters,
    admin_parameters,
    auth_parameters,
    document_parameters,
    forget,
    set_parameter,
)

POLICY = "password_policy"
CHANGE = RequestAction.PARAMETERS_CHANGE  # a weakening waiting for a second administrator
TARGET = "parameters"
_LOCK = "countersign:system-parameters"
_RANGE_ERRORS = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})
_KIND_CODES = {
    ParameterKind.INTEGER: "parameter.integer",
    ParameterKind.BOOLEAN: "parameter.boolean",
    ParameterKind.MONEY: "parameter.money",
    ParameterKind.TIME: "parameter.time",
    ParameterKind.VERSION: "parameter.version",
}


@dataclass(frozen=True)
class Spec:
    key: str
    group: ParameterGroup
    kind: ParameterKind
    model: type[Schema]  # the parameter set it is stored with

    @property
    def nested(self) -> bool:
        return self.key.startswith(POLICY + ".")

    @property
    def name(self) -> str:
        """The field's name in its model (PasswordPolicy's for the policy)."""
        return self.key.partition(".")[2] if self.nested else self.key

    @property
    def stored(self) -> str:
        """The key of its row in system_parameters."""
        return POLICY if self.nested else self.key

    @property
    def field(self) -> FieldInfo:
        owner: type[Schema] = PasswordPolicy if self.nested else self.model
        return owner.model_fields[self.name]


_G, _K = ParameterGroup, ParameterKind
SPECS: tuple[Spec, ...] = (
    Spec("password_policy.min_length", _G.PASSWORD, _K.INTEGER, AuthParameters),
    Spec("password_policy.max_length", _G.PASSWORD, _K.INTEGER, AuthParameters),
    Spec("password_policy.require_letter", _G.PASSWORD, _K.BOOLEAN, AuthParameters),
    Spec("password_policy.require_digit", _G.PASSWORD, _K.BOOLEAN, AuthParameters),
    Spec("password_policy.require_special", _G.PASSWORD, _K.BOOLEAN, AuthParameters),
    Spec("password_policy.history", _G.PASSWORD, _K.INTEGER, AuthParameters),
    Spec("password_policy.max_age_days", _G.PASSWORD, _K.INTEGER, AuthParameters),
    Spec("password_policy.warn_days", _G.PASSWORD, _K.INTEGER, AuthParameters),
    Spec("lockout_threshold", _G.LOCKOUT, _K.INTEGER, AuthParameters),
    Spec("wrong_codes_per_ticket", _G.LOCKOUT, _K.INTEGER, AuthParameters),
    Spec("ticket_minutes", _G.LOCKOUT, _K.INTEGER, AuthParameters),
    Spec("fresh_code_minutes", _G.LOCKOUT, _K.INTEGER, AuthParameters),
    Spec("client_idle_lock_minutes", _G.IDLE, _K.INTEGER, AuthParameters),
    Spec("session_idle_minutes", _G.IDLE, _K.INTEGER, AuthParameters),
    Spec("session_absolute_hours", _G.IDLE, _K.INTEGER, AuthParameters),
    Spec("double_entry_threshold", _G.THRESHOLDS, _K.MONEY, DocumentParameters),
    Spec("duplicate_window_days", _G.THRESHOLDS, _K.INTEGER, DocumentParameters),
    Spec("attachment_max_mb", _G.THRESHOLDS, _K.INTEGER, DocumentParameters),
    Spec("attachments_opened_before_approval", _G.THRESHOLDS, _K.BOOLEAN, DocumentParameters),
    Spec("alert_export_rows", _G.THRESHOLDS, _K.INTEGER, AdminParameters),
    Spec("backup_daily_at", _G.BACKUP, _K.TIME, AdminParameters),
    Spec("backup_keep_daily", _G.BACKUP, _K.INTEGER, AdminParameters),
    Spec("backup_keep_weekly", _G.BACKUP, _K.INTEGER, AdminParameters),
    Spec("four_eyes", _G.FOUR_EYES, _K.BOOLEAN, AdminParameters),
    Spec("min_client_version", _G.CLIENT, _K.VERSION, AuthParameters),
    Spec("separate_posting", _G.POSTING, _K.BOOLEAN, DocumentParameters),
    Spec("cashier_sign_off", _G.POSTING, _K.BOOLEAN, DocumentParameters),
    Spec("quota_check", _G.QUOTAS, _K.BOOLEAN, DocumentParameters),
    Spec("quota_required", _G.QUOTAS, _K.BOOLEAN, DocumentParameters),
)
BY_KEY = {spec.key: spec for spec in SPECS}
MODELS: tuple[type[Schema], ...] = (AuthParameters, DocumentParameters, AdminParameters)
# rules between two parameters: (this, other, code): this not above / below other
PAIRS = (
    ("password_policy.min_length", "password_policy.max_length", "parameter.not_above_other"),
    ("password_policy.warn_days", "password_policy.max_age_days", "parameter.below_other"),
)


def bounds(field: FieldInfo) -> tuple[Decimal | None, Decimal | None]:
    """The field's inclusive limits, as its model declares them."""
    low = high = None
    for rule in field.metadata:
        if isinstance(rule, Ge | Gt):
            low = Decimal(str(rule.ge if isinstance(rule, Ge) else rule.gt))
        if isinstance(rule, Le | Lt):
            high = Decimal(str(rule.le if isinstance(rule, Le) else rule.lt))
    return low, high


Sets = dict[type[Schema], dict[str, Any]]


def _current(session: Session) -> Sets:
    """Every parameter set as JSON values: what requests use now."""
    return {
        AuthParameters: auth_parameters(session).model_dump(mode="json"),
        DocumentParameters: document_parameters(session).model_dump(mode="json"),
        AdminParameters: admin_parameters(session).model_dump(mode="json"),
    }


def _value(sets: Mapping[type[Schema], Mapping[str, Any]], spec: Spec) -> Any:
    values = sets[spec.model]
    return values[POLICY][spec.name] if spec.nested else values[spec.key]


def listing(session: Session) -> ParametersOut:
    """Every parameter with its value now, its default and its limits."""
    current = _current(session)
    defaults = {model: model().model_dump(mode="json") for model in MODELS}
    found = []
    for spec in SPECS:
        low, high = bounds(spec.field)
        found.append(
            ParameterOut(
                key=spec.key,
                group=spec.group,
                kind=spec.kind,
                value=_value(current, spec),
                default=_value(defaults, spec),
                minimum=low,
                maximum=high,
            )
        )
    return ParametersOut(parameters=found)


def _problem(key: str, code: str, **params: Any) -> ParameterProblem:
    return ParameterProblem(
        field=key, code=code, params={"field": key, **parameter_names(key), **params}
    )


def _field_problem(spec: Spec, error_type: str, rule: str) -> ParameterProblem:
    """The value broke its own field's rule: its range, or its kind."""
    low, high = bounds(spec.field)
    if error_type in _RANGE_ERRORS:
        if low is not None and high is not None:
            return _problem(spec.key, "parameter.between", min=str(low), max=str(high))
        if low is not None:
            return _problem(spec.key, "parameter.at_least", min=str(low))
        return _problem(spec.key, "parameter.invalid", rule=rule)
    return _problem(spec.key, _KIND_CODES[spec.kind])


def _shaped(spec: Spec, value: ParameterValue) -> tuple[Any, ParameterProblem | None]:
    """Money is exact text with two places (1e5 or 1.005 is not an amount); a
    version is kept in its canonical spelling ("1.02" is "1.2")."""
    if spec.kind is ParameterKind.VERSION:
        try:
            return normalised(value if isinstance(value, str) else "?"), None
        except ValueError:
            return value, _problem(spec.key, "parameter.version")
    if spec.kind is not ParameterKind.MONEY:
        return value, None
    if not isinstance(value, str):
        return value, _problem(spec.key, "parameter.money")
    try:
        return str(to_money(value)), None
    except MoneyError:
        return value, _problem(spec.key, "parameter.money")


def _candidate(current: Sets, changes: Mapping[Spec, Any]) -> Sets:
    sets = {model: dict(values) for model, values in current.items()}
    for spec, value in changes.items():
        values = sets[spec.model]
        if spec.nested:
            values[POLICY] = {**values[POLICY], spec.name: value}
        else:
            values[spec.key] = value
    return sets


def _checked(
    candidate: Sets, changed: Mapping[Spec, Any], *, earlier: bool
) -> list[ParameterProblem]:
    """Each parameter set validated strictly (a bool is not a number, a number
    not a time), then — when every value is good by itself (none refused
    ``earlier`` either) — the rules between parameters."""
    problems: list[ParameterProblem] = []
    for model, values in candidate.items():
        try:
            model.model_validate_json(json.dumps(values), strict=True)
        except ValidationError as refused:
            for error in refused.errors():
                spec = BY_KEY.get(".".join(str(part) for part in error["loc"]))
                if spec is None:  # not one the console edits: the request cannot name it
                    problems.append(
                        _problem(str(error["loc"]), "parameter.invalid", rule=error["msg"])
                    )
                else:
                    problems.append(_field_problem(spec, error["type"], error["msg"]))
    if problems or earlier:
        return problems
    keys = {spec.key for spec in changed}
    for this, other, code in PAIRS:
        mine, theirs = _value(candidate, BY_KEY[this]), _value(candidate, BY_KEY[other])
        broken = mine > theirs if code == "parameter.not_above_other" else mine >= theirs
        if broken:
            names = parameter_names(other)
            problems.append(
                _problem(
                    this if this in keys or other not in keys else other,
                    code,
                    **parameter_names(this),
                    other=theirs,
                    other_words=names["name_words"],
                )
            )
    return problems


def lock(session: Session) -> None:
    """One change at a time, so each logged "before" is what the change replaced.
    Taken before anything is written to the operation log (whose lock a save takes
    after this one); an approval takes it first too (admin_request_actions.py).
    Held to the end of the transaction; taking it again in it is a no-op wait."""
    session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))"), {"k": _LOCK})


def _prepared(
    session: Session, values: Mapping[str, ParameterValue]
) -> tuple[Sets, Sets, list[Spec]]:
    """The sets now, the sets as ``values`` would make them, and the parameters that
    would change; 422 (every problem in ``problems``) when any value is wrong."""
    lock(session)
    forget(session)
    problems: list[ParameterProblem] = []
    changes: dict[Spec, Any] = {}
    for key, raw in values.items():
        spec = BY_KEY.get(key)
        if spec is None:
            problems.append(_problem(key, "parameter.unknown"))
            continue
        value, problem = _shaped(spec, raw)
        if problem is not None:
            problems.append(problem)
        else:
            changes[spec] = value
    current = _current(session)
    candidate = _candidate(current, changes)
    problems += _checked(candidate, changes, earlier=bool(problems))
    if problems:
        first = problems[0]
        raise DomainError(
            first.code,
            status=422,
            **first.params,
            problems=[problem.model_dump(mode="json") for problem in problems],
        )
    changed = [spec for spec in SPECS if _value(current, spec) != _value(candidate, spec)]
    return current, candidate, changed


def update(
    session: Session,
    auth: Authenticated,
    values: Mapping[str, ParameterValue],
    *,
    reason: str = "",
    origin: audit.Origin,
    now: dt.datetime,
) -> ParametersOut | AdminRequestOut:
    """Change the named parameters, all or none; log each one that changed.

    Refused (422) with the first problem as the error and every problem in
    ``problems``: an unknown name, a value of the wrong kind or out of its
    limits, or one that breaks a rule between two parameters. A change that
    weakens a security parameter (security_parameters.py) is, under four eyes,
    filed whole as a request for a second administrator instead.
    """
    current, candidate, changed = _prepared(session, values)
    moves = {s.key: (_value(current, s), _value(candidate, s)) for s in changed}
    weaker = security_parameters.weakened(moves)
    if not weaker or not four_eyes.required(session):
        _save(session, auth, current, candidate, changed, origin=origin, now=now)
        return listing(session)
    request = four_eyes.submit(
        session,
        auth,
        CHANGE,
        TARGET,
        reason.strip(),
        origin=origin,
        now=now,
        payload={
            "values": {key: after for key, (_, after) in moves.items()},
            "before": {key: before for key, (before, _) in moves.items()},
            "weakened": weaker,
        },
    )
    return four_eyes.out(session, request)


def carry_out_change(
    session: Session,
    approver: Authenticated,
    request: AdminRequest,
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    """The approved change applies as asked — unless a parameter it changes was
    changed since (then the second administrator approved something else) or its
    requester is no longer an active administrator."""
    guarded_access.check_requester(session, request)
    payload = request.payload
    current, candidate, changed = _prepared(session, payload["values"])
    moved = [key for key, was in payload["before"].items() if _value(current, BY_KEY[key]) != was]
    if moved:
        raise DomainError(
            "parameter_request.outdated",
            status=409,
            id=request.id,
            field=moved[0],
            name_words=parameter_name_code(moved[0]),
        )
    _save(session, approver, current, candidate, changed, origin=origin, now=now)


def _save(
    session: Session,
    auth: Authenticated,
    current: Sets,
    candidate: Sets,
    changed: list[Spec],
    *,
    origin: audit.Origin,
    now: dt.datetime,
) -> None:
    for stored in dict.fromkeys(spec.stored for spec in changed):
        spec = next(s for s in changed if s.stored == stored)
        set_parameter(session, stored, candidate[spec.model][stored])
    for spec in changed:
        audit.record(
            session,
            auth.actor,
            "parameter.changed",
            origin=origin,
            at=now,
            target_type="parameter",
            target_id=spec.key,
            before={spec.key: _value(current, spec)},
            after={spec.key: _value(candidate, spec)},
        )
