"""JSON-LD for search engines: built from what the view fetched, safe inside <script>."""

import json

from django.conf import settings
from django.template import Context, Template

from episodes import structured_data
from episodes.models import Episode, Guest, Show


def absolute(path):
    return settings.SITE_URL + path


def fetched_episode(episode):
    return (
        Episode.objects.select_related("show")
        .prefetch_related("show__hosts", "guests")
        .get(pk=episode.pk)
    )


def test_podcast_series_names_the_show_its_feed_and_hosts(catalogue, django_assert_num_queries):
    show = Show.objects.prefetch_related("hosts").default()
    with django_assert_num_queries(0):
        data = structured_data.podcast_series(show)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "PodcastSeries"
    assert data["name"] == show.title
    assert data["description"] == show.summary
    assert data["url"] == absolute("/")
    assert data["webFeed"] == absolute("/feed/")
    assert data["image"].startswith(absolute("/static/img/cover"))
    assert [(p["@type"], p["name"]) for p in data["author"]] == [
        ("Person", "Ravid Shwartz-Ziv"),
        ("Person", "Allen Roush"),
    ]


def test_podcast_episode_carries_duration_series_hosts_and_guests(
    catalogue, django_assert_num_queries
):
    episode = fetched_episode(catalogue["public"][1])
    with django_assert_num_queries(0):
        data = structured_data.podcast_episode(episode)
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == episode.title
    assert data["url"] == absolute(episode.get_absolute_url())
    assert data["datePublished"] == episode.published_at.date().isoformat()
    assert data["duration"] == "PT56M"
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "The Information Bottleneck",
        "url": absolute("/"),
        "webFeed": absolute("/feed/"),
    }
    assert [host["name"] for host in data["author"]] == ["Ravid Shwartz-Ziv", "Allen Roush"]
    assert data["actor"] == [
        {
            "@type": "Person",
            "name": "Christian Szegedy",
            "url": absolute("/guests/christian-szegedy/"),
            "affiliation": {"@type": "Organization", "name": "Math Inc"},
        },
        {
            "@type": "Person",
            "name": "Jesse Lai",
            "url": absolute("/guests/jesse-lai/"),
            "affiliation": {"@type": "Organization", "name": "Sony AI"},
        },
    ]
    assert "associatedMedia" not in data


def test_episode_with_audio_names_its_media(catalogue):
    data = structured_data.podcast_episode(fetched_episode(catalogue["public"][0]))
    assert data["associatedMedia"]["contentUrl"] == "https://media.example.org/diffusion.mp3"


def test_person_for_a_guest_page(catalogue):
    guest = Guest.objects.get(slug="jesse-lai")
    data = structured_data.person(guest)
    assert data["@context"] == "https://schema.org"
    assert (data["@type"], data["name"]) == ("Person", "Jesse Lai")
    assert data["affiliation"] == {"@type": "Organization", "name": "Sony AI"}
    assert data["description"] == guest.bio


def test_json_ld_cannot_close_its_script_element():
    data = {"name": "</script><script>alert(1)</script> & more"}
    html = Template("{% load json_ld %}{{ data|json_ld }}").render(Context({"data": data}))
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == data
