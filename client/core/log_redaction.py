"""What must never leave the desk in a problem report's log: session tokens,
passwords, one-time and recovery codes, keys. A log line may carry them in a
header, a query string, a JSON body or a message; each pattern below covers one
of those shapes, and anything long and opaque enough to be a token goes too."""

from __future__ import annotations

import re

HIDDEN = "[已隐去]"

_SECRET_WORDS = (
    r"authorization|bearer|token|access_token|refresh_token|session|cookie|set-cookie"
    r"|password|passwd|new_password|old_password|secret|totp|code|recovery_code|otp"
    r"|api[_-]?key|private[_-]?key|key|signature|idempotency-key"
)
# "Bearer abc.def", "Basic xyz=="
_SCHEME = re.compile(r"\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
# key=value / key: value / "key": "value" (JSON, headers, query strings, reprs)
_PAIR = re.compile(
    rf"""(?P<key>["']?(?:{_SECRET_WORDS})["']?\s*[:=]\s*)(?P<quote>["']?)"""
    r"(?!(?:Bearer|Basic|Token)\s|\[已隐去\])"  # a scheme, or what is already hidden
    r"""(?P<value>[^\s"',;&}\]]+)""",
    re.IGNORECASE,
)
# long opaque runs: hex, base64 or base64url of 24+ characters
_OPAQUE = re.compile(r"(?<![A-Za-z0-9_/.-])[A-Za-z0-9+/_=-]{24,}(?![A-Za-z0-9_/.-])")
# a 6-digit code standing alone after a word about codes ("验证码 123456")
_CODE = re.compile(r"(口令|验证码|动态码|code)(\D{0,3})\d{6,8}\b", re.IGNORECASE)


def _opaque(match: re.Match[str]) -> str:
    run = match.group(0)
    has_digit = any(ch.isdigit() for ch in run)
    has_letter = any(ch.isalpha() for ch in run)
    return HIDDEN if has_digit and has_letter else run  # words and numbers stay


def redact(text: str) -> str:
    """The text with every secret replaced by 已隐去; the rest as it was, so the
    administrator can still read what happened."""
    text = _SCHEME.sub(lambda m: f"{m.group(1)} {HIDDEN}", text)
    text = _PAIR.sub(lambda m: f"{m.group('key')}{m.group('quote')}{HIDDEN}", text)
    text = _CODE.sub(lambda m: f"{m.group(1)}{m.group(2)}{HIDDEN}", text)
    return _OPAQUE.sub(_opaque, text)
