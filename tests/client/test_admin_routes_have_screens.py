"""No administrative route without a screen: every /admin route in the server's
OpenAPI document is requested by a method of client/api, and that method is
called from the admin console (client/admin). An exception needs a reason."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "post", "put", "patch", "delete"}
API = "/api/v1"  # the client's paths are relative to it
# route (METHOD path) -> why the console does not call it
WITHOUT_SCREEN: dict[str, str] = {}


def _template(node: ast.expr) -> str | None:
    """'/admin/users/{}/access' from "…" or f"…{user_id}…"; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("{}")
        return "".join(parts)
    return None


def client_requests() -> dict[tuple[str, str], str]:
    """(METHOD, path template) -> the client/api method that requests it."""
    found: dict[tuple[str, str], str] = {}
    for path in (ROOT / "client" / "api").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                    continue
                if call.func.attr in ("request", "stream") and len(call.args) >= 2:
                    method, route = call.args[0], _template(call.args[1])
                elif call.func.attr == "download" and call.args:  # method= keyword, POST
                    given = [k.value for k in call.keywords if k.arg == "method"]
                    method = given[0] if given else ast.Constant("POST")
                    route = _template(call.args[0])
                else:
                    continue
                if isinstance(method, ast.Constant) and route and route.startswith("/admin"):
                    found[(str(method.value).upper(), route)] = function.name
    return found


def _same(template: str, route: str) -> bool:
    """A client template's '{}' matches any segment, as a route's '{param}' does."""
    ours, theirs = template.strip("/").split("/"), route.strip("/").split("/")
    return len(ours) == len(theirs) and all(
        a == b or a == "{}" or (b.startswith("{") and b.endswith("}"))
        for a, b in zip(ours, theirs, strict=True)
    )


def console_source() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "client" / "admin").rglob("*.py")
    )


def test_every_admin_route_is_called_by_the_console(live_server: LiveServer) -> None:
    schema = live_server.app.openapi()
    routes = [
        (method.upper(), path.removeprefix(API))
        for path, operations in schema["paths"].items()
        if path.removeprefix(API).startswith("/admin")
        for method in operations
        if method in METHODS
    ]
    assert len(routes) >= 40
    requests = client_requests()
    console = console_source()
    missing = []
    for method, route in routes:
        key = f"{method} {route}"
        if key in WITHOUT_SCREEN:
            continue
        callers = [name for (m, t), name in requests.items() if m == method and _same(t, route)]
        if not callers:
            missing.append(f"{key}: no client/api method requests it")
            continue
        used = [name for name in callers if re.search(rf"\.{name}\(|\"{name}\"", console)]
        if not used:
            missing.append(f"{key}: {', '.join(callers)} is not called from client/admin")
    assert missing == [], "\n".join(missing)
    for key, reason in WITHOUT_SCREEN.items():
        assert reason.strip(), key
