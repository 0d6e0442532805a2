"""The public pages, as a listener sees them."""

import re

import pytest
from django.urls import reverse

from episodes.models import Episode
from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory, TopicFactory

pytestmark = pytest.mark.django_db


def seed_episode_url(slug):
    return reverse("episodes:detail", kwargs={"show": "the-information-bottleneck", "slug": slug})


DIFFUSION = seed_episode_url("the-principles-of-diffusion-models")


def text(response):
    return response.content.decode()


def test_home_lists_episodes_newest_first_with_date_duration_guest_and_topics(client, seed):
    page = text(client.get(reverse("episodes:list")))
    diffusion = page.index("The Principles of Diffusion Models")
    xai = page.index("Inside xAI, and the Bet on AI Math")
    reasoning = page.index("Reasoning Models and Planning")
    assert diffusion < xai < reasoning
    assert "May 10, 2026" in page
    assert "1 h 13 min" in page
    assert 'href="/guests/jesse-lai/"' in page
    assert 'href="/topics/world-models/"' in page
    assert "We host Chieh-Hsin (Jesse) Lai" in page
    assert "3 episodes" in page


def test_home_is_paginated_and_pages_keep_the_filters(client):
    topic = TopicFactory(slug="gpus")
    EpisodeFactory.create_batch(12, topics=[topic])
    response = client.get(reverse("episodes:list"), {"topic": "gpus"})
    assert len(response.context["object_list"]) == 10
    assert "?topic=gpus&amp;page=2" in text(response)
    second = client.get(reverse("episodes:list"), {"topic": "gpus", "page": 2})
    assert len(second.context["object_list"]) == 2


def test_a_trailer_under_a_minute_is_listed_in_seconds_not_as_0_min(client):
    trailer = EpisodeFactory(title="Season two trailer", duration_seconds=25)
    listing = text(client.get(reverse("episodes:list")))
    assert '<time datetime="PT25S">25 sec</time>' in listing and ">0 min<" not in listing
    page = text(client.get(trailer.get_absolute_url()))
    assert '<time datetime="PT25S">25 sec</time>' in page


def test_episode_page_shows_everything_about_the_episode(client, seed):
    page = text(client.get(DIFFUSION))
    assert "<h1>The Principles of Diffusion Models - with Jesse Lai (Sony AI)</h1>" in page
    assert "the book is quickly becoming a go-to reference in the field" in page
    assert '<a href="/guests/jesse-lai/">Jesse Lai</a>, Sony AI' in page
    # Every moment is an anchor that can be linked to.
    assert page.count('<li id="t=') == 16
    assert '<li id="t=1332">' in page and 'href="#t=1332"' in page
    assert "Diffusion for world models: simulating reality in real time" in page
    # The music is credited as its licence asks.
    assert "“Kid Kodi” by Blue Dot Sessions, via Free Music Archive" in page
    assert (
        '<a href="https://creativecommons.org/licenses/by-nc/4.0/" rel="license">CC BY-NC 4.0</a>'
        in page
    )
    assert "changes: trimmed" in page
    assert 'href="/topics/diffusion-models/"' in page


def test_episode_page_links_to_previous_and_next(client, seed):
    page = text(client.get(seed_episode_url("inside-xai-and-the-bet-on-ai-math")))
    assert (
        'rel="prev" href="/episodes/the-information-bottleneck/reasoning-models-and-planning/"'
        in page
    )
    assert (
        'rel="next" href="/episodes/the-information-bottleneck/the-principles-of-diffusion-models/"'
        in page
    )
    newest = text(client.get(DIFFUSION))
    assert 'rel="next"' not in newest


def test_hour_long_moments_show_hours(client, seed):
    page = text(client.get(seed_episode_url("inside-xai-and-the-bet-on-ai-math")))
    assert '<time datetime="PT1H2M">1:02:00</time>' in page


def test_draft_episode_is_not_found_and_not_listed(client, seed):
    draft = EpisodeFactory(title="Secret upcoming", status=Episode.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret upcoming" not in text(client.get(reverse("episodes:list")))


def test_guest_page_lists_every_episode_of_the_guest(client):
    guest = GuestFactory(
        name="Ada Lovelace", affiliation="Analytical", bio="Wrote the first program."
    )
    EpisodeFactory(title="First chat", guests=[guest])
    EpisodeFactory(title="Second chat", guests=[guest])
    EpisodeFactory(title="Without her")
    EpisodeFactory(title="Unpublished chat", guests=[guest], status=Episode.Status.DRAFT)
    page = text(client.get(guest.get_absolute_url()))
    assert "<h1>Ada Lovelace</h1>" in page
    assert "Analytical" in page and "Wrote the first program." in page
    assert "First chat" in page and "Second chat" in page
    assert "Without her" not in page and "Unpublished chat" not in page


@pytest.mark.parametrize("field", ["topics", "guests"])
def test_topic_and_guest_pages_count_an_added_episode_at_once(client, page_cache_off, field):
    """Their counts of episodes are cached until an edit, which the pagination shows."""
    subject = TopicFactory(slug="gpus") if field == "topics" else GuestFactory(slug="ada")
    EpisodeFactory.create_batch(10, **{field: [subject]})
    url = subject.get_absolute_url()
    assert "Page 1 of" not in client.get(url).text
    assert client.get(url + "?page=2").status_code == 404

    EpisodeFactory(**{field: [subject]})

    assert "Page 1 of 2" in client.get(url).text
    assert client.get(url + "?page=2").status_code == 200


def test_guest_list_names_each_guest_with_affiliation_and_count(client, seed):
    page = text(client.get(reverse("episodes:guest-list")))
    for name, affiliation in [("Jesse Lai", "Sony AI"), ("Rao Kambhampati", "Arizona State")]:
        assert f"{name}</a>, {affiliation}" in page
    assert "1 episode<" in page


def test_guest_only_in_drafts_is_not_public(client):
    guest = GuestFactory(name="Not Yet Announced")
    EpisodeFactory(guests=[guest], status=Episode.Status.DRAFT)
    assert "Not Yet Announced" not in text(client.get(reverse("episodes:guest-list")))
    assert client.get(guest.get_absolute_url()).status_code == 404


def test_topic_pages_list_topics_and_their_episodes(client, seed):
    listing = text(client.get(reverse("episodes:topic-list")))
    assert "World models" in listing and "2 episodes" in listing
    page = text(client.get(reverse("episodes:topic-detail", kwargs={"slug": "world-models"})))
    assert "The Principles of Diffusion Models" in page
    assert "Reasoning Models and Planning" in page
    assert "Inside xAI" not in page


def test_about_page_has_summary_and_hosts_in_order(client, seed):
    page = text(client.get(reverse("episodes:about")))
    assert "Two AI Researchers - Ravid Shwartz Ziv, and Allen Roush" in page
    hosts = page[page.index("<h2>Hosts</h2>") :]
    assert hosts.index('id="host-ravid-shwartz-ziv"') < hosts.index('id="host-allen-roush"')


def test_about_page_without_a_show_is_not_found(client):
    assert client.get(reverse("episodes:about")).status_code == 404


def test_pages_cope_with_a_second_show(client, seed):
    from tests.factories import ShowFactory

    other = ShowFactory(slug="second-show", title="Second Show")
    twin = EpisodeFactory(show=other, slug="the-principles-of-diffusion-models", title="Twin")
    assert "Twin" in text(client.get(twin.get_absolute_url()))
    assert "Jesse Lai" in text(client.get(DIFFUSION))
    assert "Twin" in text(client.get(reverse("episodes:list")))


@pytest.mark.parametrize(
    "url",
    [
        "/episodes/the-information-bottleneck/no-such-episode/",
        "/episodes/no-such-show/the-principles-of-diffusion-models/",
        "/guests/nobody/",
        "/topics/nothing/",
    ],
)
def test_unknown_slugs_are_not_found(client, seed, url):
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"date_from": "2024-13-45"}, "Enter a valid date."),
        ({"date_to": "\x00"}, "Enter a valid date."),
        ({"year": "abc"}, "Enter a whole number."),
        ({"month": "2026-13"}, "Enter a month as YYYY-MM"),
        ({"month": "0000-05"}, "Enter a month as YYYY-MM"),  # datetime has no year 0
        ({"month": "²026-05"}, "Enter a month as YYYY-MM"),  # digits int() refuses
        ({"month": "2026-²"}, "Enter a month as YYYY-MM"),
        ({"topic": "\x00"}, "Null characters are not allowed."),
        ({"topic": "no-such-topic"}, "Select a valid choice."),
        ({"guest": "\x00"}, "Null characters are not allowed."),
        ({"guest": "nobody"}, "Select a valid choice."),
        ({"date_from": "2026-05-05", "date_to": "2026-05-01"}, "is after the"),
    ],
)
def test_bad_filters_get_a_clear_message_not_an_error(client, seed, query, message):
    response = client.get(reverse("episodes:list"), query)
    assert response.status_code == 200
    assert message in text(response).replace("&#x27;", "'")
    assert response.context["object_list"].count() == 0


def test_a_refused_filter_on_a_later_page_is_a_message_not_a_404(client):
    EpisodeFactory.create_batch(11)
    response = client.get(reverse("episodes:list"), {"page": 2, "year": "abc"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.text


def test_a_refused_filter_does_not_change_the_count_of_the_whole_list(client, seed):
    refused = client.get(reverse("episodes:list"), {"year": "abc"})
    assert re.search(r'result-count">\s*0 episodes', refused.text)
    home = client.get(reverse("episodes:list"))
    assert re.search(r'result-count">\s*3 episodes', home.text)


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1", "\x00"])
def test_bad_page_numbers_are_not_found(client, seed, page):
    assert client.get(reverse("episodes:list"), {"page": page}).status_code == 404


def test_timeline_moment_links_resolve_to_the_episode(client):
    entry = TimelineEntryFactory(start_seconds=754)
    assert entry.get_absolute_url().endswith("#t=754")
    assert 'id="t=754"' in text(client.get(entry.episode.get_absolute_url()))


def test_topic_index_lists_topics_by_name_after_a_rename(client):
    # Slugs stay (they are in URLs); names change: "Tool use" became "Agents". With its
    # counts the query had no ORDER BY, and the list came in slug order.
    for name, slug in [
        ("Reinforcement learning", "rl"),
        ("Agents", "tool-use"),
        ("Large language models", "llms"),
        ("Mixture of experts", "moe"),
    ]:
        EpisodeFactory(topics=[TopicFactory(name=name, slug=slug)])
    page = client.get(reverse("episodes:topic-list")).text
    listed = re.findall(r'class="topics__name"><a href="[^"]+">([^<]+)</a>', page)
    assert listed == [
        "Agents",
        "Large language models",
        "Mixture of experts",
        "Reinforcement learning",
    ]


def test_guest_index_and_guest_choices_are_alphabetical_whatever_the_case_or_accent(client):
    for name in ["Zoe Adams", "Émile Borel", "danah boyd", "Ada Lovelace"]:
        EpisodeFactory(guests=[GuestFactory(name=name)])
    expected = ["Ada Lovelace", "danah boyd", "Émile Borel", "Zoe Adams"]

    index = client.get(reverse("episodes:guest-list")).text
    assert re.findall(r'<a href="/guests/[^"]+/">([^<]+)</a>', index) == expected
    home = client.get(reverse("episodes:list")).text
    select = home[home.index('name="guest"') : home.index("</select>", home.index('name="guest"'))]
    assert re.findall(r'<option value="[^"]+"[^>]*>([^<]+)</option>', select) == expected


def test_episode_notes_close_with_the_shows_about_line_as_on_the_show_page(client, seed):
    """The show page ends every episode's notes with "About: The Information Bottleneck
    is hosted by ..."; the seed keeps that line once, on the show."""
    episode = Episode.objects.get(slug="reasoning-models-and-planning")
    page = client.get(episode.get_absolute_url()).text
    about = "About: The Information Bottleneck is hosted by Ravid Shwartz-Ziv and Allen Roush"
    assert page.index(episode.paragraphs[-1][-40:]) < page.index(about)


def test_an_episode_whose_slug_changed_is_found_at_its_old_address(client, admin_client):
    """Shared links, search engines and podcast apps keep the old address."""
    episode = EpisodeFactory(title="Scaling laws", slug="scaling-laws")
    TimelineEntryFactory(episode=episode, start_seconds=0, title="Intro")
    old_page = episode.get_absolute_url()
    old_chapters = reverse(
        "episodes:chapters", kwargs={"show": episode.show.slug, "slug": "scaling-laws"}
    )
    episode.slug = "scaling-laws-explained"
    episode.save()

    response = client.get(old_page)
    assert response.status_code == 301
    assert response["Location"] == episode.get_absolute_url()
    response = client.get(old_chapters)
    assert response.status_code == 301
    assert response["Location"].endswith("/scaling-laws-explained/chapters.json")
    assert client.get(episode.get_absolute_url().replace("scaling", "no-such")).status_code == 404


def test_an_old_address_that_another_episode_took_shows_that_episode(client):
    first = EpisodeFactory(title="First", slug="pilot")
    first.slug = "first-pilot"
    first.save()
    second = EpisodeFactory(title="Second", slug="pilot", show=first.show)
    response = client.get(second.get_absolute_url())
    assert response.status_code == 200
    assert response.context["episode"] == second
