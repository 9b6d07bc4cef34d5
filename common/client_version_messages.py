"""Messages of client versions (客户端版本): a client too old to log in, and an
installer upload refused. code -> (zh_CN, en)."""

from __future__ import annotations

CLIENT_VERSION_MESSAGES: dict[str, tuple[str, str]] = {
    "auth.client_too_old": (
        "本客户端版本 {version} 已不再受支持,服务器要求至少 {minimum}:请下载并安装新版本后再登录",
        "This client's version {version} is no longer supported; the server requires at "
        "least {minimum}. Download and install the new version, then log in",
    ),
    "client_version.exists": (
        "已上传过 {platform} 的 {version} 版安装包",
        "An installer of version {version} for {platform} was already uploaded",
    ),
    "client_version.empty": ("安装包文件为空", "The installer file is empty"),
    "client_version.too_large": (
        "安装包过大:最大 {max_mb} MB",
        "The installer is too large: at most {max_mb} MB",
    ),
    "client_version.not_found": ("没有编号为 {id} 的安装包", "There is no installer {id}"),
}
