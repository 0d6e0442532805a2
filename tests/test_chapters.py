"""The JSON chapters file: Podcasting 2.0 JSON Chapters 1.2.0 from the episode's timeline."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from episodes.models import Episode
from tests import factories


def chapters_url(episode):
    return reverse("episodes:chapters", kwargs={"show": episode.show.slug, "slug": episode.slug})


def get_chapters(client, episode):
    response = client.get(chapters_url(episode))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+chapters"
    return json.loads(response.content)


def expected_chapters(episode):
    return [
        {
            "startTime": entry.start_seconds,
            "title": entry.title,
            "url": f"{settings.SITE_URL}{episode.get_absolute_url()}#t={entry.start_seconds}",
        }
        for entry in episode.timeline.order_by("start_seconds")
    ]


def test_chapters_hold_the_timeline_in_order(client, catalogue):
    for episode in catalogue["public"]:
        document = get_chapters(client, episode)
        assert document["version"] == "1.2.0"
        assert document["title"] == episode.title
        assert document["podcastName"] == episode.show.title
        assert document["chapters"] == expected_chapters(episode)
        starts = [chapter["startTime"] for chapter in document["chapters"]]
        assert starts == sorted(starts)


def test_each_chapter_links_to_its_moment_on_the_episode_page(client, catalogue):
    episode = catalogue["public"][0]
    urls = [chapter["url"] for chapter in get_chapters(client, episode)["chapters"]]
    assert urls[-1] == settings.SITE_URL + episode.get_absolute_url() + "#t=3725"


def test_chapters_may_be_read_by_web_players_elsewhere(client, catalogue):
    response = client.get(chapters_url(catalogue["public"][0]))
    assert response["Access-Control-Allow-Origin"] == "*"


def test_episode_without_timeline_has_no_chapters(client, catalogue):
    episode = factories.EpisodeFactory(show=catalogue["show"])
    assert get_chapters(client, episode)["chapters"] == []


@pytest.mark.parametrize("which", [0, 1], ids=["draft", "scheduled"])
def test_hidden_episode_has_no_chapters_file(client, catalogue, which):
    hidden = catalogue["hidden"][which]
    assert client.get(chapters_url(hidden)).status_code == 404


def test_unknown_episode_has_no_chapters_file(client, catalogue):
    url = reverse("episodes:chapters", kwargs={"show": "the-information-bottleneck", "slug": "x"})
    assert client.get(url).status_code == 404


def test_chapters_queries_do_not_grow_with_the_timeline(
    page_cache_off, client, catalogue, django_assert_num_queries
):
    episode = catalogue["public"][0]
    with django_assert_num_queries(2):  # the episode with its show, then its timeline
        client.get(chapters_url(episode))
    for start in range(100, 2100, 100):
        factories.TimelineEntryFactory(episode=episode, start_seconds=start)
    with django_assert_num_queries(2):
        document = get_chapters(client, episode)
    assert len(document["chapters"]) == 23


def test_seed_chapters_equal_each_episodes_timeline(client, seed):
    episodes = Episode.objects.published()
    assert episodes.count() == 3
    total = 0
    for episode in episodes:
        chapters = get_chapters(client, episode)["chapters"]
        assert chapters == expected_chapters(episode)
        total += len(chapters)
    assert total == 68


def test_a_moment_past_the_end_is_no_chapter_for_podcast_apps(client, catalogue):
    """The chapter map leaves out a moment the audio never reaches (old data the admin
    never checked); the JSON chapters, the feed's Podlove chapters and its HH:MM:SS lines
    sent it to apps, which cannot seek there."""
    episode = catalogue["public"][0]
    # Stored as old data was: the admin refuses a start past the end.
    Episode.objects.filter(pk=episode.pk).update(duration_seconds=3700)

    starts = [chapter["startTime"] for chapter in get_chapters(client, episode)["chapters"]]
    assert starts and max(starts) < 3700
    assert 3725 in episode.timeline.values_list("start_seconds", flat=True)

    feed = client.get(reverse("episodes:feed")).text
    assert 'start="01:02:05"' not in feed
    assert "01:02:05 " not in feed
