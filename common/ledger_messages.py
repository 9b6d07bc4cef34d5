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
    "opening.start_not_first": (
        "期初月份须为某月 1 日,收到的是 {date}",
        "The start month must be the first day of a month (got {date})",
    ),
    "opening.closed": (
        "{unit} 的期初所在月份 {year} 年 {month} 月或其后的月份已结账,期初余额不能再修改",
        "{unit}'s books start in {year}-{month}, and that month or a later one is closed: "
        "its opening balances can no longer change",
    ),
    "opening.books_before": (
        "{unit} 在 {year} 年 {month} 月之前已有凭证({date} 的 {number}),"
        "期初月份不能晚于第一张凭证所在月份",
        "{unit} has vouchers before {year}-{month} ({number} of {date}): the books cannot "
        "start after the first voucher's month",
    ),
    "opening.changed": (
        "期初余额已由{name}于 {at} 修改,请刷新后再保存",
        "{name} changed these opening balances at {at}; reload them before saving",
    ),
    "opening.unknown_account": (
        "第 {row} 行:科目编码“{code}”不存在",
        "Row {row}: there is no account with code '{code}'",
    ),
    "opening.not_leaf": (
        "第 {row} 行:科目“{code} {name}”有下级科目,期初余额请录入到末级科目",
        "Row {row}: account '{code} {name}' has sub-accounts; enter the balance on them",
    ),
    "opening.inactive": (
        "第 {row} 行:科目“{code} {name}”已停用",
        "Row {row}: account '{code} {name}' is no longer in use",
    ),
    "opening.both_sides": (
        "第 {row} 行:科目“{code}”借方、贷方只能填一方",
        "Row {row}: account '{code}' has both a debit and a credit; enter one side only",
    ),
    "opening.duplicate": (
        "第 {row} 行:科目“{code}”已在第 {first} 行出现",
        "Row {row}: account '{code}' is already on row {first}",
    ),
    "opening.bad_amount": (
        "第 {row} 行{column_zh}“{value}”不是有效金额"
        "(不为负,最多两位小数,不超过 9,999,999,999,999.99)",
        "Row {row}, {column_en}: '{value}' is not a valid amount (not negative, at most two "
        "decimals, up to 9,999,999,999,999.99)",
    ),
    "opening.bad_file": (
        "无法读取该 Excel 文件:{detail}",
        "The Excel file cannot be read: {detail}",
    ),
    "opening.missing_columns": (
        "Excel 第一行须有列标题:科目编码、借方余额、贷方余额",
        "The first row of the Excel sheet must name the columns: account code, debit, "
        "credit (or their Chinese titles)",
    ),
    "opening.unbalanced": (
        "{unit} 的期初余额不平衡({group_zh}:借方合计 {debit},贷方合计 {credit}),调平后才能结账",
        "{unit}'s opening balances do not balance ({group_en}: debits {debit}, credits "
        "{credit}); they must balance before the month closes",
    ),
    "statement.unit_out_of_scope": (
        "所选单位不在您的查询范围内",
        "The chosen unit is outside the units you may see",
    ),
    "statement.bad_period": (
        "报表期间“{period}”格式不对,应为年度 2026、季度 2026-Q1 或月份 2026-03",
        "The period '{period}' is not one: write a year (2026), a quarter (2026-Q1) or a "
        "month (2026-03)",
    ),
    "report_version.not_versioned": (
        "报表“{report}”不能保存为审核版本;可保存的报表:{choices}",
        "Report '{report}' cannot be saved as a version for sign-off; these can: {choices}",
    ),
    "report_version.not_found": (
        "报表版本 {version_id} 不存在或不在您的查询范围内",
        "There is no report version {version_id} among the units you may see",
    ),
    "report_version.own_version": (
        "该报表版本由您本人编制,须由另一位审核人签字或退回",
        "You prepared this report version: another reviewer must sign or return it",
    ),
    "report_version.decided": (
        "该报表版本已由 {who} 于 {at} {state_zh},不能再次处理",
        "This report version was already {state_en} by {who} at {at}; it cannot be decided again",
    ),
    "report_version.outdated": (
        "编制该版本后账簿已有变动({documents} 张单据),不能签字;请退回并重新编制",
        "The books changed since this version was prepared ({documents} documents): it "
        "cannot be signed; return it so a new version is prepared",
    ),
    "report_version.reason_required": (
        "退回报表版本须填写退回原因",
        "A report version is returned with a reason: write one",
    ),
    "layout.duplicate_code": (
        "报表格式第 {row} 行:行代码“{code}”与第 {first} 行重复",
        "Layout row {row}: line code '{code}' is already used on row {first}",
    ),
    "layout.both": (
        "报表格式第 {row} 行“{code}”:所含科目与所合计的行只能填一项",
        "Layout row {row} ('{code}'): give either the accounts or the lines it totals, not both",
    ),
    "layout.empty": (
        "报表格式第 {row} 行“{code}”:须填写所含科目或所合计的行",
        "Layout row {row} ('{code}'): give the accounts it takes or the lines it totals",
    ),
    "layout.bad_account": (
        "报表格式第 {row} 行“{code}”:“{token}”不是任何科目编码的开头",
        "Layout row {row} ('{code}'): '{token}' does not begin any account code",
    ),
    "layout.overlap": (
        "报表格式第 {row} 行“{code}”:取数科目“{token}”与第 {other_row} 行“{other}”的取数科目重叠,"
        "同一科目会被计入两次",
        "Layout row {row} ('{code}'): accounts '{token}' overlap those of row {other_row} "
        "('{other}'), so an account would count twice",
    ),
    "layout.unknown_line": (
        "报表格式第 {row} 行“{code}”:所合计的行“{token}”不存在",
        "Layout row {row} ('{code}'): there is no line '{token}' to total",
    ),
    "layout.cycle": (
        "报表格式第 {row} 行“{code}”:合计关系构成循环({path})",
        "Layout row {row} ('{code}'): its totals go round in a circle ({path})",
    ),
    "year_end.december_open": (
        "{year} 年 12 月尚未结账,年结须在 12 月结账后进行",
        "December {year} is not closed yet: year-end comes after December closes",
    ),
    "year_end.done": (
        "{year} 年已于 {at} 由{name}年结;如需重做,须先反结账 {year} 年 12 月",
        "{name} already closed the year {year} at {at}; to do it again, reopen December first",
    ),
    "year_end.target_not_leaf": (
        "年结转入的科目“{code} {name}”有下级科目,须先调整会计科目再年结",
        "Year-end closes into account '{code} {name}', which has sub-accounts; adjust the "
        "chart before closing the year",
    ),
    "year_end.target_missing": (
        "年结须转入科目“{code}”,但会计科目中没有它",
        "Year-end closes into account '{code}', which is not in the chart",
    ),
    "year_end.earlier_open": (
        "{earlier} 年尚未年结:年结须逐年进行,请先对 {earlier} 年年结",
        "The year {earlier} is not closed yet: years close in order, so close {earlier} "
        "before {year}",
    ),
    "year_end.later_closed": (
        "{later} 年已有结账的月份或年结:{year} 年的年结须在其后的月份结账之前进行,请先反结账",
        "{later} already has closed months or a year-end: close {year} before any later "
        "month, reopening those first",
    ),
    "year_end.bad_year": (
        "年度须在 2000 到 2999 之间",
        "The year must be between 2000 and 2999",
    ),
}

# The two groups of accounts that balance each on their own.
GROUP_WORDS: dict[str, dict[str, Any]] = {
    "financial": {"group_zh": "财务会计科目(1–5 类)", "group_en": "financial accounts (1-5)"},
    "budget": {"group_zh": "预算会计科目(6–8 类)", "group_en": "budget accounts (6-8)"},
}

# The step a posting message is about, in its three forms.
STEP_WORDS: dict[str, dict[str, Any]] = {
    "posting": {"step_zh": "记账", "step_en": "posted", "step_verb_en": "post"},
    "cashier": {"step_zh": "出纳签字", "step_en": "signed by the cashier", "step_verb_en": "sign"},
}
