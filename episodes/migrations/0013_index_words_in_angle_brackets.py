"""PostgreSQL: build every episode's search vector and the vocabulary again, now that
"<think>" is indexed as a word instead of dropped as an HTML tag, and the vocabulary
holds only the words of published and scheduled episodes, not drafts'
(episodes.search.PostgresBackend)."""

from django.db import migrations


def reindex(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from episodes import search

    schema_editor.execute("TRUNCATE episodes_search_word")
    Episode = apps.get_model("episodes", "Episode")
    ids = list(Episode.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    for start in range(0, len(ids), 5_000):
        search.refresh(ids[start : start + 5_000], using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0012_sqlite_search_vocabulary"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
