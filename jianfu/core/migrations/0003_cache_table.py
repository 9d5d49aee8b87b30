"""The table of the cache the workers share in production (settings.CACHE_BACKENDS "database"):
created by `migrate`, so that no deployment can forget `createcachetable`."""

from django.core.management import call_command
from django.db import migrations

TABLE = "jianfu_cache"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_auditevent_guarded_base_manager")]

    operations = [migrations.RunPython(create, drop)]
