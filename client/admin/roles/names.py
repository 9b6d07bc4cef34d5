"""The permissions of the roles matrix in words (the server sends their codes)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from common.permissions import Permission


def permission_name(permission: Permission) -> str:
    return {
        Permission.ENTER_DOCUMENTS: QCoreApplication.translate("RolesMatrix", "录入与提交单据"),
        Permission.DECIDE_REVIEWS: QCoreApplication.translate("RolesMatrix", "审核审批"),
        Permission.TAKE_LEAVE: QCoreApplication.translate("RolesMatrix", "休假委托"),
        Permission.QUERY_EXPORT: QCoreApplication.translate("RolesMatrix", "查询与导出"),
        Permission.REPORTS: QCoreApplication.translate("RolesMatrix", "统计报表"),
        Permission.MONITOR: QCoreApplication.translate("RolesMatrix", "审计与监控"),
        Permission.ADMINISTER: QCoreApplication.translate("RolesMatrix", "系统管理"),
        Permission.POST_VOUCHERS: QCoreApplication.translate("RolesMatrix", "记账"),
        Permission.CASHIER_SIGN: QCoreApplication.translate("RolesMatrix", "出纳签字"),
        Permission.STATEMENT_LAYOUT: QCoreApplication.translate("RolesMatrix", "报表格式"),
        Permission.REPORT_SIGN: QCoreApplication.translate("RolesMatrix", "报表审核"),
    }.get(permission, permission.value)


def permission_details(permission: Permission) -> str:
    return {
        Permission.ENTER_DOCUMENTS: QCoreApplication.translate(
            "RolesMatrix", "录入、修改、提交、收回单据,删除草稿,红字冲销,批量导入"
        ),
        Permission.DECIDE_REVIEWS: QCoreApplication.translate(
            "RolesMatrix",
            "审核通过、驳回、退回修改、委托;不能审批本人的单据或同一单据的两级,且以审批权限为限",
        ),
        Permission.TAKE_LEAVE: QCoreApplication.translate("RolesMatrix", "休假期间指定代理审批人"),
        Permission.QUERY_EXPORT: QCoreApplication.translate(
            "RolesMatrix", "在数据范围内查询单据和分录,导出 Excel"
        ),
        Permission.REPORTS: QCoreApplication.translate(
            "RolesMatrix", "科目余额表、总账、明细账、收支汇总、审批效率、日常业务量"
        ),
        Permission.MONITOR: QCoreApplication.translate(
            "RolesMatrix", "告警、操作日志查询与校验、凭证断号检查、系统使用情况、角色权限"
        ),
        Permission.ADMINISTER: QCoreApplication.translate(
            "RolesMatrix",
            "用户与权限、审批规则、基础数据、系统参数、结账、数据备份与恢复、双人复核",
        ),
        Permission.POST_VOUCHERS: QCoreApplication.translate(
            "RolesMatrix", "记账单独作为一步时,为已审核的凭证记账;不能为本人制单或审核过的凭证记账"
        ),
        Permission.CASHIER_SIGN: QCoreApplication.translate(
            "RolesMatrix", "涉及现金、银行的凭证记账前签字;不能为本人制单、审核或记账的凭证签字"
        ),
        Permission.STATEMENT_LAYOUT: QCoreApplication.translate(
            "RolesMatrix", "调整资产负债表、收入费用表、预算收入支出表的行次与取数科目"
        ),
        Permission.REPORT_SIGN: QCoreApplication.translate(
            "RolesMatrix", "签字确认或退回已保存的报表版本;不能签署本人编制的版本"
        ),
    }.get(permission, "")
