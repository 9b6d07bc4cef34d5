"""The product version, read from the installed distribution metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("countersign")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

API_PREFIX = "/api/v1"
