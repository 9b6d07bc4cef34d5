"""Error codes and their messages in every UI language.

Errors are codes, not prose (ARCHITECTURE.md rule 6): the server raises
``DomainError("voucher.unbalanced", debit=..., credit=...)`` and answers
``{"code", "message", "params"}``; the message is rendered here so the client can
render the same code identically when it checks early. The texts are the gettext
catalogues of resources/locale (common/i18n.py): a code's msgid is the code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from common import i18n
from common.document_messages import field_name
from common.enums import DEFAULT_LANGUAGE, Language, Role


class _Messages(Mapping[str, tuple[str, ...]]):
    """code -> its texts in the order of :class:`Language`, read from the catalogues.
    Placeholders are str.format fields filled from params."""

    def __getitem__(self, code: str) -> tuple[str, ...]:
        if code not in i18n.error_codes():
            raise KeyError(code)
        return tuple(i18n.template(code, language) for language in Language)

    def __contains__(self, code: object) -> bool:
        return code in i18n.error_codes()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(i18n.error_codes()))

    def __len__(self) -> int:
        return len(i18n.error_codes())


MESSAGES: Mapping[str, tuple[str, ...]] = _Messages()


class DomainError(Exception):
    """A business rule was broken. Carries a code and the parameters of its message."""

    def __init__(
        self, code: str, /, *, status: int = 400, commit: bool = False, **params: Any
    ) -> None:
        """``commit=True``: the refusal is itself a fact to keep (a failed login
        counts toward lockout and is audited), so the transaction commits before
        the error is answered instead of rolling back."""
        if code not in MESSAGES:
            raise KeyError(f"unknown error code {code!r}; add it to resources/locale (README)")
        super().__init__(code)
        self.code = code
        self.status = status
        self.commit = commit
        self.params: dict[str, Any] = params

    def message(self, language: Language = DEFAULT_LANGUAGE) -> str:
        return render_message(self.code, self.params, language)


def _role_words(codes: str, language: Language) -> str:
    """ "clerk, reviewer" -> "业务操作员、审核员": people read posts, not codes."""
    from common.labels import label

    words = [
        label(Role(code), language) if code in Role._value2member_map_ else code
        for code in (part.strip() for part in codes.split(","))
        if code
    ]
    return i18n.join(words, language)


def _legacy_words(values: dict[str, Any], language: Language) -> None:
    """Params stored before the catalogues (a notification's) named things twice,
    ``X_zh`` and ``X_en``; they fill ``{X_words}`` now."""
    for key in [k for k in values if k.endswith("_zh")]:
        stem = key[:-3]
        if f"{stem}{i18n.WORDS_SUFFIX}" not in values:
            chosen = values[key] if language is Language.ZH_CN else values.get(f"{stem}_en")
            values[f"{stem}{i18n.WORDS_SUFFIX}"] = chosen if chosen is not None else values[key]


def render_message(
    code: str, params: Mapping[str, Any] | None = None, language: Language = DEFAULT_LANGUAGE
) -> str:
    """The message of ``code`` in ``language``; unknown codes and missing fields degrade
    to showing the code rather than failing, so an old client can show a newer error."""
    if not i18n.known(code):
        return code
    values = dict(params or {})
    if isinstance(values.get("field"), str):
        values.setdefault("field_name", field_name(values["field"], language))
    if isinstance(values.get("roles"), str):  # role codes, as the server names them
        values["roles"] = _role_words(values["roles"], language)
    _legacy_words(values, language)
    return i18n.fill(i18n.template(code, language), i18n.localise(values, language))
