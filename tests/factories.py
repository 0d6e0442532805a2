"""factory_boy factories for test data; the seed catalogue comes from fixtures/seed.json."""

import datetime

import factory
from django.utils import timezone

from episodes.models import Episode, Guest, Host, Show, TimelineEntry, Topic


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show
        django_get_or_create = ("slug",)

    title = "The Information Bottleneck"
    slug = "the-information-bottleneck"
    summary = "Two AI researchers discuss the latest trends in generative AI."
    about = "The Information Bottleneck is hosted by Ravid Shwartz-Ziv and Allen Roush."
    copyright = "2025 Ravid Shwartz-Ziv & Allen Roush"


class HostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Host

    show = factory.SubFactory(ShowFactory)
    name = factory.Sequence(lambda n: f"Host {n}")
    slug = factory.Sequence(lambda n: f"host-{n}")
    position = factory.Sequence(lambda n: n)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    description = "What the episodes on this topic talk about."


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    name = factory.Sequence(lambda n: f"Guest Person {n}")
    slug = factory.Sequence(lambda n: f"guest-person-{n}")
    affiliation = "Sony AI"
    bio = "Research scientist."


class EpisodeFactory(factory.django.DjangoModelFactory):
    """A published episode from a day ago; ``status=Episode.Status.DRAFT`` for a draft."""

    class Meta:
        model = Episode
        skip_postgeneration_save = True

    show = factory.SubFactory(ShowFactory)
    title = factory.Sequence(lambda n: f"Episode {n}: diffusion & friends")
    slug = factory.Sequence(lambda n: f"episode-{n}")
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    duration_seconds = 3360
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
    start_seconds = factory.Sequence(lambda n: 12 + 60 * n)
    title = factory.Sequence(lambda n: f"Moment {n}")
