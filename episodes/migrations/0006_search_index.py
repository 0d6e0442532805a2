"""The search index: a weighted tsvector on PostgreSQL, FTS5 tables on SQLite.

Each database gets only what it can run: the PostgreSQL steps (extensions, an
accent-insensitive text search configuration, GIN index, the vocabulary used to
correct misspellings) are skipped on SQLite, and the FTS5 tables are skipped on
PostgreSQL. The last step indexes the episodes that already exist.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

# Vectors stay in the table's own pages (STORAGE MAIN) rather than TOAST: testing a
# match or ranking it then reads the row it is on instead of a second table.
POSTGRESQL_FORWARDS = """
ALTER TABLE episodes_episode ALTER COLUMN search_vector SET STORAGE MAIN;
CREATE TEXT SEARCH CONFIGURATION bottleneck (COPY = english);
ALTER TEXT SEARCH CONFIGURATION bottleneck
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE INDEX episode_search_vector ON episodes_episode USING gin (search_vector);
CREATE TABLE episodes_search_word (word text COLLATE "C" PRIMARY KEY);
CREATE INDEX search_word_trigram ON episodes_search_word USING gin (word gin_trgm_ops);
"""

POSTGRESQL_BACKWARDS = """
DROP TABLE IF EXISTS episodes_search_word;
DROP INDEX IF EXISTS episode_search_vector;
DROP TEXT SEARCH CONFIGURATION IF EXISTS bottleneck;
"""

# Porter stemming over unicode61 without diacritics: "models" finds "model", "é" finds "e".
SQLITE_FORWARDS = [
    """CREATE VIRTUAL TABLE episodes_episode_fts USING fts5(
        title, people, topics, moments, description,
        tokenize = 'porter unicode61 remove_diacritics 2')""",
    """CREATE VIRTUAL TABLE episodes_moment_fts USING fts5(
        title, episode_id UNINDEXED,
        tokenize = 'porter unicode61 remove_diacritics 2')""",
]

SQLITE_BACKWARDS = [
    "DROP TABLE IF EXISTS episodes_moment_fts",
    "DROP TABLE IF EXISTS episodes_episode_fts",
]


def run_for(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != vendor:
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


def index_existing_episodes(apps, schema_editor):
    from episodes import search

    Episode = apps.get_model("episodes", "Episode")
    ids = list(Episode.objects.using(schema_editor.connection.alias).values_list("pk", flat=True))
    search.refresh(ids, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0005_history"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.AddField(
            model_name="episode",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Kept current by episodes.search; used only on PostgreSQL.",
                null=True,
            ),
        ),
        migrations.RunPython(
            run_for("postgresql", [POSTGRESQL_FORWARDS]),
            run_for("postgresql", [POSTGRESQL_BACKWARDS]),
        ),
        migrations.RunPython(
            run_for("sqlite", SQLITE_FORWARDS), run_for("sqlite", SQLITE_BACKWARDS)
        ),
        migrations.RunPython(index_existing_episodes, migrations.RunPython.noop),
    ]
