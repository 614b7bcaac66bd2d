"""Reads of the supervision, one module per part, mirroring ``qms.monitoring.services``. A
selector only reads: it takes an agency, a province or a user and returns querysets, rows or
figures, and never writes."""
