"""PostgreSQL: a stored search vector on each timeline entry, so a results page matches
moments without parsing every title of its episodes again, then every episode's index
built again (with the vocabulary: see 0013). Not a model field: only SQL reads or writes
it (episodes.search.PostgresBackend), as with the vocabulary table."""

from django.db import migrations


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from episodes import search

    schema_editor.execute("ALTER TABLE episodes_timelineentry ADD COLUMN search_vector tsvector")
    schema_editor.execute("TRUNCATE episodes_search_word")
    Episode = apps.get_model("episodes", "Episode")
    ids = list(Episode.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    for start in range(0, len(ids), 5_000):
        search.refresh(ids[start : start + 5_000], using=schema_editor.connection.alias)


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE episodes_timelineentry DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0013_index_words_in_angle_brackets"),
    ]

    operations = [migrations.RunPython(add_vectors, drop_vectors)]
