"""Texts of 邮件通知: the e-mails themselves (subject and body, in the reader's
language) and the errors of the mail settings, code -> (zh_CN, en)."""

from __future__ import annotations

MAIL_MESSAGES: dict[str, tuple[str, str]] = {
    # subjects, one per notification kind (the body is the notice's own text)
    "mail.subject.new_work": (
        "[Countersign] 新待办:{kind_zh} {number}",
        "[Countersign] New item to review: {kind_en} {number}",
    ),
    "mail.subject.decided": (
        "[Countersign] 审批结果:{kind_zh} {number}",
        "[Countersign] Decision on {kind_en} {number}",
    ),
    "mail.subject.due_soon": (
        "[Countersign] 即将到期:{kind_zh} {number}",
        "[Countersign] Due soon: {kind_en} {number}",
    ),
    "mail.subject.delegated": (
        "[Countersign] 委托审批:{kind_zh} {number}",
        "[Countersign] Delegated to you: {kind_en} {number}",
    ),
    "mail.subject.urged": (
        "[Countersign] 督办:{kind_zh} {number}",
        "[Countersign] Urged: {kind_en} {number}",
    ),
    "mail.body": (
        "{name},您好:\n\n{text}\n\n请登录 Countersign 业务工作台处理。\n\n"
        "此邮件由系统自动发送,请勿回复。如不需要邮件通知,"
        "可在工作台“设置 → 邮件通知”中关闭。",
        "Dear {name},\n\n{text}\n\nPlease sign in to the Countersign workbench to act on it.\n\n"
        "This message was sent automatically; do not reply. To stop these e-mails, "
        "turn them off in the workbench under Settings > E-mail notifications.",
    ),
    "mail.test.subject": (
        "[Countersign] 测试邮件",
        "[Countersign] Test message",
    ),
    "mail.test.body": (
        "这是 Countersign 的测试邮件,由管理员 {actor} 发送。收到此邮件说明邮件服务器设置正确。",
        "This is a test message from Countersign, sent by the administrator {actor}. "
        "Receiving it means the mail server settings work.",
    ),
    # refusals
    "mail.host_required": (
        "启用邮件通知前须填写邮件服务器地址",
        "Give the mail server's host name before turning mail on",
    ),
    "mail.from_required": (
        "启用邮件通知前须填写发件人地址",
        "Give the sender's address before turning mail on",
    ),
    "mail.address_invalid": (
        "{field_name}格式不正确,应形如 name@office.example",
        "{field_name} must look like name@office.example",
    ),
    "mail.address_required": (
        "开启邮件通知须填写电子邮件地址",
        "Give an e-mail address to turn e-mail notifications on",
    ),
    "mail.not_configured": (
        "邮件服务器尚未设置或未启用",
        "The mail server is not set up or is turned off",
    ),
    "mail.not_found": ("邮件不存在:{id}", "No such e-mail: {id}"),
    "mail.not_failed": (
        "只有发送失败的邮件可以重试",
        "Only an e-mail that failed can be retried",
    ),
}
