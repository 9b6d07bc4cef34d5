"""``countersign-admin``: the admin console."""

from __future__ import annotations

import sys

from client.admin.main_window import AdminWindow
from client.app import run


def main() -> int:
    return run("countersign-admin", AdminWindow)


if __name__ == "__main__":
    sys.exit(main())
