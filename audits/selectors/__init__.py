"""Every read of internal audits, the improvement cycle and citizen satisfaction, one module
per part, mirroring ``audits.services``. A selector only reads: it takes an agency, a user or
an object and returns querysets, rows or figures, and never writes."""
