"""The podcast feeds, read the way podcast apps read them.

feedparser checks the RSS as most readers see it; podcast:* and itunes:explicit are
checked on the XML itself (feedparser keeps only the last repeated podcast:* element and
reads "true"/"false" as None); gPodder's podcastparser reads Podlove chapters.
"""

import html
import io
import re
import struct
import uuid
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import podcastparser
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from episodes.models import Episode, Show
from episodes.podcast_feed import podcast_guid
from episodes.timeline import format_hms
from tests import factories

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "atom": "http://www.w3.org/2005/Atom",
}


def absolute(path):
    return settings.SITE_URL + path


class _Layout(HTMLParser):
    """HTML laid out as an app's web view shows it: a run of white space is one space,
    and paragraphs and <br> start a new line."""

    BREAKS = {"p", "br", "li", "ul", "ol", "div"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs=None):
        if tag in self.BREAKS:
            self.parts.append("\n")

    handle_endtag = handle_starttag

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def shown_lines(description):
    """The lines an app that reads the description as HTML shows."""
    layout = _Layout()
    layout.feed(description)
    layout.close()
    return [line.strip() for line in "".join(layout.parts).split("\n") if line.strip()]


def get_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return response.content


def channel_of(content):
    return ET.fromstring(content).find("channel")


def entries_by_link(content):
    """feedparser's entries, by their link."""
    return {entry.link: entry for entry in feedparser.parse(content).entries}


def items_by_link(content):
    return {item.findtext("link"): item for item in channel_of(content).findall("item")}


@pytest.fixture
def feed(client, catalogue):
    return get_feed(client, reverse("episodes:feed"))


def test_feedparser_reads_the_channel(feed, catalogue):
    parsed = feedparser.parse(feed)
    show = catalogue["show"]
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == show.title
    assert parsed.feed.subtitle == show.summary
    assert parsed.feed.link == absolute(reverse("episodes:list"))
    assert parsed.feed.language == show.language
    assert parsed.feed.author == "Ravid Shwartz-Ziv & Allen Roush"
    assert parsed.feed.image.href.startswith(absolute("/static/img/cover"))
    assert parsed.feed.tags[0].term == show.category
    assert parsed.feed.rights == show.copyright


def test_feedparser_reads_every_item(feed, catalogue):
    parsed = feedparser.parse(feed)
    public = catalogue["public"]
    assert [entry.title for entry in parsed.entries] == [e.title for e in public]
    for entry, episode in zip(parsed.entries, public, strict=True):
        assert entry.link == absolute(episode.get_absolute_url())
        assert entry.id == str(episode.guid)
        assert entry.guidislink is False
        assert entry.published_parsed[:6] == episode.published_at.utctimetuple()[:6]
        assert entry.itunes_duration == str(episode.duration_seconds)
        assert {tag.term for tag in entry.tags} == {t.name for t in episode.topics.all()}


def test_the_feed_says_when_an_episode_in_it_last_changed(client, catalogue):
    """RSS gives an item no date for an edit: the channel's lastBuildDate is the latest
    change of its episodes, which tells an app the feed has something new."""
    older = catalogue["public"][-1]
    older.title = "Renamed after publishing"
    older.save()
    older.refresh_from_db()

    parsed = feedparser.parse(get_feed(client, reverse("episodes:feed")))
    assert parsed.feed.updated_parsed[:6] == older.updated_at.utctimetuple()[:6]


def test_title_with_ampersand_is_escaped_once(feed):
    titles = [entry.title for entry in feedparser.parse(feed).entries]
    assert "The Principles of Diffusion Models & more" in titles


def test_description_ends_with_the_timeline_as_hms_lines(feed, catalogue):
    entries = entries_by_link(feed)
    for episode in catalogue["public"]:
        description = entries[absolute(episode.get_absolute_url())].description
        lines = [f"{format_hms(t.start_seconds)} {t.title}" for t in episode.timeline.all()]
        assert shown_lines(description)[0] == episode.summary
        assert shown_lines(description)[-len(lines) :] == lines


def test_channel_carries_itunes_podcast_and_atom_elements(feed):
    channel = channel_of(feed)
    feed_url = absolute(reverse("episodes:feed"))
    assert channel.find("itunes:explicit", NS).text == "false"
    assert channel.find("itunes:category", NS).get("text") == "Science"
    assert channel.find("itunes:image", NS).get("href").endswith(".png")
    assert channel.findtext("itunes:author", namespaces=NS) == "Ravid Shwartz-Ziv & Allen Roush"
    self_link = channel.find("atom:link", NS)
    assert (self_link.get("rel"), self_link.get("href")) == ("self", feed_url)
    assert channel.findtext("podcast:locked", namespaces=NS) == "yes"
    guid = channel.findtext("podcast:guid", namespaces=NS)
    bare = feed_url.split("://", 1)[1].rstrip("/")
    assert guid == str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), bare))


def test_cover_art_is_a_png_apple_podcasts_accepts(client, feed):
    """Apple asks for a square JPEG or PNG of 1400 to 3000 pixels; apps do not read SVG."""
    href = channel_of(feed).find("itunes:image", NS).get("href")
    image = client.get(href.removeprefix(settings.SITE_URL))
    assert image.status_code == 200
    png = b"".join(image.streaming_content) if image.streaming else image.content
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk comes first
    assert width == height and 1400 <= width <= 3000
    assert feedparser.parse(feed).feed.image.href == href


def test_itunes_owner_appears_once_the_show_has_an_email(client, catalogue):
    url = reverse("episodes:feed")
    assert channel_of(get_feed(client, url)).find("itunes:owner", NS) is None

    show = catalogue["show"]
    show.owner_email = "podcast@example.org"
    show.save()

    channel = channel_of(get_feed(client, url))
    owner = channel.find("itunes:owner", NS)
    assert owner.findtext("itunes:email", namespaces=NS) == "podcast@example.org"
    assert owner.findtext("itunes:name", namespaces=NS) == "Ravid Shwartz-Ziv & Allen Roush"
    publisher = feedparser.parse(get_feed(client, url)).feed.publisher_detail
    assert publisher.email == "podcast@example.org"


def test_podcast_guid_follows_the_namespace_spec_example():
    # The example given by the podcast namespace's own documentation.
    assert str(podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml")) == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("https://example.org/feed/") == podcast_guid("http://example.org/feed")


def test_pinned_podcast_guid_survives_a_move(client, catalogue, settings):
    settings.PODCAST_GUID = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    settings.SITE_URL = "https://new-home.example.org"
    channel = channel_of(get_feed(client, reverse("episodes:feed")))
    assert channel.findtext("podcast:guid", namespaces=NS) == settings.PODCAST_GUID
    assert channel.find("atom:link", NS).get("href") == "https://new-home.example.org/feed/"


def test_each_item_names_hosts_and_guests_as_podcast_persons(feed, catalogue):
    items = items_by_link(feed)
    hosts = catalogue["hosts"]
    for episode in catalogue["public"]:
        persons = items[absolute(episode.get_absolute_url())].findall("podcast:person", NS)
        guests = list(episode.guests.all())
        assert len(persons) == len(hosts) + len(guests)
        assert [(p.text, p.get("role"), p.get("href")) for p in persons] == [
            (h.name, "host", absolute(h.get_absolute_url())) for h in hosts
        ] + [(g.name, "guest", absolute(g.get_absolute_url())) for g in guests]


def test_each_item_carries_its_chapters_inline_and_as_a_link(feed, catalogue):
    items = items_by_link(feed)
    for episode in catalogue["public"]:
        item = items[absolute(episode.get_absolute_url())]
        timeline = list(episode.timeline.all())
        chapters = item.find("psc:chapters", NS)
        assert chapters.get("version") == "1.2"
        assert [(c.get("start"), c.get("title")) for c in chapters] == [
            (format_hms(t.start_seconds), t.title) for t in timeline
        ]
        link = item.find("podcast:chapters", NS)
        assert link.get("type") == "application/json+chapters"
        assert link.get("url") == absolute(
            reverse("episodes:chapters", kwargs={"show": episode.show.slug, "slug": episode.slug})
        )
        assert item.findtext("itunes:duration", namespaces=NS) == str(episode.duration_seconds)


def test_podcastparser_reads_chapters_durations_and_guids(feed, catalogue):
    # podcastparser 0.6.11 maps podcast:* only under the namespace's old GitHub URI, not
    # https://podcastindex.org/namespace/1.0, so persons are checked on the XML above.
    parsed = podcastparser.parse(absolute(reverse("episodes:feed")), io.BytesIO(feed))
    assert parsed["title"] == catalogue["show"].title
    episodes = {e["link"]: e for e in parsed["episodes"]}
    assert len(episodes) == len(catalogue["public"])
    for episode in catalogue["public"]:
        parsed_episode = episodes[absolute(episode.get_absolute_url())]
        assert [(c["start"], c["title"]) for c in parsed_episode["chapters"]] == [
            (t.start_seconds, t.title) for t in episode.timeline.all()
        ]
        assert parsed_episode["total_time"] == episode.duration_seconds
        assert parsed_episode["guid"] == str(episode.guid)


def test_enclosure_only_when_the_episode_has_audio(feed, catalogue):
    with_audio, without_audio = catalogue["public"]
    entries = entries_by_link(feed)
    enclosure = entries[absolute(with_audio.get_absolute_url())].enclosures
    assert [(e.href, e.length, e.type) for e in enclosure] == [
        ("https://media.example.org/diffusion.mp3", "53000000", "audio/mpeg")
    ]
    assert entries[absolute(without_audio.get_absolute_url())].enclosures == []
    items = items_by_link(feed)
    assert items[absolute(without_audio.get_absolute_url())].find("enclosure") is None


def test_item_guid_stays_when_the_slug_changes(client, catalogue):
    episode = catalogue["public"][0]
    before = str(episode.guid)
    episode.slug = "renamed"
    episode.save()
    ids = [e.id for e in feedparser.parse(get_feed(client, reverse("episodes:feed"))).entries]
    assert before in ids


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("episodes:feed", {}),
        ("episodes:topic-feed", {"slug": "diffusion"}),
        ("episodes:guest-feed", {"slug": "jesse-lai"}),
    ],
)
def test_drafts_and_scheduled_episodes_are_in_no_feed(client, catalogue, name, kwargs):
    content = get_feed(client, reverse(name, kwargs=kwargs))
    text = content.decode()
    for hidden in catalogue["hidden"]:
        assert hidden.title not in text
        assert hidden.slug not in text
        assert str(hidden.guid) not in text
    assert "Secret chapter" not in text


def test_topic_feed_holds_that_topics_episodes(client, catalogue):
    content = get_feed(client, reverse("episodes:topic-feed", kwargs={"slug": "mathematics"}))
    parsed = feedparser.parse(content)
    assert not parsed.bozo
    assert parsed.feed.title == "The Information Bottleneck: Mathematics"
    assert parsed.feed.link == absolute(reverse("episodes:topic-detail", args=["mathematics"]))
    assert [e.title for e in parsed.entries] == ["Inside xAI, and the Bet on AI Math"]
    guid = channel_of(content).findtext("podcast:guid", namespaces=NS)
    assert guid == str(podcast_guid(absolute("/topics/mathematics/feed/")))


def test_guest_feed_holds_that_guests_episodes(client, catalogue):
    content = get_feed(client, reverse("episodes:guest-feed", kwargs={"slug": "christian-szegedy"}))
    parsed = feedparser.parse(content)
    assert not parsed.bozo
    assert "Christian Szegedy" in parsed.feed.title
    assert [e.title for e in parsed.entries] == ["Inside xAI, and the Bet on AI Math"]


def test_unknown_topic_or_guest_feed_is_not_found(client, catalogue):
    assert client.get(reverse("episodes:topic-feed", args=["no-such-topic"])).status_code == 404
    assert client.get(reverse("episodes:guest-feed", args=["no-such-guest"])).status_code == 404


def test_control_characters_in_stored_text_do_not_take_the_feed_down(client, catalogue):
    """XML 1.0 cannot hold them; Django's writer raised on one, a 500 for every app."""
    episode = catalogue["public"][0]
    # Stored as they were before saves dropped them (update() sends no signal).
    Episode.objects.filter(pk=episode.pk).update(
        title="Tabs\x0bfrom Word", description="Notes pasted\x0bfrom Word\x0c and a PDF\x01."
    )
    episode.timeline.update(title="A moment\x0b with a break")

    feed = get_feed(client, reverse("episodes:feed"))

    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = entries_by_link(feed)[absolute(episode.get_absolute_url())]
    assert entry.title == "Tabs\nfrom Word"
    assert shown_lines(entry.description)[:3] == ["Notes pasted", "from Word", "and a PDF."]
    assert shown_lines(entry.description)[-2].endswith(" A moment")
    assert shown_lines(entry.description)[-1] == "with a break"


def test_saving_turns_control_characters_into_new_lines_or_nothing(catalogue):
    episode = catalogue["public"][0]
    episode.description = "Line one\x0bline two\x0c\x07 done"
    episode.save()
    episode.refresh_from_db()
    assert episode.description == "Line one\nline two\n done"


def test_feed_without_episodes_is_still_valid(client, db):
    factories.HostFactory(show=factories.ShowFactory())
    parsed = feedparser.parse(get_feed(client, reverse("episodes:feed")))
    assert not parsed.bozo
    assert parsed.entries == []


@pytest.mark.parametrize(
    ("name", "kwargs", "queries"),
    [
        # episodes, then the guests, topics, timeline and music credits of them all
        # (the show and its hosts come from the cache the pages share)
        ("episodes:feed", {}, 5),
        # the topic or guest first
        ("episodes:topic-feed", {"slug": "diffusion"}, 6),
        ("episodes:guest-feed", {"slug": "jesse-lai"}, 6),
    ],
)
def test_feed_queries_do_not_grow_with_episodes(
    page_cache_off, client, catalogue, django_assert_num_queries, name, kwargs, queries
):
    url = reverse(name, kwargs=kwargs)
    client.get(url)  # the site's show is cached after the first request
    with django_assert_num_queries(queries):
        client.get(url)
    jesse, diffusion = catalogue["guests"][0], catalogue["topics"][0]
    for _ in range(5):
        episode = factories.EpisodeFactory(
            show=catalogue["show"], guests=[jesse], topics=[diffusion]
        )
        factories.TimelineEntryFactory.create_batch(3, episode=episode)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(feedparser.parse(response.content).entries) >= 6


def test_audio_must_come_with_its_size(catalogue):
    episode = catalogue["public"][1]
    episode.audio_url = "https://media.example.org/x.mp3"
    with pytest.raises(ValidationError, match="size in bytes"):
        episode.full_clean()
    episode.audio_length_bytes = 1234
    episode.full_clean()


def test_seed_feed_lists_the_three_episodes_with_their_persons_and_chapters(client, seed):
    content = get_feed(client, reverse("episodes:feed"))
    parsed = feedparser.parse(content)
    assert not parsed.bozo
    episodes = Episode.objects.published().prefetch_related("guests", "timeline")
    assert len(parsed.entries) == len(episodes) == 3
    items = items_by_link(content)
    hosts = list(Show.objects.get().hosts.all())
    assert len(hosts) == 2
    chapters = 0
    for episode in episodes:
        item = items[absolute(episode.get_absolute_url())]
        persons = item.findall("podcast:person", NS)
        assert len(persons) == len(hosts) + len(episode.guests.all())
        psc = item.find("psc:chapters", NS)
        assert len(psc) == len(episode.timeline.all())
        chapters += len(psc)
    assert chapters == 68


def test_item_guids_survive_reloading_the_seed(client, seed):
    before = {e.slug: e.guid for e in Episode.objects.all()}
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    assert {e.slug: e.guid for e in Episode.objects.all()} == before
    ids = {e.id for e in feedparser.parse(get_feed(client, reverse("episodes:feed"))).entries}
    assert ids == {str(guid) for guid in before.values()}


def test_seed_descriptions_credit_the_music_and_end_with_the_timeline(client, seed):
    entries = entries_by_link(get_feed(client, reverse("episodes:feed")))
    for episode in Episode.objects.published().prefetch_related("timeline", "music_credits"):
        description = entries[absolute(episode.get_absolute_url())].description
        lines = [f"{format_hms(t.start_seconds)} {t.title}" for t in episode.timeline.all()]
        assert shown_lines(description)[-len(lines) :] == lines
        for credit in episode.music_credits.all():
            assert f"“{credit.title}” by {credit.artist}" in description
    diffusion = Episode.objects.get(slug="the-principles-of-diffusion-models")
    entry = entries[absolute(diffusion.get_absolute_url())]
    description = "\n".join(shown_lines(entry.description))
    assert (
        "“Kid Kodi” by Blue Dot Sessions, via Free Music Archive, licensed under CC BY-NC 4.0 "
        "(https://creativecommons.org/licenses/by-nc/4.0/); changes: trimmed." in description
    )
    assert "00:22:12 Diffusion for world models: simulating reality in real time" in description
    about = "About: The Information Bottleneck is hosted by Ravid Shwartz-Ziv and Allen Roush"
    assert description.index("changes: trimmed.") < description.index(about)


def test_text_in_angle_brackets_reaches_podcast_apps(client, catalogue):
    """Apps read a description as HTML; plain-text notes must not lose "<think>" to it."""
    episode = catalogue["public"][0]
    episode.description = "How the <think> token & tools changed reasoning models."
    episode.save()
    feed = feedparser.parse(client.get(reverse("episodes:feed")).content)
    entry = next(e for e in feed.entries if e.link.endswith(episode.get_absolute_url()))
    shown = html.unescape(re.sub(r"<[^>]+>", "", entry.description))  # as an app shows it
    assert shown.startswith("How the <think> token & tools changed reasoning models.")


@pytest.mark.parametrize("character", ["\ufffe", "\uffff"])
def test_characters_xml_has_no_place_for_do_not_break_the_feed(client, catalogue, character):
    """U+FFFE is a byte-swapped byte order mark, as text pasted from some files has."""
    episode = catalogue["public"][0]
    episode.title = f"Diffusion{character} models"
    episode.save()
    ET.fromstring(client.get(reverse("episodes:feed")).content)
    episode.refresh_from_db()
    assert episode.title == "Diffusion models"


def test_an_ampersand_in_the_notes_reaches_an_app_that_reads_text(client, catalogue):
    """gPodder reads a description without tags as plain text: escaping alone showed
    "A Q&amp;A with the R&amp;D team" there."""
    episode = catalogue["public"][0]
    episode.description = "A Q&A with the R&D team."
    episode.save()
    url = reverse("episodes:feed")
    parsed = podcastparser.parse(absolute(url), io.BytesIO(get_feed(client, url)))
    entry = next(e for e in parsed["episodes"] if e["link"] == absolute(episode.get_absolute_url()))
    assert entry["description"].startswith("A Q&A with the R&D team.")


def test_an_ampersand_in_the_show_summary_reaches_an_app_that_reads_text(client, catalogue):
    """gPodder shows a channel's description as text: escaped before the XML writer
    escaped it again, the summary read "A Q&amp;A show on R&amp;D" there."""
    show = catalogue["show"]
    show.summary = "A Q&A show on R&D in AI."
    show.save()
    url = reverse("episodes:feed")
    parsed = podcastparser.parse(absolute(url), io.BytesIO(get_feed(client, url)))
    assert parsed["description"] == "A Q&A show on R&D in AI."
    subtitle = feedparser.parse(get_feed(client, url)).feed.subtitle  # as apps that read HTML
    assert html.unescape(subtitle) == "A Q&A show on R&D in AI."


def test_an_ampersand_in_a_topic_description_reaches_an_app_that_reads_text(client, catalogue):
    """A topic's feed has the topic's description as its own."""
    topic = catalogue["topics"][0]
    topic.description = "Diffusion & flow matching."
    topic.save()
    url = reverse("episodes:topic-feed", kwargs={"slug": topic.slug})
    parsed = podcastparser.parse(absolute(url), io.BytesIO(get_feed(client, url)))
    assert parsed["description"] == "Diffusion & flow matching."


def test_text_in_angle_brackets_in_the_show_summary_reaches_apps_that_read_html(client, catalogue):
    """feedparser, like most apps, reads a channel's description as HTML."""
    show = catalogue["show"]
    show.summary = "How the <think> token changed reasoning models."
    show.save()
    subtitle = feedparser.parse(get_feed(client, reverse("episodes:feed"))).feed.subtitle
    assert html.unescape(re.sub(r"<[^>]+>", "", subtitle)) == show.summary


def test_paragraphs_and_timeline_lines_stay_apart_in_apps_that_read_html(feed, catalogue):
    """Plain new lines collapse in HTML: the whole timeline read as one line."""
    episode = catalogue["public"][0]
    entry = entries_by_link(feed)[absolute(episode.get_absolute_url())]
    assert entry.description_detail.type == "text/html"
    lines = shown_lines(entry.description)
    assert lines[0] == episode.paragraphs[0]
    assert "Timeline" in lines
    for moment in episode.timeline.all():
        assert f"{format_hms(moment.start_seconds)} {moment.title}" in lines


def revalidated(client, url, first):
    return client.get(url, HTTP_IF_MODIFIED_SINCE=first.get("Last-Modified", http_date()))


def test_a_withdrawn_episode_is_not_answered_304_without_the_page_cache(
    client, catalogue, settings
):
    """Django's feed dates itself by its newest item: taking the newest episode back moved
    that date back, and an app revalidating with If-Modified-Since kept the episode.
    Without the page cache (turned off, or Redis down) that was the only date."""
    settings.PUBLIC_PAGE_CACHE_ENABLED = False
    newest, older = catalogue["public"]
    Episode.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=30))
    url = reverse("episodes:feed")
    first = client.get(url)
    assert str(newest.guid) in first.text

    newest.status = Episode.Status.DRAFT
    newest.save()

    again = revalidated(client, url, first)
    assert again.status_code == 200
    assert str(newest.guid) not in again.text


def test_a_show_edit_is_not_answered_304_without_the_page_cache(client, catalogue, settings):
    """The owner email Apple sends its verification code to, filled in later."""
    settings.PUBLIC_PAGE_CACHE_ENABLED = False
    Episode.objects.update(updated_at=timezone.now() - timedelta(days=30))
    url = reverse("episodes:feed")
    first = client.get(url)
    show = catalogue["show"]
    show.owner_email = "podcast@example.org"
    show.save()

    again = revalidated(client, url, first)
    assert again.status_code == 200
    assert "podcast@example.org" in again.text
