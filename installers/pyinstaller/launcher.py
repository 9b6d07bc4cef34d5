"""The one frozen entry point behind both programs of the client bundle: the
workbench (countersign) and the admin console (countersign-admin) share one
runtime, so each executable asks which one it is by its own name."""

import sys
from pathlib import Path


def main() -> int:
    if Path(sys.executable).stem.lower().startswith("countersign-admin"):
        from client.admin.__main__ import main as program
    else:
        from client.workbench.__main__ import main as program
    return program()


if __name__ == "__main__":
    sys.exit(main())
