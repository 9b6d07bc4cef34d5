"""Validation rules both sides run: the client for comfort, the server for authority."""
