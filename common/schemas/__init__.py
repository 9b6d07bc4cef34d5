"""Pydantic models for every request and response of the API."""
