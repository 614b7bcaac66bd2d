"""Earlier tokens (Django REST framework's ``authtoken_token``, kept in clear) are hashed into
ApiToken so that the systems using them keep working for 90 days more; then the clear table
is dropped. A database that never had it (a new installation) has nothing to do."""

import hashlib
from datetime import UTC, datetime, timedelta

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

EARLIER_TABLE = "authtoken_token"
PREFIX_LENGTH = 12  # qms.api.models.PREFIX_LENGTH when this was written


def _aware(value) -> datetime | None:
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)  # Django stores UTC
    return value


def hash_table(connection, ApiToken) -> int:
    """Move the clear keys of ``authtoken_token`` into ``ApiToken`` hashed; drop the table."""
    if EARLIER_TABLE not in connection.introspection.table_names():
        return 0
    table = connection.ops.quote_name(EARLIER_TABLE)
    with connection.cursor() as cursor:
        columns = ", ".join(map(connection.ops.quote_name, ["key", "user_id", "created"]))
        cursor.execute(f"SELECT {columns} FROM {table}")
        rows = cursor.fetchall()
    now = timezone.now()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name="Token đã có trước đây",
            prefix=key[:PREFIX_LENGTH],
            digest=hashlib.sha256(key.encode()).hexdigest(),
            created_at=_aware(created) or now,
            expires_at=now + timedelta(days=90),
        )
        for key, user_id, created in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {table}")
        # The framework's token app is no longer installed: forget its migrations too, so
        # that installing it again one day would create its table afresh.
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])
    return len(rows)


def hash_earlier_tokens(apps, schema_editor):
    hash_table(schema_editor.connection, apps.get_model("qms_api", "ApiToken"))


class Migration(migrations.Migration):
    dependencies = [("qms_api", "0001_api_token")]

    operations = [migrations.RunPython(hash_earlier_tokens, migrations.RunPython.noop)]
