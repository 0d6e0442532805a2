"""Pages that stay small and fast when the catalogue grows large."""

import pytest
from django.urls import reverse

from episodes.widgets import LongSelect
from tests.factories import EpisodeFactory, GuestFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_a_topic_with_many_episodes_is_shown_ten_at_a_time(client):
    topic = TopicFactory(slug="scaling")
    episodes = EpisodeFactory.create_batch(23, topics=[topic])
    newest_first = sorted(episodes, key=lambda e: e.published_at, reverse=True)

    first = client.get(topic.get_absolute_url())
    assert newest_first[0].title in first.text
    assert newest_first[10].title not in first.text
    assert "Page 1 of 3" in first.text

    last = client.get(topic.get_absolute_url() + "?page=3")
    assert newest_first[-1].title in last.text
    assert client.get(topic.get_absolute_url() + "?page=99").status_code == 404


def test_a_guest_with_many_episodes_is_shown_ten_at_a_time(client):
    guest = GuestFactory(slug="regular")
    EpisodeFactory.create_batch(12, guests=[guest])
    response = client.get(guest.get_absolute_url())
    assert "Page 1 of 2" in response.text


def test_guest_filter_keeps_the_chosen_guest_and_escapes_names(client):
    guest = GuestFactory(name='Ada "<b>" Lovelace', slug="ada")
    EpisodeFactory(guests=[guest])
    page = client.get(reverse("episodes:list") + "?guest=ada").text
    assert '<option value="ada" selected>Ada &quot;&lt;b&gt;&quot; Lovelace</option>' in page


def test_long_select_draws_the_same_options_as_djangos_select():
    choices = [("", "Any guest"), ("a", "A & B"), ("c", "C")]
    fast = LongSelect(choices=choices).render("guest", "c", attrs={"id": "id_guest"})
    assert fast.startswith('<select id="id_guest" name="guest">')
    assert '<option value="">Any guest</option>' in fast
    assert '<option value="a">A &amp; B</option>' in fast
    assert '<option value="c" selected>C</option>' in fast


def test_feeds_list_only_the_newest_episodes(client, settings):
    settings.FEED_MAX_EPISODES = 5
    episodes = EpisodeFactory.create_batch(8)
    newest_first = sorted(episodes, key=lambda e: e.published_at, reverse=True)
    feed = client.get(reverse("episodes:feed")).content.decode()
    assert feed.count("<item>") == 5
    assert newest_first[0].title in feed
    assert newest_first[5].title not in feed
