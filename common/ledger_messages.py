"""Messages of the books (记账, 期初余额, 会计报表, 年结); ``common.errors`` merges them."""

from __future__ import annotations

from typing import Any

LEDGER_MESSAGES: dict[str, tuple[str, str]] = {
    "posting.automatic": (
        "本单位终审通过即自动记账,没有单独的记账或出纳签字步骤(系统参数“记账作为单独步骤”)",
        "Documents post at final approval here: there is no separate posting or "
        "cashier step (parameter 'posting as a step of its own')",
    ),
    "posting.not_voucher": (
        "只有会计凭证记账;收入、支出记录随其生成的凭证记账",
        "Only vouchers are posted; an income or expenditure record posts with its voucher",
    ),
    "posting.not_approved": (
        "凭证状态为“{status_zh}”:只有已审核、未记账的凭证可以{step_zh}",
        "The voucher is {status_en}: only an approved voucher not yet posted can be {step_en}",
    ),
    "posting.own_document": (
        "不能为本人制单的凭证{step_zh}(记账、出纳签字须由制单人以外的人办理)",
        "You made this voucher (or its record), so you cannot {step_verb_en} it",
    ),
    "posting.reviewed_it": (
        "您审核过该凭证(或其原始记录),不能再为它{step_zh}",
        "You reviewed this voucher (or its record), so you cannot {step_verb_en} it",
    ),
    "posting.cashier_signed_it": (
        "您已作为出纳为该凭证签字,记账须由另一位记账员办理",
        "You signed this voucher as cashier; another poster must post it",
    ),
    "posting.cashier_first": (
        "凭证涉及现金或银行科目({accounts}),记账前须由出纳签字",
        "The voucher touches cash or bank accounts ({accounts}): the cashier must sign "
        "it before it is posted",
    ),
    "posting.no_cash": (
        "凭证不涉及现金或银行科目,无须出纳签字",
        "The voucher touches no cash or bank account: it needs no cashier's sign-off",
    ),
    "posting.cashier_not_required": (
        "本单位记账前不要求出纳签字(系统参数“涉及现金、银行的凭证须出纳签字”)",
        "No cashier's sign-off is required here (parameter 'cashier sign-off on cash "
        "and bank vouchers')",
    ),
    "posting.already_signed": (
        "该凭证已由{name}于 {at} 作出纳签字",
        "{name} already signed this voucher as cashier at {at}",
    ),
}

# The step a posting message is about, in its three forms.
STEP_WORDS: dict[str, dict[str, Any]] = {
    "posting": {"step_zh": "记账", "step_en": "posted", "step_verb_en": "post"},
    "cashier": {"step_zh": "出纳签字", "step_en": "signed by the cashier", "step_verb_en": "sign"},
}
