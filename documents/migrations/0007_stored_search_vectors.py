"""PostgreSQL keeps each row's search vector in a stored generated column, indexed by GIN.

The expression indexes of 0002 and 0005 served a search over the whole table; an agency's
search filters by agency first and then recomputed the vector of every one of its rows (about
a quarter of a millisecond each with ``unaccent``). A stored column is computed once, when the
row's ``search_text`` changes. SQLite searches ``search_text`` with LIKE and needs none of this.
"""

from django.db import migrations

TABLES = {
    "documents_document": ("document_search_idx", "document_search_vector_idx"),
    "documents_externaldocument": (
        "external_document_search_idx",
        "external_document_search_vector_idx",
    ),
}


def _forward(table: str, old_index: str, new_index: str) -> str:
    return f"""
ALTER TABLE {table} ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('vn'::regconfig, search_text)) STORED;
CREATE INDEX {new_index} ON {table} USING gin (search_vector);
DROP INDEX IF EXISTS {old_index};
"""


def _backward(table: str, old_index: str, new_index: str) -> str:
    return f"""
CREATE INDEX IF NOT EXISTS {old_index} ON {table}
    USING gin (to_tsvector('vn'::regconfig, COALESCE(search_text, '')));
ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector;
"""


def postgresql_only(build):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, (old_index, new_index) in TABLES.items():
                schema_editor.execute(build(table, old_index, new_index))

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_code_words_in_search")]

    operations = [
        migrations.RunPython(postgresql_only(_forward), postgresql_only(_backward)),
    ]
