"""Versioned JSON Schemas of every event type, generated from the pydantic models."""
