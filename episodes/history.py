"""An episode's past versions, its timeline included, and putting one back.

django-simple-history records each model on its own: a version of an episode (a row
of Episode.history, with its guests, topics and music credits) and, separately, every
change to a timeline entry. A version's timeline is the one the episode had when the
version was recorded, so every change of a timeline is followed by a new version of
its episode: the admin records the version once the inlines and the pasted timeline
are saved, the importer once it has changed the episode. loaddata saves the entries
after their episode, so they are dated with the episode's loaded version instead
(loaded_episode_date). The latest version's timeline is the current one, whenever it
was last changed.
"""

from django.db import transaction
from django.utils import timezone

from episodes.models import Episode, MusicCredit, TimelineEntry
from episodes.timeline import format_timestamp

FIXTURE_REASON = "Loaded from fixtures"


def record_fixture_row(sender, instance, raw=False, **kwargs):
    """Records rows that loaddata saves, which django-simple-history skips (raw saves).

    Without it the seed's timeline would have no history, and a version from before the
    first edit would seem to have no timeline at all. A row loaded again unchanged (as
    `make serve` does on every start) adds nothing.
    """
    if not raw:
        return
    # loaddata then sets the episode's guests, topics and credits, each recorded as a
    # version of its own: they are loaded from fixtures too.
    instance._change_reason = FIXTURE_REASON
    latest = sender.history.filter(id=instance.pk).order_by("-history_date").first()
    fields = sender.history.model.tracked_fields
    if (
        latest is not None
        and latest.history_type != "-"
        and all(
            getattr(latest, field.attname) == getattr(instance, field.attname) for field in fields
        )
    ):
        return
    date = loaded_episode_date(instance.episode_id) if sender is TimelineEntry else None
    sender.history.bulk_history_create(
        [instance], default_change_reason=FIXTURE_REASON, default_date=date
    )


def loaded_from_fixtures(instance):
    """Whether loaddata saved ``instance`` (record_fixture_row marks it): the guests,
    topics and credits it then sets are loaded with it, not changed by an editor."""
    return getattr(instance, "_change_reason", None) == FIXTURE_REASON


def loaded_episode_date(episode_id):
    """When the episode's versions recorded by loaddata since its last edit begin, if any.

    loaddata saves an episode (and sets its guests, topics, credits: more versions) before
    its timeline entries. Recorded later, the entries would be missing from those versions
    once an edit follows, and reverting that edit would delete the timeline; dated with
    the first of them, every version of the load holds the timeline loaded with it.
    """
    versions = Episode.history.filter(id=episode_id)
    edited = (
        versions.exclude(history_change_reason=FIXTURE_REASON)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    loaded = versions.filter(history_change_reason=FIXTURE_REASON)
    if edited is not None:
        loaded = loaded.filter(history_date__gt=edited)
    return loaded.order_by("history_date").values_list("history_date", flat=True).first()


def record_reverse_m2m_change(instance, action, reverse, pk_set, **kwargs):
    """Records a change of an episode's guests, topics or credits made from their side.

    django-simple-history records such a change only from the episode's side; made from
    the other (``topic.episodes.add(episode)``) it tried to record the topic and raised
    AttributeError. It is told to skip those, and each episode concerned gets a version
    of its own instead, with its new guests, topics and credits.
    """
    if not reverse:
        return
    if action.startswith("pre_"):
        instance.skip_history_when_saving = True  # django-simple-history's own switch
        if action == "pre_clear":
            instance._history_episode_ids = list(instance.episodes.values_list("pk", flat=True))
        return
    del instance.skip_history_when_saving
    changed = instance.__dict__.pop("_history_episode_ids", None) or pk_set or []
    for episode in Episode.objects.filter(pk__in=changed):
        episode._change_reason = f"{instance._meta.verbose_name.capitalize()} changed"
        episode.save()


def timelines_of_versions(episode_id):
    """{history_id: {start_seconds: title}} for every version of one episode.

    Two queries whatever the number of versions: the versions, and every change of the
    episode's timeline entries, replayed in order up to each version's moment.
    """
    versions = list(
        Episode.history.filter(id=episode_id)
        .order_by("history_date", "history_id")
        .values_list("history_id", "history_date")
    )
    changes = list(
        TimelineEntry.history.filter(episode_id=episode_id)
        .order_by("history_date", "history_id")
        .values_list("id", "history_type", "history_date", "start_seconds", "title")
    )
    timelines, entries, position = {}, {}, 0
    for index, (history_id, history_date) in enumerate(versions):
        # The latest version holds the current timeline, whenever it was last changed.
        moment = history_date if index < len(versions) - 1 else timezone.now()
        while position < len(changes) and changes[position][2] <= moment:
            entry_id, history_type, _, start, title = changes[position]
            if history_type == "-":
                entries.pop(entry_id, None)
            else:
                entries[entry_id] = (start, title)
            position += 1
        timelines[history_id] = dict(entries.values())
    return timelines


def timeline_of(version):
    """(start_seconds, title) pairs of the timeline the episode had in ``version``."""
    return sorted(timelines_of_versions(version.id)[version.history_id].items())


def changes_between(before, after):
    """Lines for people: "+ 12:34 Title" added or retitled, "− 12:34 Title" removed or old."""
    added = [f"+ {format_timestamp(s)} {t}" for s, t in sorted(after.items()) if before.get(s) != t]
    removed = [
        f"− {format_timestamp(s)} {t}" for s, t in sorted(before.items()) if after.get(s) != t
    ]
    return added + removed


def timeline_changes(versions):
    """{history_id: changes} for ``versions`` of one episode, each against the one before."""
    if not versions:
        return {}
    timelines = timelines_of_versions(versions[0].id)
    order = list(timelines)
    result = {}
    for version in versions:
        index = order.index(version.history_id)
        before = timelines[order[index - 1]] if index else {}
        result[version.history_id] = changes_between(before, timelines[version.history_id])
    return result


def restore_timeline(episode, version):
    """Gives ``episode`` back the timeline of its ``version``; returns the change counts."""
    with transaction.atomic():
        return episode.replace_timeline(timeline_of(version))


def m2m_ids_of(version, field_name):
    """Primary keys of a many-to-many field (guests, topics, music_credits) in ``version``."""
    target = version.instance_type._meta.get_field(field_name).related_model._meta.model_name
    return [getattr(row, f"{target}_id") for row in getattr(version, field_name).all()]


def music_credits_of(version):
    """The music credits of ``version`` that still exist, and the names of those deleted.

    A credit deleted since (a duplicate removed, say) cannot be put back: the revert
    restores the others and names these, read from the credits' own history.
    """
    ids = m2m_ids_of(version, "music_credits")
    existing = list(MusicCredit.objects.filter(pk__in=ids))
    gone = set(ids) - {credit.pk for credit in existing}
    last_known = {
        record.id: f"“{record.title}” by {record.artist}"
        for record in MusicCredit.history.filter(id__in=gone).order_by("history_date")
    }
    return existing, [last_known.get(pk, f"a credit (number {pk})") for pk in sorted(gone)]
