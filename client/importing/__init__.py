"""Excel templates, reading filled-in files, and the row-by-row error report (Qt-free)."""
