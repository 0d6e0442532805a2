"""Audio for feed enclosures, and a feed guid per episode that is set once.

The guid is added empty, filled with a fresh UUID per existing row, then made
unique: a plain AddField with a default would give every existing row the same one.
"""

import uuid

from django.db import migrations, models


def give_each_episode_a_guid(apps, schema_editor):
    Episode = apps.get_model("episodes", "Episode")
    for episode in Episode.objects.filter(guid__isnull=True).only("pk"):
        episode.guid = uuid.uuid4()
        episode.save(update_fields=["guid"])


class Migration(migrations.Migration):
    dependencies = [
        ("episodes", "0002_editors_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="episode",
            name="audio_url",
            field=models.URLField(
                blank=True,
                help_text="Optional: the audio file's address. Without it the feed item has no audio.",
                max_length=500,
            ),
        ),
        migrations.AddField(
            model_name="episode",
            name="audio_length_bytes",
            field=models.PositiveBigIntegerField(
                blank=True,
                help_text="Size of the audio file in bytes (needed with the URL).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="episode",
            name="audio_mime_type",
            field=models.CharField(
                blank=True,
                default="audio/mpeg",
                help_text='The audio file\'s type: "audio/mpeg" for MP3, "audio/x-m4a" for M4A.',
                max_length=50,
            ),
        ),
        migrations.AddField(
            model_name="episode",
            name="guid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_episode_a_guid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="episode",
            name="guid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The episode's identity in podcast feeds; set once, never changed.",
                unique=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="episode",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("audio_url", ""),
                    models.Q(
                        ("audio_length_bytes__isnull", False),
                        models.Q(("audio_mime_type", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="episode_audio_complete",
                violation_error_message="Audio needs its size in bytes and its type with its URL.",
            ),
        ),
    ]
