"""Filtering the listing by topic, guest and date, alone and combined."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EpisodeFactory, GuestFactory, TopicFactory

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


@pytest.fixture
def catalogue():
    gpus, llms, safety = (TopicFactory(name=n) for n in ("GPUs", "LLMs", "Safety"))
    ada, alan = GuestFactory(name="Ada"), GuestFactory(name="Alan")
    return {
        "a": EpisodeFactory(title="A", published_at=at(2024, 3, 1), topics=[gpus], guests=[ada]),
        "b": EpisodeFactory(title="B", published_at=at(2024, 11, 5), topics=[llms], guests=[alan]),
        "c": EpisodeFactory(
            title="C", published_at=at(2025, 1, 20), topics=[gpus, llms], guests=[ada, alan]
        ),
        "d": EpisodeFactory(title="D", published_at=at(2025, 6, 30), topics=[safety]),
    }


def titles(client, **query):
    response = client.get(reverse("episodes:list"), query)
    assert response.status_code == 200
    return [episode.title for episode in response.context["object_list"]]


def test_no_filter_lists_everything_newest_first(client, catalogue):
    assert titles(client) == ["D", "C", "B", "A"]


def test_one_topic(client, catalogue):
    assert titles(client, topic="gpus") == ["C", "A"]


def test_several_topics_match_any_of_them_once_each(client, catalogue):
    assert titles(client, topic=["gpus", "llms"]) == ["C", "B", "A"]


def test_a_blank_topic_is_no_topic_like_a_blank_guest(client, catalogue):
    assert titles(client, topic=["gpus", ""]) == ["C", "A"]
    assert titles(client, topic="", guest="") == ["D", "C", "B", "A"]


def test_a_date_written_short_stays_in_its_date_box(client, catalogue):
    """Submitting the form again must not drop a filter the list is using."""
    page = client.get(reverse("episodes:list"), {"date_from": "2024-3-1"}).text
    assert 'name="date_from" value="2024-03-01"' in page
    assert titles(client, date_from="2024-3-1", date_to="2024-11-5") == ["B", "A"]


def test_guest(client, catalogue):
    assert titles(client, guest="alan") == ["C", "B"]


def test_year(client, catalogue):
    assert titles(client, year="2024") == ["B", "A"]


def test_month(client, catalogue):
    assert titles(client, month="2025-01") == ["C"]


def test_date_range_includes_both_ends(client, catalogue):
    assert titles(client, date_from="2024-11-05", date_to="2025-01-20") == ["C", "B"]


def test_open_ended_ranges(client, catalogue):
    assert titles(client, date_from="2025-01-01") == ["D", "C"]
    assert titles(client, date_to="2024-06-01") == ["A"]


def test_topic_guest_and_date_combine(client, catalogue):
    assert titles(client, topic="gpus", guest="ada", year="2025") == ["C"]
    assert titles(client, topic="llms", guest="alan", date_to="2024-12-31") == ["B"]


def test_filters_that_match_nothing_show_a_helpful_empty_state(client, catalogue):
    response = client.get(reverse("episodes:list"), {"topic": "safety", "year": "2024"})
    page = response.content.decode()
    assert "0 episodes" in page
    assert "No episodes match these filters" in page


def test_result_count_and_active_filters_with_removal_links(client, catalogue):
    response = client.get(reverse("episodes:list"), {"topic": ["gpus", "llms"], "guest": "ada"})
    page = response.content.decode()
    assert "2 episodes" in page
    assert "Topic: GPUs" in page and "Topic: LLMs" in page and "Guest: Ada" in page
    # Removing one topic keeps the other topic and the guest.
    assert 'href="?topic=llms&amp;guest=ada"' in page
    assert 'href="?topic=gpus&amp;topic=llms"' in page


def test_a_topic_chosen_twice_is_one_filter(client, catalogue):
    page = client.get(reverse("episodes:list"), {"topic": ["gpus", "gpus"]}).content.decode()
    assert page.count("Remove filter Topic: GPUs") == 1


def test_removal_links_drop_the_page_number(client):
    topic = TopicFactory(slug="gpus")
    EpisodeFactory.create_batch(11, topics=[topic])
    page = client.get(reverse("episodes:list"), {"topic": "gpus", "page": 2}).content.decode()
    assert 'href="?"' in page


def test_future_episodes_are_not_listed_even_when_published(client):
    EpisodeFactory(title="Tomorrow", published_at=timezone.now() + datetime.timedelta(days=1))
    assert titles(client) == []


def test_a_blank_date_leaves_its_date_box_empty(client, catalogue):
    response = client.get(reverse("episodes:list"), {"date_from": "  "})
    assert response.status_code == 200
    assert 'name="date_from" value=' not in response.text
