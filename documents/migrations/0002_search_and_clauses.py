from django.db import migrations

VN_CONFIG = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH CONFIGURATION vn (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION vn ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
CREATE INDEX document_search_idx ON documents_document
    USING gin (to_tsvector('vn'::regconfig, COALESCE(search_text, '')));
"""
VN_CONFIG_REVERSE = """
DROP INDEX IF EXISTS document_search_idx;
DROP TEXT SEARCH CONFIGURATION IF EXISTS vn;
"""


def postgresql_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def load_clauses(apps, schema_editor):
    from documents.clauses import CATALOGUES, sort_key

    IsoClause = apps.get_model("documents", "IsoClause")
    for version, clauses in CATALOGUES.items():
        for number, title in clauses:
            IsoClause.objects.update_or_create(
                version=version, number=number, defaults={"title": title, "sort_key": sort_key(number)}
            )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(postgresql_only(VN_CONFIG), postgresql_only(VN_CONFIG_REVERSE)),
        migrations.RunPython(load_clauses, migrations.RunPython.noop),
    ]
