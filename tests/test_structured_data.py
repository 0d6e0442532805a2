"""JSON-LD for search engines: built from what the view fetched, safe inside <script>."""

import json
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse

from episodes import structured_data
from episodes.context_processors import current_show
from episodes.models import Episode, Guest, Show, Topic
from episodes.timeline import iso_duration
from tests.factories import EpisodeFactory, ShowFactory, TopicFactory


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
    current_show()  # cached: every page's context asks for it
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
    current_show()  # cached: every page's context asks for it
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
    html = Template("{% load seo %}{{ data|json_ld }}").render(Context({"data": data}))
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    body = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body) == data


class HeadReader(HTMLParser):
    """Collects what crawlers and link previews read: JSON-LD blocks, <meta> and <link>."""

    def __init__(self):
        super().__init__()
        self.json_ld, self.meta, self.links = [], {}, []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def read_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    reader = HeadReader()
    reader.feed(response.content.decode())
    reader.blocks = [json.loads(block) for block in reader.json_ld]
    return reader


def public_page_urls():
    episodes = Episode.objects.published().select_related("show")
    return (
        [reverse(name) for name in ["episodes:list", "episodes:guest-list", "episodes:about"]]
        + [reverse("episodes:topic-list")]
        + [episode.get_absolute_url() for episode in episodes]
        + [guest.get_absolute_url() for guest in Guest.objects.public()]
        + [topic.get_absolute_url() for topic in Topic.objects.public()]
    )


@pytest.mark.parametrize("name", ["episodes:list", "episodes:about"])
def test_home_and_about_describe_the_podcast_series(client, seed, name):
    (series,) = read_page(client, reverse(name)).blocks
    show = Show.objects.get()
    assert series["@type"] == "PodcastSeries"
    assert series["name"] == show.title == "The Information Bottleneck"
    assert series["description"] == show.summary
    assert series["url"] == absolute("/")
    assert series["webFeed"] == absolute("/feed/")
    assert series["image"].startswith(absolute("/static/img/cover"))
    assert [host["name"] for host in series["author"]] == ["Ravid Shwartz-Ziv", "Allen Roush"]


def test_every_seed_episode_page_describes_its_episode(client, seed):
    episodes = Episode.objects.published().select_related("show").prefetch_related("guests")
    assert len(episodes) == 3
    for episode in episodes:
        (data,) = read_page(client, episode.get_absolute_url()).blocks
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "PodcastEpisode"
        assert data["name"] == episode.title
        assert data["url"] == absolute(episode.get_absolute_url())
        assert data["datePublished"] == episode.published_at.date().isoformat()
        assert data["duration"] == iso_duration(episode.duration_seconds)
        assert data["partOfSeries"]["@type"] == "PodcastSeries"
        assert data["partOfSeries"]["webFeed"] == absolute("/feed/")
        assert [p["@type"] for p in data["author"]] == ["Person", "Person"]
        guests = list(episode.guests.all())
        assert [p["name"] for p in data["actor"]] == [g.name for g in guests]
        for person, guest in zip(data["actor"], guests, strict=True):
            assert person["affiliation"] == {"@type": "Organization", "name": guest.affiliation}


def test_diffusion_episode_lasts_56_minutes_with_jesse_lai_of_sony_ai(client, seed):
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    (data,) = read_page(client, episode.get_absolute_url()).blocks
    assert data["duration"] == iso_duration(episode.duration_seconds)
    assert data["duration"].startswith("PT5")
    assert data["actor"][0]["name"].endswith("Lai")
    assert data["actor"][0]["affiliation"]["name"] == "Sony AI"


def test_guest_page_describes_the_person(client, seed):
    guest = Guest.objects.get(slug="jesse-lai")
    (data,) = read_page(client, guest.get_absolute_url()).blocks
    assert (data["@type"], data["name"]) == ("Person", guest.name)
    assert data["url"] == absolute(guest.get_absolute_url())
    assert data["affiliation"] == {"@type": "Organization", "name": "Sony AI"}


def test_later_pages_of_a_list_are_their_own_canonical_page(client, db):
    topic = TopicFactory(slug="gpus")
    EpisodeFactory.create_batch(11, topics=[topic])
    for path in (reverse("episodes:list"), topic.get_absolute_url()):
        for query, canonical in [("?page=2", "?page=2"), ("?page=1", ""), ("?topic=gpus", "")]:
            page = read_page(client, path + query)
            links = [link["href"] for link in page.links if link.get("rel") == "canonical"]
            assert links == [absolute(path + canonical)], path + query
            assert page.meta["og:url"] == absolute(path + canonical)


def test_every_public_page_has_canonical_link_previews_and_the_feed(client, seed):
    urls = public_page_urls()
    assert len(urls) > 10
    for url in urls:
        page = read_page(client, url)
        canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
        assert canonical == [absolute(url)], url
        for key in ["og:title", "og:description", "og:url", "og:image", "og:type"]:
            assert page.meta.get(key), (url, key)
        assert page.meta["og:url"] == absolute(url)
        # Link previews read no SVG: the PNG cover, which the feed checks is one.
        assert page.meta["og:image"].startswith(settings.SITE_URL + "/static/img/cover")
        assert page.meta["og:image"].endswith(".png")
        assert page.meta["twitter:card"] == "summary"
        assert page.meta["description"]
        feeds = [link["href"] for link in page.links if link.get("type") == "application/rss+xml"]
        assert reverse("episodes:feed") in feeds, url


def test_episode_preview_carries_the_episode_title(client, seed):
    episode = Episode.objects.get(slug="the-principles-of-diffusion-models")
    page = read_page(client, episode.get_absolute_url())
    assert page.meta["og:title"] == episode.title
    assert page.meta["og:type"] == "article"
    assert page.meta["og:description"].startswith("We host Chieh-Hsin (Jesse) Lai")


@pytest.mark.parametrize(
    ("page_name", "feed_name"),
    [
        ("episodes:topic-detail", "episodes:topic-feed"),
        ("episodes:guest-detail", "episodes:guest-feed"),
    ],
)
def test_topic_and_guest_pages_link_their_own_feed(client, catalogue, page_name, feed_name):
    slug = "diffusion" if "topic" in page_name else "jesse-lai"
    response = client.get(reverse(page_name, args=[slug]))
    reader = HeadReader()
    reader.feed(response.content.decode())
    feed_url = reverse(feed_name, args=[slug])
    assert feed_url in [link["href"] for link in reader.links if link.get("rel") == "alternate"]
    assert f'href="{feed_url}"' in response.content.decode().split("<main", 1)[1]
    assert client.get(feed_url).status_code == 200


def test_draft_episode_appears_in_no_structured_data(client, catalogue):
    pages = [reverse("episodes:list"), reverse("episodes:about")]
    pages += [episode.get_absolute_url() for episode in catalogue["public"]]
    pages += [guest.get_absolute_url() for guest in catalogue["guests"]]
    for url in pages:
        text = json.dumps(read_page(client, url).blocks)
        for hidden in catalogue["hidden"]:
            assert hidden.title not in text
            assert hidden.slug not in text
    for hidden in catalogue["hidden"]:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_another_shows_episode_does_not_claim_the_site_shows_feed(client, catalogue):
    """/feed/ and the home page hold the site's show only: an episode of another show
    named them as its series' feed and page."""
    other = ShowFactory(title="Another Show", slug="another-show")
    episode = EpisodeFactory(show=other, title="Other show pilot", slug="pilot")
    (data,) = read_page(client, episode.get_absolute_url()).blocks
    assert data["partOfSeries"] == {"@type": "PodcastSeries", "name": "Another Show"}
