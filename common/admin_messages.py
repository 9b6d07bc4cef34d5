"""Messages of the administrators' four-eyes requests (DOMAIN.md "Four eyes on
administration"), code -> (zh_CN, en)."""

from __future__ import annotations

ADMIN_MESSAGES: dict[str, tuple[str, str]] = {
    "announcement.not_found": ("公告不存在:{id}", "No such announcement: {id}"),
    "announcement.dates": (
        "公告的结束时间须晚于开始时间",
        "An announcement must end after it starts",
    ),
    "announcement.begins_not_maintenance": (
        "“维护开始时间”只用于系统维护公告",
        "'Maintenance begins' is only for a maintenance announcement",
    ),
    "announcement.begins_outside": (
        "“维护开始时间”须在公告的开始与结束时间之间",
        "'Maintenance begins' must lie between the announcement's start and end",
    ),
    "announcement.ended": (
        "公告已结束或已撤下,无需再撤",
        "The announcement has already ended or been withdrawn",
    ),
    "feedback.not_found": ("问题反馈不存在:{id}", "No such problem report: {id}"),
    "feedback.closed": (
        "问题反馈 {id} 已关闭,不能再答复或关闭",
        "Problem report {id} is closed; it cannot be answered or closed again",
    ),
    "feedback.screenshot_too_large": (
        "“截图”过大:最大 {max_mb} MB",
        "'Screenshot' is too large: at most {max_mb} MB",
    ),
    "feedback.screenshot_not_png": (
        "“截图”须为 PNG 图片",
        "'Screenshot' must be a PNG image",
    ),
    "faq.not_found": ("常见问题不存在:{id}", "No such FAQ entry: {id}"),
    "faq.tag_too_long": (
        "“标签”过长:每个标签最多 {max} 个字",
        "'Tags' too long: at most {max} characters each",
    ),
    "admin_request.not_found": ("申请不存在:{id}", "No such request: {id}"),
    "admin_request.pending_exists": (
        "已有待审批的同一申请(编号 {id}),请等待另一位管理员处理",
        "The same request is already waiting for a second administrator (no. {id})",
    ),
    "admin_request.decided": (
        "该申请已处理,不能再次处理",
        "This request has already been decided",
    ),
    "admin_request.own": (
        "不能审批自己提出的申请,须由另一位管理员审批",
        "You cannot approve your own request; a second administrator must",
    ),
    "admin_request.not_requester": (
        "只有申请人本人可以撤回申请",
        "Only the administrator who asked can withdraw the request",
    ),
    "backup.running": ("已有备份正在进行,请等它完成", "A backup is already running; wait for it"),
    "admin_request.note_required": ("请填写{field_name}", "{field_name} is required"),
}
