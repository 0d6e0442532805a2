import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from episodes.models import Episode, TimelineEntry
from episodes.timeline import format_duration, format_timestamp, parse_timestamp
from tests.factories import EpisodeFactory, ShowFactory, TimelineEntryFactory

pytestmark = pytest.mark.django_db


def test_two_moments_cannot_start_at_the_same_second():
    entry = TimelineEntryFactory(start_seconds=754)
    with pytest.raises(IntegrityError), transaction.atomic():
        TimelineEntry.objects.create(episode=entry.episode, start_seconds=754, title="Again")


def test_a_moment_cannot_start_before_the_episode():
    episode = EpisodeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TimelineEntry.objects.create(episode=episode, start_seconds=-1, title="Before")


def test_a_moment_after_the_end_is_refused_with_a_message():
    episode = EpisodeFactory(duration_seconds=600)
    entry = TimelineEntry(episode=episode, start_seconds=600, title="Too late")
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "after the episode ends (10:00)" in str(error.value)


def test_episode_slug_is_unique_within_a_show_but_not_across_shows():
    first = EpisodeFactory(slug="same")
    other_show = ShowFactory(slug="another-show", title="Another show")
    EpisodeFactory(slug="same", show=other_show)
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(slug="same", show=first.show)


def test_duration_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        EpisodeFactory(duration_seconds=0)


def test_unknown_status_is_refused_by_the_database():
    episode = EpisodeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(status="secret")


def test_timeline_is_ordered_by_start():
    episode = EpisodeFactory()
    for start in (300, 12, 3720):
        TimelineEntryFactory(episode=episode, start_seconds=start)
    assert [e.start_seconds for e in episode.timeline.all()] == [12, 300, 3720]


def test_episodes_are_newest_first():
    old, new = EpisodeFactory(), EpisodeFactory()
    assert list(Episode.objects.all()) == [new, old]


def test_only_published_episodes_in_the_past_are_public():
    public = EpisodeFactory()
    EpisodeFactory(status=Episode.Status.DRAFT)
    assert list(Episode.objects.published()) == [public]


@pytest.mark.parametrize(
    ("text", "seconds"), [("00:12", 12), ("12:34", 754), ("1:02:00", 3720), ("75:00", 4500)]
)
def test_timestamps_are_minutes_and_seconds_not_times_of_day(text, seconds):
    assert parse_timestamp(text) == seconds


@pytest.mark.parametrize("text", ["12:75", "1:60:00", "abc", "", "12"])
def test_impossible_timestamps_are_refused(text):
    with pytest.raises(ValueError):
        parse_timestamp(text)


@pytest.mark.parametrize(("seconds", "shown"), [(12, "00:12"), (754, "12:34"), (3720, "1:02:00")])
def test_timestamps_are_shown_as_on_the_show_page(seconds, shown):
    assert format_timestamp(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(3360, "56 min"), (4380, "1 h 13 min"), (3600, "1 h"), (3570, "1 h")]
)
def test_durations_are_shown_in_minutes_and_hours(seconds, shown):
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(("seconds", "shown"), [(25, "25 sec"), (59, "59 sec"), (60, "1 min")])
def test_a_duration_under_a_minute_is_shown_in_seconds_not_as_0_min(seconds, shown):
    assert format_duration(seconds) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(90, "2 min"), (150, "3 min"), (270, "5 min"), (3630, "1 h 1 min")]
)
def test_a_duration_of_a_half_minute_rounds_up_every_time(seconds, shown):
    """round() takes halves to the even number: 150 s was "2 min", 270 s "4 min"."""
    assert format_duration(seconds) == shown
