"""Pages that stay small and fast when the catalogue grows large."""

from datetime import timedelta

import pytest
from django.forms import CheckboxSelectMultiple
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from episodes.filters import EpisodeFilter
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


def test_guest_list_offers_the_guests_of_the_newest_episodes_and_accepts_any(client, monkeypatch):
    monkeypatch.setattr("episodes.filters.GUESTS_LISTED", 2)
    old, middle, new = (GuestFactory(name=n, slug=n.lower()) for n in ["Old", "Mid", "New"])
    for days, guest in [(30, old), (20, middle), (10, new)]:
        EpisodeFactory(guests=[guest], published_at=timezone.now() - timedelta(days=days))

    page = client.get(reverse("episodes:list")).text
    assert '<option value="new">New</option>' in page
    assert '<option value="mid">Mid</option>' in page
    assert 'value="old"' not in page
    assert "see every guest</a>" in page

    chosen = client.get(reverse("episodes:list") + "?guest=old").text
    assert '<option value="old" selected>Old</option>' in chosen
    assert "Guest: Old" in chosen  # the filter applied, as its chip says


def test_guest_list_prefers_the_guest_of_the_newest_episode(client, monkeypatch):
    """Two newest episodes can have more guests than the list holds: the newest episode's
    guest stays in it, whatever the alphabet says."""
    monkeypatch.setattr("episodes.filters.GUESTS_LISTED", 2)
    aaron, abby, zoe = (GuestFactory(name=n, slug=n.lower()) for n in ["Aaron", "Abby", "Zoe"])
    EpisodeFactory(guests=[aaron, abby], published_at=timezone.now() - timedelta(days=2))
    EpisodeFactory(guests=[zoe], published_at=timezone.now() - timedelta(days=1))

    page = client.get(reverse("episodes:list")).text
    assert '<option value="zoe">Zoe</option>' in page
    assert page.count('<option value="a') == 1


def test_topic_checkboxes_keep_the_chosen_topics_and_escape_names(client):
    for name, slug in [('Tea & "<i>" cakes', "tea"), ("GPUs", "gpus")]:
        EpisodeFactory(topics=[TopicFactory(name=name, slug=slug)])
    form = EpisodeFilter(QueryDict("topic=tea")).form
    fast = str(form["topic"])
    django = CheckboxSelectMultiple(choices=form.fields["topic"].choices).render(
        "topic", ["tea"], attrs={"id": "id_topic"}
    )
    assert fast == django
    assert 'value="tea" id="id_topic_1" checked>\n Tea &amp; &quot;&lt;i&gt;&quot; cakes' in fast


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


def test_the_guest_list_shows_sixty_guests_a_page_with_their_counts(client):
    guests = [GuestFactory(name=f"Guest {number:03}") for number in range(65)]
    EpisodeFactory(guests=guests)
    EpisodeFactory(guests=guests[-1:])
    url = reverse("episodes:guest-list")

    first = client.get(url).text
    assert "Guest 000" in first and "Guest 059" in first and "Guest 060" not in first
    assert "Page 1 of 2" in first and 'rel="next">Next →</a>' in first

    last = client.get(url + "?page=2").text
    assert "Guest 060" in last and "Guest 000" not in last
    assert "Guest 064</a>" in last and "2 episodes" in last
    assert last.count("1 episode<") == 4
