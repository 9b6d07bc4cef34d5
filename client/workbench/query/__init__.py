"""查询: document queries with a filter bar, paged results, totals and export."""
