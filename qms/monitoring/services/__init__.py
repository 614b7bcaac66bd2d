"""Writes of the supervision, one module per part."""
