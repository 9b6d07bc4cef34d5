"""Messages of the reference data editors and their Excel import (基础数据),
code -> (zh_CN, en). Each names the field by ``field_zh`` / ``field_en`` (filled
from common.reference_admin.FIELD_NAMES) and says the rule that was broken."""

from __future__ import annotations

REFERENCE_ADMIN_MESSAGES: dict[str, tuple[str, str]] = {
    "refdata.not_found": ("没有这条基础数据(编号 {id})", "No such reference record (id {id})"),
    "refdata.required": ("“{field_zh}”不能为空", "'{field_en}' must not be empty"),
    "refdata.too_long": (
        "“{field_zh}”过长:最多 {max} 个字符",
        "'{field_en}' is too long: at most {max} characters",
    ),
    "refdata.bad_text": (
        "“{field_zh}”不能包含控制字符(换行、制表符等)",
        "'{field_en}' must not contain control characters (line breaks, tabs ...)",
    ),
    "refdata.code_format": (
        "“{field_zh}”{value} 不符合规则:{rule_zh}",
        "'{field_en}' {value} breaks the rule: {rule_en}",
    ),
    "refdata.bad_choice": (
        "“{field_zh}”的值“{value}”不在可选范围内,可填:{choices_zh}",
        "'{field_en}' value '{value}' is not one of: {choices_en}",
    ),
    "refdata.duplicate": (
        "“{field_zh}”{value} 已存在,不能重复新增",
        "'{field_en}' {value} already exists and cannot be added again",
    ),
    "refdata.duplicate_in_file": (
        "“{field_zh}”{value} 与文件第 {other_row} 行重复",
        "'{field_en}' {value} repeats row {other_row} of the file",
    ),
    "refdata.fixed": (
        "“{field_zh}”建立后不能修改(原为“{old}”,现为“{value}”)",
        "'{field_en}' cannot change once created (was '{old}', now '{value}')",
    ),
    "refdata.parent_missing": (
        "“{field_zh}”{value} 的上级 {parent} 不存在,须先建立上级",
        "'{field_en}' {value}: its parent {parent} does not exist; create the parent first",
    ),
    "refdata.parent_is_self": (
        "“{field_zh}”不能是本单位自己",
        "'{field_en}' cannot be the unit itself",
    ),
    "refdata.parent_cycle": (
        "“{field_zh}”{value}:上级的上级最终又回到了它自己,单位不能成环",
        "'{field_en}' {value}: its chain of parents comes back to itself; units form a tree",
    ),
    "refdata.parent_inactive": (
        "“{field_zh}”{value} 的上级 {parent} 已停用,须先启用上级",
        "'{field_en}' {value}: its parent {parent} is inactive; activate the parent first",
    ),
    "refdata.parent_in_use": (
        "“{field_zh}”{value} 的上级 {parent} 已有业务数据,不能再增设下级"
        "(只有末级可以录入,已录入的数据会挂在非末级上)",
        "'{field_en}' {value}: its parent {parent} already has entries and cannot get "
        "children (only leaves take entries)",
    ),
    "refdata.active_children": (
        "“{field_zh}”{value} 下还有在用的下级({children}),须先停用下级",
        "'{field_en}' {value} still has active children ({children}); deactivate them first",
    ),
    "refdata.used_by_rule": (
        "“{field_zh}”{value} 被在用的入账规则 {rules} 引用,须先修改或停用该规则",
        "'{field_en}' {value} is used by the active posting rule {rules}; change or "
        "deactivate the rule first",
    ),
    "refdata.side_in_use": (
        "“{field_zh}”:科目 {value} 已有记账,不能改变余额方向",
        "'{field_en}': account {value} already has entries; its normal side cannot change",
    ),
    "refdata.end_missing": (
        "“{field_zh}”{value} 不存在",
        "'{field_en}' {value} does not exist",
    ),
    "refdata.end_inactive": (
        "“{field_zh}”{value} 已停用,在用的入账规则只能指向在用的编码",
        "'{field_en}' {value} is inactive; an active posting rule needs active codes",
    ),
    "refdata.end_not_leaf": (
        "“{field_zh}”{value} 不是末级科目,入账只能记到末级科目",
        "'{field_en}' {value} is not a leaf account; entries go to leaf accounts only",
    ),
    "refdata.income_any_method": (
        "“{field_zh}”:收入的入账规则不区分支付方式,请留空",
        "'{field_en}': income posting rules do not depend on the payment method; leave it empty",
    ),
    "refdata.fallback_rule": (
        "“{field_zh}”:不限项目的兜底入账规则不能停用,否则没有更具体规则的单据无法审批入账",
        "'{field_en}': a catch-all posting rule (any item) cannot be deactivated, or records "
        "no more specific rule matches could not be approved",
    ),
    "refdata.bad_file": (
        "文件不是可读取的 Excel(.xlsx)文件:{detail}",
        "The file is not a readable Excel (.xlsx) file: {detail}",
    ),
    "refdata.file_too_large": (
        "文件过大:最多 {max_mb} MB",
        "The file is too large: at most {max_mb} MB",
    ),
    "refdata.missing_columns": (
        "文件第 1 行缺少列:{columns_zh}",
        "Row 1 of the file lacks the columns: {columns_en}",
    ),
    "refdata.too_many_rows": (
        "文件行数过多:最多 {max} 行",
        "The file has too many rows: at most {max}",
    ),
    "refdata.empty_file": ("文件中没有数据行", "The file has no data rows"),
    "refdata.import_rejected": (
        "导入未执行:{rows} 行共 {count} 处错误,没有保存任何数据",
        "Nothing was imported: {count} problems in {rows} rows; nothing was saved",
    ),
    "refdata.import_stale": (
        "检查之后文件或基础数据已有变化,请重新检查后再确认导入",
        "The file or the reference data changed since the check; check again, then confirm",
    ),
}
