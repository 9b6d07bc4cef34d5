"""Words of the reference data page in the user's language (the server sends
column keys and canonical values: 'normal_side', 'debit', 'inactive')."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from common.reference_admin import RefKind


def kind_name(kind: RefKind) -> str:
    return {
        RefKind.UNITS: QCoreApplication.translate("ReferenceData", "预算单位"),
        RefKind.ITEMS: QCoreApplication.translate("ReferenceData", "收支项目"),
        RefKind.ACCOUNTS: QCoreApplication.translate("ReferenceData", "会计科目"),
        RefKind.MAPPINGS: QCoreApplication.translate("ReferenceData", "入账规则"),
    }[kind]


def column_title(key: str) -> str:
    titles = {
        "code": QCoreApplication.translate("ReferenceData", "编码"),
        "name": QCoreApplication.translate("ReferenceData", "名称"),
        "parent_code": QCoreApplication.translate("ReferenceData", "上级单位编码"),
        "status": QCoreApplication.translate("ReferenceData", "状态"),
        "item_kind": QCoreApplication.translate("ReferenceData", "类别"),
        "normal_side": QCoreApplication.translate("ReferenceData", "余额方向"),
        "document_kind": QCoreApplication.translate("ReferenceData", "单据类型"),
        "item_prefix": QCoreApplication.translate("ReferenceData", "项目编码(前缀)"),
        "payment_method": QCoreApplication.translate("ReferenceData", "支付方式"),
        "debit_account": QCoreApplication.translate("ReferenceData", "借方科目"),
        "credit_account": QCoreApplication.translate("ReferenceData", "贷方科目"),
        "debit_account_name": QCoreApplication.translate("ReferenceData", "借方科目名称"),
        "credit_account_name": QCoreApplication.translate("ReferenceData", "贷方科目名称"),
    }
    return titles.get(key, key)


def choice_names(column: str) -> dict[str, str]:
    """Canonical value -> word, for the columns that take one of a few values."""
    names = {
        "status": {
            "active": QCoreApplication.translate("ReferenceData", "在用"),
            "inactive": QCoreApplication.translate("ReferenceData", "停用"),
        },
        "item_kind": {
            "income": QCoreApplication.translate("ReferenceData", "收入分类"),
            "functional": QCoreApplication.translate("ReferenceData", "支出功能分类"),
            "economic": QCoreApplication.translate("ReferenceData", "支出经济分类"),
        },
        "normal_side": {
            "debit": QCoreApplication.translate("ReferenceData", "借"),
            "credit": QCoreApplication.translate("ReferenceData", "贷"),
        },
        "document_kind": {
            "income": QCoreApplication.translate("ReferenceData", "收入"),
            "expenditure": QCoreApplication.translate("ReferenceData", "支出"),
        },
        "payment_method": {
            "": QCoreApplication.translate("ReferenceData", "不限"),
            "direct": QCoreApplication.translate("ReferenceData", "直接支付"),
            "authorised": QCoreApplication.translate("ReferenceData", "授权支付"),
        },
    }
    return names.get(column, {})


def shown(column: str, value: str) -> str:
    """A value as people read it: a word for a choice, '不限' for an empty prefix."""
    words = choice_names(column)
    if words:
        return words.get(value, value)
    if column == "item_prefix" and not value:
        return QCoreApplication.translate("ReferenceData", "不限")
    return value


def hint(kind: RefKind) -> str:
    return {
        RefKind.UNITS: QCoreApplication.translate(
            "ReferenceData",
            "预算单位按上级单位成树;建立后编码和上级不能修改。不再使用的单位请停用(先停用下级),"
            "已有单据仍然有效。",
        ),
        RefKind.ITEMS: QCoreApplication.translate(
            "ReferenceData",
            "收支项目按编码成树:3 位为类,每下一级加 2 位(如 205、20502)。只有在用的末级项目可以"
            "录入;已有单据的项目不能再增设下级。",
        ),
        RefKind.ACCOUNTS: QCoreApplication.translate(
            "ReferenceData",
            "会计科目按编码成树:4 位为一级科目,每下一级加 2 位(如 1002、100201)。只有在用的末级"
            "科目可以记账;已记账的科目不能再增设下级,也不能改变余额方向。",
        ),
        RefKind.MAPPINGS: QCoreApplication.translate(
            "ReferenceData",
            "入账规则决定审核通过的收入、支出单据生成凭证时的借方和贷方科目:项目编码前缀最长的"
            "规则优先,指定支付方式的优先于不限的。不限项目的兜底规则不能停用。",
        ),
    }[kind]
