"""基础数据: the administrator's editors of units, items, accounts and posting rules."""
