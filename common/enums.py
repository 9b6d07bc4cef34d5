"""Enumerations shared by the client and the server."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """UI and message languages. Simplified Chinese is the source language."""

    ZH_CN = "zh_CN"
    EN = "en"
    JA = "ja"


DEFAULT_LANGUAGE = Language.ZH_CN


class Role(StrEnum):
    """Posts (岗位) of DOMAIN.md; a user may hold several."""

    CLERK = "clerk"  # 业务操作员
    REVIEWER = "reviewer"  # 审核员 / 审批人
    ANALYST = "analyst"  # 统计分析员
    ADMIN = "admin"  # 系统管理员
    AUDITOR = "auditor"  # 审计员
    POSTER = "poster"  # 记账员: posts approved vouchers where posting is a step of its own
    CASHIER = "cashier"  # 出纳: signs vouchers touching cash or bank before they post


def parse_accept_language(header: str | None) -> Language:
    """Pick a language of :class:`Language` from an HTTP Accept-Language header,
    honouring q-values: a tag matches a language by its primary subtag ("en-GB" is
    English, "zh-TW" and "zh" are Chinese, "ja-JP" Japanese).

    Anything that is not one of them falls back to the default, Chinese.
    """
    if not header:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag:
            ranked.append((-quality, index, tag))
    by_subtag = {language.value.split("_")[0].lower(): language for language in Language}
    for negative_quality, _, tag in sorted(ranked):
        if negative_quality >= 0:
            continue
        found = by_subtag.get(tag.replace("_", "-").split("-")[0])
        if found is not None:
            return found
    return DEFAULT_LANGUAGE


class NormalSide(StrEnum):
    """The side on which an account's balance normally stands (余额方向)."""

    DEBIT = "debit"  # 借
    CREDIT = "credit"  # 贷


class ItemKind(StrEnum):
    """The three budget classifications of DOMAIN.md "Reference data"."""

    INCOME = "income"  # 收入分类
    FUNCTIONAL = "functional"  # 支出功能分类
    ECONOMIC = "economic"  # 支出经济分类


class DocumentKind(StrEnum):
    INCOME = "income"  # 收入
    EXPENDITURE = "expenditure"  # 支出
    VOUCHER = "voucher"  # 会计凭证
    QUOTA_ADJUSTMENT = "quota_adjustment"  # 指标调整 (追加 / 调减): reviewed, never posted


class DocumentStatus(StrEnum):
    """The lifecycle of every document (DOMAIN.md "Business documents")."""

    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交
    IN_REVIEW = "in_review"  # 审核中
    APPROVED = "approved"  # 已审核
    REJECTED = "rejected"  # 已驳回
    RETURNED = "returned"  # 已退回
    POSTED = "posted"  # 已记账


class VoucherType(StrEnum):
    """Voucher types; the value is the word of the number prefix (记-0001)."""

    GENERAL = "记"  # 记账凭证, the default
    RECEIPT = "收"  # 收款凭证
    PAYMENT = "付"  # 付款凭证
    TRANSFER = "转"  # 转账凭证


class QuotaDirection(StrEnum):
    """Which way a quota adjustment (指标调整) moves a unit's yearly quota."""

    INCREASE = "increase"  # 追加
    DECREASE = "decrease"  # 调减


class PaymentMethod(StrEnum):
    DIRECT = "direct"  # 直接支付
    AUTHORISED = "authorised"  # 授权支付


class ReviewLevel(StrEnum):
    """Approval authority (审批权限), lowest first; a higher level may act for a lower."""

    SUPERVISOR = "supervisor"  # 业务主管
    MANAGER = "manager"  # 管理岗
    LEADER = "leader"  # 分管领导

    @property
    def rank(self) -> int:
        return list(ReviewLevel).index(self)


class ReviewAction(StrEnum):
    """What happens to an item on its way (审批记录)."""

    SUBMITTED = "submitted"
    APPROVED = "approved"  # 审核通过
    REJECTED = "rejected"  # 审核不通过
    RETURNED = "returned"  # 退回修改
    DELEGATED = "delegated"  # 委托
    RECALLED = "recalled"  # 收回 (the maker, before any reviewer acted)
    TAKEN_BACK = "taken_back"  # 收回审批 (a reviewer, before the next step acted)
    URGED = "urged"  # 督办 (the maker or a superior post, on an overdue item)


class DeadlineState(StrEnum):
    """The traffic light of an open step (督办提醒)."""

    GREEN = "green"  # on time
    YELLOW = "yellow"  # in the last quarter of its time
    RED = "red"  # overdue


class NotificationKind(StrEnum):
    """What a notification tells its reader."""

    NEW_WORK = "new_work"  # 新待办
    DECIDED = "decided"  # 审批结果 (to the maker)
    DUE_SOON = "due_soon"  # 即将逾期 / 已逾期
    DELEGATED = "delegated"  # 委托给我
    URGED = "urged"  # 督办: someone asks me to act on an overdue item
    FEEDBACK = "feedback"  # 问题反馈已答复: an administrator answered my report
