"""Each page costs a fixed number of queries, however many episodes there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy

from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_every_time(page_cache_off):
    pass


def build_catalogue(episode_count):
    guest, topic = GuestFactory(slug="ada"), TopicFactory(slug="gpus")
    episodes = EpisodeFactory.create_batch(episode_count, guests=[guest], topics=[topic])
    for episode in episodes[:3]:
        TimelineEntryFactory.create_batch(3, episode=episode)
    return episodes


# A filtered list: count, page, guests, topics (the filter's choices are cached until an
# edit). The unfiltered list's count of every public episode is cached until then too.
LIST_QUERIES = 4
HOME_QUERIES = LIST_QUERIES - 1
# A results page on SQLite: the list's queries, then the highlighted titles and snippets
# and the matching moments. PostgreSQL looks the typed words up in the vocabulary and
# fetches the ids of the matches it ranks (their number replaces the count); then one
# page query brings the highlights, guests, topics and matching moments.
SEARCH_QUERIES = 3 if connection.vendor == "postgresql" else LIST_QUERIES + 2

PAGES = {
    "home": (lambda episodes: reverse("episodes:list"), HOME_QUERIES),
    "filtered home": (
        lambda episodes: reverse("episodes:list") + "?topic=gpus&guest=ada&date_from=2000-01-01",
        LIST_QUERIES,
    ),
    "search": (lambda episodes: reverse("episodes:list") + "?q=notes", SEARCH_QUERIES),
    "filtered search": (
        lambda episodes: reverse("episodes:list") + "?q=moment&topic=gpus&guest=ada",
        SEARCH_QUERIES,
    ),
    # The hosts, for the JSON-LD that names them.
    "episode": (lambda episodes: episodes[1].get_absolute_url(), 6),
    # The page's guests with their counts of episodes; which guests are public, and the
    # topics with their counts, are cached until an edit.
    "guest list": (lambda episodes: reverse("episodes:guest-list"), 1),
    # The guest or topic, its page of episodes with their guests and topics; its count of
    # episodes is cached until an edit.
    "guest": (lambda episodes: reverse("episodes:guest-detail", kwargs={"slug": "ada"}), 4),
    "topic list": (lambda episodes: reverse("episodes:topic-list"), 0),
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


def test_first_page_after_a_cold_start_also_fetches_the_site_wide_data(
    client, django_assert_num_queries
):
    """The show and its hosts, the cache's version, the filter's topics and guests, and the
    count of public episodes: once per edit, not once per page."""
    build_catalogue(3)
    with django_assert_num_queries(HOME_QUERIES + 6):
        client.get(reverse("episodes:list"))


@pytest.mark.parametrize("url", [reverse_lazy("episodes:list"), reverse_lazy("episodes:feed")])
def test_pages_do_not_fetch_the_search_vectors(client, url):
    """Only SQL reads the vectors, kilobytes each: fetching them slowed the feed."""
    build_catalogue(3)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert queries.captured_queries
    assert not [q["sql"] for q in queries.captured_queries if "search_vector" in q["sql"]]


@pytest.mark.parametrize("url", [reverse_lazy("episodes:feed"), "episode"])
def test_timelines_are_read_without_a_join(client, url):
    """Timeline entries sort by their episode's id, not by the episode's own ordering,
    which joined every entry to its episode: a feed's 6,000 entries took ten times longer."""
    episodes = build_catalogue(3)
    url = episodes[0].get_absolute_url() if url == "episode" else url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    timeline_queries = [
        q["sql"] for q in queries.captured_queries if 'FROM "episodes_timelineentry"' in q["sql"]
    ]
    assert timeline_queries
    assert not [sql for sql in timeline_queries if "JOIN" in sql]
