"""The built-in manual: its pages (resources/manual), their search, the help window."""
