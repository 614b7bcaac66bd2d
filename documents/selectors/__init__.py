"""Every read of document control, one module per part, mirroring ``documents.services``.
A selector only reads: it takes an agency, a user or an object and returns querysets,
rows or figures, and never writes."""
