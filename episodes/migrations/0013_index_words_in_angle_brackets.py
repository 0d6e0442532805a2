"""PostgreSQL: build every episode's search vector and the vocabulary again, now that
"<think>" is indexed as a word instead of dropped as an HTML tag, and the vocabulary
holds only the words of published and scheduled episodes, not drafts'
(episodes.search.PostgresBackend).

The rebuild itself now runs in 0014: it runs today's search code, which also fills the
timeline entries' vectors that 0014 adds."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0012_sqlite_search_vocabulary"),
    ]

    operations = []
