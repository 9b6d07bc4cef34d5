"""Messages of source documents (原始凭证 / 附件): a file refused, an attachment
frozen with its document, a count below the attached pages, an approval before
the files were opened. code -> (zh_CN, en); ``common.errors`` merges them.

Every refusal of a file names it (``{name}``) and the field ``file``, so the
client can mark the one file of several that was refused.
"""

from __future__ import annotations

ATTACHMENT_MESSAGES: dict[str, tuple[str, str]] = {
    "attachment.bad_upload": (
        "上传内容无效:须以 multipart/form-data 提交,且只含一个名为 file 的文件",
        "The upload is invalid: send multipart/form-data with exactly one file field named 'file'",
    ),
    "attachment.empty": ("文件“{name}”是空文件(0 字节)", "The file '{name}' is empty (0 bytes)"),
    "attachment.too_large": (
        "文件“{name}”过大:附件最大 {max_mb} MB",
        "The file '{name}' is too large: an attachment is at most {max_mb} MB",
    ),
    "attachment.type_refused": (
        "文件“{name}”不是可接受的附件:只接受 PDF、JPEG、PNG、TIFF 或 OFD 文件"
        "(按文件内容判断,与文件名无关)",
        "The file '{name}' is not an accepted attachment: only PDF, JPEG, PNG, TIFF or OFD "
        "files are (judged by the content, not the name)",
    ),
    "attachment.unreadable": (
        "文件“{name}”看似 {kind} 文件,但无法打开(可能已损坏或不完整)",
        "The file '{name}' looks like a {kind} file but cannot be opened "
        "(it may be damaged or incomplete)",
    ),
    "attachment.encrypted": (
        "文件“{name}”设有打开密码:请去掉密码后再上传",
        "The file '{name}' is password-protected: remove the password and upload it again",
    ),
    "attachment.too_many_pages": (
        "文件“{name}”有 {pages} 页,加上已上传的 {attached} 页将超过附件张数上限 {max}",
        "The file '{name}' has {pages} pages; with the {attached} attached already this "
        "passes the limit of {max} attachment pages",
    ),
    "attachment.already_attached": (
        "文件“{name}”与已上传的附件“{other}”内容相同,无需重复上传",
        "The file '{name}' is the same as the attachment '{other}' already on this document",
    ),
    "attachment.not_found": ("附件不存在:{id}", "No such attachment: {id}"),
    "attachment.not_maker": (
        "只有制单人本人可以添加或删除附件",
        "Only the document's maker can add or remove its attachments",
    ),
    "attachment.frozen": (
        "单据状态为“{status_zh}”,附件已随单据冻结,不能添加或删除(退回修改后可以)",
        "The document is {status_en}: its attachments are frozen with it and cannot be "
        "added or removed (a document returned for correction may change them)",
    ),
    "attachment.reason_required": (
        "删除附件必须填写原因",
        "Removing an attachment needs a reason",
    ),
    "attachment.count_below_pages": (
        "附件张数不能少于已上传附件的页数 {pages}(超出部分为另行保管的纸质附件)",
        "The attachment count cannot be less than the {pages} attached pages "
        "(any more are paper pages kept outside)",
    ),
    "attachment.paper_reason_required": (
        "附件张数 {declared} 多于已上传附件的 {pages} 页:请在“纸质附件说明”中写明另行保管的 "
        "{extra} 张纸质附件是什么",
        "The attachment count {declared} is more than the {pages} attached pages: say under "
        "'Paper pages kept outside' what the {extra} paper pages kept outside are",
    ),
    "review.attachments_unopened": (
        "您还有 {unopened} 个附件未打开查看(共 {total} 个):请逐一打开核对后再审核通过",
        "You have not opened {unopened} of the {total} attachments: open each one before approving",
    ),
}
