import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from episodes.models import Episode, Guest, Host, MusicCredit, Show, TimelineEntry, Topic


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show
        django_get_or_create = ["slug"]

    title = "The Information Bottleneck"
    slug = "the-information-bottleneck"
    summary = "Two AI researchers discuss generative AI."
    about = "Hosted by two researchers."
    copyright = "2025 The hosts"


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    show = factory.SubFactory(ShowFactory)
    name = factory.Sequence(lambda n: f"Host {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    position = factory.Sequence(int)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.LazyAttribute(lambda o: f"Episodes about {o.name}.")


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    name = factory.Sequence(lambda n: f"Guest Person {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    affiliation = "Some Lab"
    bio = "Researcher."


class MusicCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MusicCredit
        django_get_or_create = ["title", "artist"]

    title = factory.Sequence(lambda n: f"Track {n}")
    artist = "Blue Dot Sessions"
    source = "Free Music Archive"
    licence_name = "CC BY-NC 4.0"
    licence_url = "https://creativecommons.org/licenses/by-nc/4.0/"
    changes = "trimmed"


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode
        skip_postgeneration_save = True

    show = factory.SubFactory(ShowFactory)
    title = factory.Sequence(lambda n: f"Episode {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    # Each episode a minute newer than the last, all in the past however many a session makes.
    published_at = factory.Sequence(
        lambda n: timezone.now() - datetime.timedelta(days=1000) + datetime.timedelta(minutes=n)
    )
    duration_seconds = 3600
    description = "First paragraph of the notes.\n\nSecond paragraph."
    status = Episode.Status.PUBLISHED

    @factory.post_generation
    def guests(self, create, extracted, **kwargs):
        if create and extracted:
            self.guests.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    episode = factory.SubFactory(EpisodeFactory)
    start_seconds = factory.Sequence(lambda n: n * 60)
    title = factory.Sequence(lambda n: f"Moment {n}")


def bulk_catalogue(episodes, guests=20, topics=8, timeline_per_episode=3):
    """A catalogue of many published episodes made with a handful of bulk inserts.

    Each episode has two guests, two topics and a few timeline entries, so pages that list
    episodes have related rows to fetch. Returns the episodes.
    """
    show = ShowFactory()
    HostFactory.create_batch(2, show=show)
    topic_rows = Topic.objects.bulk_create(TopicFactory.build_batch(topics))
    guest_rows = Guest.objects.bulk_create(GuestFactory.build_batch(guests))
    now = timezone.now()
    # Built directly: EpisodeFactory's dates come from its sequence, and using up 500 of
    # its numbers here would put later tests' episodes in the future.
    episode_rows = Episode.objects.bulk_create(
        Episode(
            show=show,
            title=f"Bulk episode {n}",
            slug=f"bulk-episode-{n}",
            published_at=now - datetime.timedelta(hours=n + 1),
            duration_seconds=3600,
            description="First paragraph of the notes.\n\nSecond paragraph.",
            status=Episode.Status.PUBLISHED,
        )
        for n in range(episodes)
    )
    Episode.guests.through.objects.bulk_create(
        Episode.guests.through(episode=e, guest=guest_rows[(n + k) % guests])
        for n, e in enumerate(episode_rows)
        for k in (0, 1)
    )
    Episode.topics.through.objects.bulk_create(
        Episode.topics.through(episode=e, topic=topic_rows[(n + k) % topics])
        for n, e in enumerate(episode_rows)
        for k in (0, 1)
    )
    TimelineEntry.objects.bulk_create(
        TimelineEntry(episode=e, start_seconds=60 * k, title=f"Moment {k}")
        for e in episode_rows
        for k in range(timeline_per_episode)
    )
    return episode_rows
