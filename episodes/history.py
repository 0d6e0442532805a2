"""An episode's past versions, its timeline included, and putting one back.

django-simple-history records each model on its own: a version of an episode (a row
of Episode.history, with its guests, topics and music credits) and, separately, every
change to a timeline entry. A version's timeline is the one the episode had when the
version was recorded, so every change of a timeline is followed by a new version of
its episode: the admin records the version once the inlines and the pasted timeline
are saved, the importer once it has changed the episode. The latest version's
timeline is the current one (fixtures are loaded entry by entry after their episode).
"""

from django.db import transaction
from django.utils import timezone

from episodes.models import TimelineEntry
from episodes.timeline import format_timestamp


def _moment(version):
    return version.history_date if version.next_record is not None else timezone.now()


def record_fixture_row(sender, instance, raw=False, **kwargs):
    """Records rows that loaddata saves, which django-simple-history skips (raw saves).

    Without it the seed's timeline would have no history, and a version from before the
    first edit would seem to have no timeline at all.
    """
    if raw:
        sender.history.bulk_history_create([instance], default_change_reason="Loaded from fixtures")


def timeline_of(version):
    """(start_seconds, title) pairs of the timeline the episode had in ``version``."""
    entries = TimelineEntry.history.as_of(_moment(version)).filter(episode_id=version.id)
    return sorted((entry.start_seconds, entry.title) for entry in entries)


def timeline_changes(version):
    """What ``version`` changed in the timeline since the version before it, for people."""
    previous = version.prev_record
    before = dict(timeline_of(previous)) if previous is not None else {}
    after = dict(timeline_of(version))
    changes = [
        f"+ {format_timestamp(start)} {title}"
        for start, title in after.items()
        if before.get(start) != title
    ]
    changes += [
        f"− {format_timestamp(start)} {title}"
        for start, title in before.items()
        if after.get(start) != title
    ]
    return changes


def restore_timeline(episode, version):
    """Gives ``episode`` back the timeline of its ``version``; returns the change counts."""
    with transaction.atomic():
        return episode.replace_timeline(timeline_of(version))


def m2m_ids_of(version, field_name):
    """Primary keys of a many-to-many field (guests, topics, music_credits) in ``version``."""
    target = version.instance_type._meta.get_field(field_name).related_model._meta.model_name
    return [getattr(row, f"{target}_id") for row in getattr(version, field_name).all()]
