"""工作台首页: the counts, quick entries and notifications."""
