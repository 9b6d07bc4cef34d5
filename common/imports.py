"""Batch import (批量录入): the columns of the Excel templates, per document kind.

The client reads and writes the .xlsx files; the server receives the rows as
text and decides. A column is its key; its title in each language is the
catalogue's ``words.import.column.<key>`` (client/importing/excel.py).
"""

from __future__ import annotations

from common.enums import DocumentKind

COLUMNS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.INCOME: (
        "doc_date",
        "unit_code",
        "income_item_code",
        "amount",
        "payer",
        "summary",
        "attachment_count",
    ),
    DocumentKind.EXPENDITURE: (
        "doc_date",
        "unit_code",
        "functional_item_code",
        "economic_item_code",
        "amount",
        "payee",
        "payee_account",
        "payee_bank",
        "payment_method",
        "summary",
        "attachment_count",
    ),
    DocumentKind.VOUCHER: (
        "voucher_no",
        "doc_date",
        "unit_code",
        "voucher_type",
        "summary",
        "account_code",
        "debit",
        "credit",
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
