"""Editors add and change episodes in the admin, with the timeline and credits on one page."""

import pytest
from django.urls import reverse

from episodes.models import Episode
from tests.factories import GuestFactory, MusicCreditFactory, ShowFactory, TopicFactory

pytestmark = pytest.mark.django_db


def episode_form(**overrides):
    show, guest, topic = ShowFactory(), GuestFactory(), TopicFactory()
    credit = MusicCreditFactory(title="Kid Kodi")
    data = {
        "show": show.pk,
        "title": "Scaling laws - with Ada (Analytical)",
        "slug": "scaling-laws",
        "status": "published",
        "published_at_0": "2026-05-01",
        "published_at_1": "00:00:00",
        "duration_seconds": "3600",
        "description": "First paragraph.\n\nSecond paragraph.",
        "guests": [guest.pk],
        "topics": [topic.pk],
        "listen_url": "",
        "timeline-TOTAL_FORMS": "3",
        "timeline-INITIAL_FORMS": "0",
        "timeline-0-start_seconds": "12",
        "timeline-0-title": "Intro",
        "timeline-1-start_seconds": "754",
        "timeline-1-title": "Why scaling works",
        "timeline-2-start_seconds": "",
        "timeline-2-title": "",
        "Episode_music_credits-TOTAL_FORMS": "1",
        "Episode_music_credits-INITIAL_FORMS": "0",
        "Episode_music_credits-0-musiccredit": credit.pk,
    }
    data.update(overrides)
    return data


def test_editor_adds_a_complete_episode_on_one_page(client, editor):
    response = client.post(reverse("admin:episodes_episode_add"), episode_form())
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    episode = Episode.objects.get(slug="scaling-laws")
    assert [(e.start_seconds, e.title) for e in episode.timeline.all()] == [
        (12, "Intro"),
        (754, "Why scaling works"),
    ]
    assert [c.title for c in episode.music_credits.all()] == ["Kid Kodi"]
    assert episode.guests.count() == 1 and episode.topics.count() == 1
    # Published, so the public page shows it.
    assert "Why scaling works" in client.get(episode.get_absolute_url()).content.decode()


def test_a_moment_after_the_end_is_a_message_on_the_form_and_nothing_is_lost(client, editor):
    data = episode_form(**{"timeline-1-start_seconds": "4000"})
    response = client.post(reverse("admin:episodes_episode_add"), data)
    assert response.status_code == 200
    assert "is after the episode ends (1:00:00)" in response.content.decode()
    assert "Why scaling works" in response.content.decode()
    assert not Episode.objects.exists()


def test_a_duplicate_slug_is_a_message_on_the_form(client, editor):
    client.post(reverse("admin:episodes_episode_add"), episode_form())
    data = episode_form(**{"title": "Another"})
    data["show"] = Episode.objects.get().show_id
    response = client.post(reverse("admin:episodes_episode_add"), data)
    assert response.status_code == 200
    assert "already uses the slug “scaling-laws” in this show" in response.content.decode()


def test_editors_cannot_manage_users(client, editor):
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_admin_pages_editors_use_load(client, editor):
    client.post(reverse("admin:episodes_episode_add"), episode_form())
    episode = Episode.objects.get()
    changelist = client.get(reverse("admin:episodes_episode_changelist"), {"q": "Scaling"})
    assert "Scaling laws" in changelist.content.decode()
    filtered = client.get(reverse("admin:episodes_episode_changelist"), {"status__exact": "draft"})
    assert "0 episodes" in filtered.content.decode()
    change = client.get(reverse("admin:episodes_episode_change", args=[episode.pk]))
    page = change.content.decode()
    assert "Why scaling works" in page  # the timeline is on the episode's page
    assert "View on site" in page
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "episodes", "model_name": "episode", "field_name": "guests", "term": "Guest"},
    )
    assert autocomplete.status_code == 200 and autocomplete.json()["results"]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("admin:episodes_episode_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_editor_gives_an_episode_audio_and_the_feed_offers_it(client, editor):
    data = episode_form(
        audio_url="https://media.example.org/scaling.mp3",
        audio_length_bytes="48000000",
        audio_mime_type="audio/mpeg",
    )
    response = client.post(reverse("admin:episodes_episode_add"), data)
    assert response.status_code == 302
    feed = client.get(reverse("episodes:feed")).content.decode()
    assert (
        '<enclosure length="48000000" type="audio/mpeg" '
        'url="https://media.example.org/scaling.mp3"/>' in feed
    )


def test_audio_without_its_size_is_a_message_on_the_form(client, editor):
    data = episode_form(audio_url="https://media.example.org/scaling.mp3", audio_mime_type="")
    response = client.post(reverse("admin:episodes_episode_add"), data)
    assert response.status_code == 200
    assert "Audio needs its size in bytes and its type with its URL." in response.content.decode()
    assert not Episode.objects.exists()
