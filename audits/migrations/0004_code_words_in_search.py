"""Write each nonconformity's code also as separate words in its search column, as new rows get
it (qms.lib.text.searchable), so that "nc 2026 7" finds "NC-2026-007" on PostgreSQL too."""

from django.db import migrations


def add_code_words(apps, schema_editor):
    from qms.lib.text import fold, searchable

    Nonconformity = apps.get_model("audits", "Nonconformity")
    rows = list(Nonconformity.objects.only("code", "search_text"))
    for row in rows:
        code = fold(row.code)
        rest = row.search_text[len(code) :] if row.search_text.startswith(code) else row.search_text
        row.search_text = f"{searchable(row.code)} {rest.strip()}".strip()
    Nonconformity.objects.bulk_update(rows, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("audits", "0003_satisfaction_surveys")]

    operations = [migrations.RunPython(add_code_words, migrations.RunPython.noop)]
