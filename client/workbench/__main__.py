"""``countersign``: the workbench."""

from __future__ import annotations

import sys

from client.app import run
from client.workbench.main_window import WorkbenchWindow


def main() -> int:
    return run("countersign", WorkbenchWindow)


if __name__ == "__main__":
    sys.exit(main())
