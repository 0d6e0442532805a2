"""Each page costs a fixed number of queries, however many episodes there are."""

import pytest
from django.urls import reverse

from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def build_catalogue(episode_count):
    guest, topic = GuestFactory(slug="ada"), TopicFactory(slug="gpus")
    episodes = EpisodeFactory.create_batch(episode_count, guests=[guest], topics=[topic])
    for episode in episodes[:3]:
        TimelineEntryFactory.create_batch(3, episode=episode)
    return episodes


PAGES = {
    "home": (lambda episodes: reverse("episodes:list"), 6),
    "filtered home": (
        lambda episodes: reverse("episodes:list") + "?topic=gpus&guest=ada&date_from=2000-01-01",
        6,
    ),
    # The hosts, for the JSON-LD that names them.
    "episode": (lambda episodes: episodes[1].get_absolute_url(), 6),
    "guest list": (lambda episodes: reverse("episodes:guest-list"), 1),
    "guest": (lambda episodes: reverse("episodes:guest-detail", kwargs={"slug": "ada"}), 4),
    "topic list": (lambda episodes: reverse("episodes:topic-list"), 1),
    "topic": (lambda episodes: reverse("episodes:topic-detail", kwargs={"slug": "gpus"}), 4),
    "about": (lambda episodes: reverse("episodes:about"), 2),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("episode_count", [3, 25])
def test_query_count_does_not_grow_with_episodes(
    client, django_assert_num_queries, name, episode_count
):
    episodes = build_catalogue(episode_count)
    url, expected = PAGES[name]
    client.get(url(episodes))  # the site's show is cached after the first page
    with django_assert_num_queries(expected):
        response = client.get(url(episodes))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        any(episode.title in page for episode in episodes)
        or name.endswith("list")
        or name == "about"
    )


def test_first_page_after_a_cold_start_costs_two_queries_more_for_the_show_and_hosts(
    client, django_assert_num_queries
):
    build_catalogue(3)
    with django_assert_num_queries(PAGES["home"][1] + 2):
        client.get(reverse("episodes:list"))
