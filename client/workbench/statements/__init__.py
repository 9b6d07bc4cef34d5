"""报表格式: the statement layouts an analyst adjusts."""
