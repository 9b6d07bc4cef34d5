"""Client versions (客户端版本): the installers the server publishes, what a client
learns at login, and what an administrator uploads in the console."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from common.rules.client_versions import MAX_LENGTH, normalised
from common.schemas.base import Schema

VersionText = Annotated[str, Field(min_length=1, max_length=MAX_LENGTH), AfterValidator(normalised)]


class ClientPlatform(StrEnum):
    """Which operating system an installer is for: a client is offered its own."""

    WINDOWS = "windows"
    LINUX = "linux"


class PublishedInstallerOut(Schema):
    """An installer as anyone may see it (a refused client is not logged in):
    ``download_path`` is relative to the API root (/api/v1), and the client
    checks what it downloads against ``sha256`` and ``size`` before running it."""

    id: int
    version: str
    platform: ClientPlatform
    file_name: str
    size: int
    sha256: str
    download_path: str


class InstallerOut(PublishedInstallerOut):
    """An installer as the console lists it: who uploaded it, and when."""

    uploaded_by: str
    uploaded_at: dt.datetime


class ClientVersionsOut(Schema):
    """The console's 客户端版本 page: the minimum version in force (系统参数) and
    every uploaded installer, newest version first."""

    minimum_version: str
    installers: list[InstallerOut]


class CurrentClientOut(Schema):
    """What the server asks of a client on ``platform``: at least
    ``minimum_version``, and the newest installer it publishes (None: none yet)."""

    minimum_version: str
    latest: PublishedInstallerOut | None = None


class InstallerUploadIn(Schema):
    """The query of an upload; the request's body is the installer itself."""

    version: VersionText
    platform: ClientPlatform
    file_name: str = Field(min_length=1, max_length=200, pattern=r"^[^/\\:*?\"<>|\x00-\x1f]+$")
