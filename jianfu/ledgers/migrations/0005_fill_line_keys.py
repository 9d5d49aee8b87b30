"""Fill the line key of every existing ledger line (ADR 0004).

The key is computed by `jianfu.ledgers.linekey.line_key`, the one function every way in uses, from
the columns as stored; the old unique constraint on the same five columns guarantees that the
keys are unique. Lines are read in chunks by id and written with one parameterised UPDATE per
line through `executemany` (SQLite and PostgreSQL).
"""

from django.db import migrations

from jianfu.ledgers.linekey import line_key

CHUNK = 5000


def fill(apps, schema_editor):
    entry = apps.get_model("ledgers", "LedgerEntry")
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    sql = (
        f"UPDATE {quote(entry._meta.db_table)} SET {quote('line_key')} = %s "  # noqa: S608
        f"WHERE {quote('id')} = %s"
    )
    last = 0
    while True:
        rows = list(
            entry.objects.using(connection.alias)
            .filter(id__gt=last)
            .order_by("id")
            .values_list("id", "unit_id", "kind", "date", "doc_no_norm", "title_norm")[:CHUNK]
        )
        if not rows:
            break
        last = rows[-1][0]
        updates = [(line_key(u, k, d, doc, title), pk) for pk, u, k, d, doc, title in rows]
        with connection.cursor() as cursor:
            cursor.executemany(sql, updates)


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0004_ledgerentry_line_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
