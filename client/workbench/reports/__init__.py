"""统计报表: the reports screen of the workbench (a registry of report definitions,
the table, the chart, PDF export and print)."""
