"""Messages of the guarded account changes (role grants and second-factor resets
under four eyes) and of the hand-over of a leaver's work (离职交接),
code -> (zh_CN, en). The ``handover.item_*`` codes say why the chosen successor
cannot take one item; they are sent as codes with each item and rendered by the
console in its language."""

from __future__ import annotations

USER_ADMIN_MESSAGES: dict[str, tuple[str, str]] = {
    # four eyes on role grants and second-factor resets
    "access_request.outdated": (
        "申请提交后账号 {username} 已有变更,此申请已不适用:请拒绝它,需要时重新提交",
        "Account {username} has changed since the request was made, so it no longer "
        "applies: refuse it and ask again if still needed",
    ),
    "access_request.own_account": (
        "不能审批与自己账号有关的申请,须由另一位管理员审批",
        "You cannot approve a request about your own account; another administrator must",
    ),
    "access_request.requester_gone": (
        "申请人已不是在用的系统管理员,此申请不能再批准,请拒绝",
        "The requester is no longer an active administrator; the request cannot be "
        "approved; refuse it",
    ),
    "user.privileged_unenrolled": (
        "账号 {username} 持有管理员/审计员岗位且尚未绑定动态口令,不能由一位管理员单独重置密码"
        "(重置者将独自掌握其全部凭据):请为其申请重置动态口令,批准的管理员会得到新的初始密码并交给本人",
        "Account {username} holds the administrator or auditor role and has no "
        "authenticator yet, so one administrator alone cannot reset its password (they "
        "would hold all its credentials): ask for a second-factor reset instead; the "
        "approving administrator receives the new initial password and hands it over",
    ),
    "user.admin_exists": (
        "已存在在用的系统管理员:其他管理员请在管理后台创建,并由另一位管理员审批;"
        "确需在服务器上再建一个(如新单位的第二位管理员),请加 --force(将记入操作日志)",
        "An active administrator already exists: create other administrators in the "
        "admin console, approved by a second administrator; to create one here anyway "
        "(e.g. a new office's second administrator), add --force (it is logged)",
    ),
    # hand-over of a leaver's work
    "handover.same_user": (
        "接手人:不能是离职人员本人",
        "Successor: cannot be the leaver themselves",
    ),
    "handover.successor_unknown": (
        "接手人:用户不存在({user_id})",
        "Successor: no such user ({user_id})",
    ),
    "handover.successor_unavailable": (
        "接手人:账号已停用或已锁定,不能接手工作",
        "Successor: the account is disabled or locked and cannot take over work",
    ),
    "handover.item_not_clerk": (
        "接手人没有业务操作员岗位,不能接手单据",
        "The successor is not a clerk and cannot take over documents",
    ),
    "handover.item_out_of_scope": (
        "该单据的预算单位不在接手人的单位范围内",
        "The item's budget unit is outside the successor's unit scope",
    ),
    "handover.item_reviewed_it": (
        "接手人审核过该单据,不能再成为它的制单人",
        "The successor acted on this item as a reviewer and cannot become its maker",
    ),
    "handover.item_not_reviewer": (
        "接手人不是审核员,不能接手审批事项",
        "The successor is not a reviewer and cannot take over review steps",
    ),
    "handover.item_admin": (
        "接手人是系统管理员,系统管理员不能审批业务单据",
        "The successor is an administrator; administrators cannot act on business items",
    ),
    "handover.item_no_authority": (
        "接手人没有该单据当前环节({level_zh})的审批权限",
        "The successor has no authority for this item's current step ({level_en})",
    ),
    "handover.item_own_item": (
        "该单据由接手人录入,接手人不能审批它",
        "The successor made this item and cannot act on it",
    ),
    "handover.item_second_step": (
        "接手人已审批过该单据的另一级,同一单据不能由一人审批两级",
        "The successor approved another step of this item; one person cannot approve two levels",
    ),
}
