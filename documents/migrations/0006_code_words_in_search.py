"""Write each document's code also as separate words in its search column, as new rows get it
(qms.lib.text.searchable), so that "qt 01" finds "QT-01" on PostgreSQL too."""

from django.db import migrations


def add_code_words(apps, schema_editor):
    from qms.lib.text import fold, searchable

    Document = apps.get_model("documents", "Document")
    rows = list(Document.objects.only("code", "search_text"))
    for row in rows:
        code = fold(row.code)
        rest = row.search_text[len(code) :] if row.search_text.startswith(code) else row.search_text
        row.search_text = f"{searchable(row.code)} {rest.strip()}".strip()
    Document.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_external_tthc_search")]

    operations = [migrations.RunPython(add_code_words, migrations.RunPython.noop)]
