"""Batch import (批量录入): the columns of the Excel templates, per document kind.

The client reads and writes the .xlsx files; the server receives the rows as
text and decides. A column is (key, Chinese title, English title).
"""

from __future__ import annotations

from common.enums import DocumentKind

Column = tuple[str, str, str]

COLUMNS: dict[DocumentKind, tuple[Column, ...]] = {
    DocumentKind.INCOME: (
        ("doc_date", "日期", "Date"),
        ("unit_code", "预算单位编码", "Budget unit code"),
        ("income_item_code", "收入项目编码", "Income item code"),
        ("amount", "金额", "Amount"),
        ("payer", "缴款人", "Payer"),
        ("summary", "摘要", "Summary"),
        ("attachment_count", "附件张数", "Attachments"),
    ),
    DocumentKind.EXPENDITURE: (
        ("doc_date", "日期", "Date"),
        ("unit_code", "预算单位编码", "Budget unit code"),
        ("functional_item_code", "功能分类编码", "Functional item code"),
        ("economic_item_code", "经济分类编码", "Economic item code"),
        ("amount", "金额", "Amount"),
        ("payee", "收款人", "Payee"),
        ("payee_account", "收款账号", "Payee account"),
        ("payee_bank", "开户银行", "Payee bank"),
        ("payment_method", "支付方式", "Payment method"),
        ("summary", "摘要", "Summary"),
        ("attachment_count", "附件张数", "Attachments"),
    ),
    DocumentKind.VOUCHER: (
        ("voucher_no", "凭证序号", "Voucher no. in file"),
        ("doc_date", "日期", "Date"),
        ("unit_code", "预算单位编码", "Budget unit code"),
        ("voucher_type", "凭证字", "Voucher type"),
        ("summary", "摘要", "Summary"),
        ("account_code", "科目编码", "Account code"),
        ("debit", "借方金额", "Debit"),
        ("credit", "贷方金额", "Credit"),
    ),
}

# Example rows for the templates, so a clerk sees the expected format.
EXAMPLES: dict[DocumentKind, tuple[tuple[str, ...], ...]] = {
    DocumentKind.INCOME: (("2026-11-02", "001001001", "1030412", "1200.00", "张三", "学费", "1"),),
    DocumentKind.EXPENDITURE: (
        (
            "2026-11-02",
            "001001001",
            "2050203",
            "30201",
            "860.00",
            "市文具公司",
            "6222000011112222",
            "工商银行城东支行",
            "直接支付",
            "购买办公用品",
            "2",
        ),
    ),
    DocumentKind.VOUCHER: (
        ("1", "2026-11-02", "001001001", "记", "报销差旅费", "500102", "500.00", ""),
        ("1", "2026-11-02", "001001001", "记", "报销差旅费", "100201", "", "500.00"),
    ),
}

PAYMENT_METHOD_WORDS = {
    "直接支付": "direct",
    "direct": "direct",
    "授权支付": "authorised",
    "authorised": "authorised",
    "authorized": "authorised",
}

MAX_ROWS = 10_000
