"""问题反馈: the dialog users report a problem with."""
