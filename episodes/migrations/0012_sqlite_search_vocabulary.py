"""SQLite: the words of the search index, so that a word typed past its stem ("diffusio",
indexed as 'diffus') can be matched (episodes.search.SQLiteBackend). Nothing on
PostgreSQL, whose vocabulary table came with the search index."""

from django.db import migrations


def sqlite_only(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0011_episode_duration_message"),
    ]

    operations = [
        migrations.RunPython(
            sqlite_only(
                "CREATE VIRTUAL TABLE episodes_episode_fts_vocab "
                "USING fts5vocab(episodes_episode_fts, 'row')"
            ),
            sqlite_only("DROP TABLE IF EXISTS episodes_episode_fts_vocab"),
        ),
    ]
