"""sitemap.xml and robots.txt: what search engines are told to crawl."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from episodes.models import Episode, Guest, MusicCredit, Topic
from episodes.sitemaps import EpisodeSitemap
from tests import factories

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def absolute(path):
    return settings.SITE_URL + path


def fetch_xml(client, url):
    response = client.get(url.removeprefix(settings.SITE_URL))
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def sitemap_pages(client):
    """The addresses of the sitemaps that the index at /sitemap.xml names."""
    index = fetch_xml(client, reverse("sitemap"))
    return [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]


def sitemap_entries(client):
    """{address: lastmod} of every sitemap the index names, as a crawler reads them."""
    entries = {}
    for page in sitemap_pages(client):
        for url in fetch_xml(client, page).findall("sm:url", SITEMAP_NS):
            loc = url.findtext("sm:loc", namespaces=SITEMAP_NS)
            assert loc not in entries, f"{loc} is listed twice"
            entries[loc] = url.findtext("sm:lastmod", namespaces=SITEMAP_NS)
    return entries


def public_pages():
    pages = [
        reverse(name)
        for name in [
            "episodes:list",
            "episodes:guest-list",
            "episodes:topic-list",
            "episodes:about",
        ]
    ]
    published = Episode.objects.published()
    pages += [e.get_absolute_url() for e in published.select_related("show")]
    pages += [g.get_absolute_url() for g in Guest.objects.filter(episodes__in=published).distinct()]
    pages += [t.get_absolute_url() for t in Topic.objects.filter(episodes__in=published).distinct()]
    return {absolute(page) for page in pages}


def test_sitemap_lists_every_public_page_and_nothing_else(client, catalogue):
    entries = sitemap_entries(client)
    assert set(entries) == public_pages()
    assert len(entries) == 4 + 2 + 2 + 2


def test_sitemap_gives_the_last_change_of_each_episode(client, catalogue):
    entries = sitemap_entries(client)
    for episode in catalogue["public"]:
        lastmod = entries[absolute(episode.get_absolute_url())]
        assert lastmod == episode.updated_at.date().isoformat()
    for guest in catalogue["guests"]:
        assert datetime.date.fromisoformat(entries[absolute(guest.get_absolute_url())])


def test_sitemap_holds_no_draft_or_scheduled_episode(client, catalogue):
    lonely = factories.GuestFactory(name="Only In A Draft", slug="only-in-a-draft")
    factories.EpisodeFactory(
        show=catalogue["show"], slug="another-draft", status=Episode.Status.DRAFT, guests=[lonely]
    )
    entries = sitemap_entries(client)
    for hidden in catalogue["hidden"]:
        assert absolute(hidden.get_absolute_url()) not in entries
    assert absolute(lonely.get_absolute_url()) not in entries


def test_sitemap_uses_the_public_address_not_the_request_host(client, catalogue, settings):
    settings.SITE_URL = "https://podcast.example.org"
    settings.ALLOWED_HOSTS = ["internal.local"]
    index = client.get(reverse("sitemap"), HTTP_HOST="internal.local")
    assert b"https://podcast.example.org/sitemap-pages.xml" in index.content
    assert b"internal.local" not in index.content
    pages = reverse("sitemap-section", args=["pages"])
    response = client.get(pages, HTTP_HOST="internal.local")
    assert b"https://podcast.example.org/about/" in response.content
    assert b"internal.local" not in response.content


def test_a_section_beyond_the_protocols_limit_is_split_into_pages(client, catalogue, monkeypatch):
    """A sitemap holds at most 50,000 addresses; the benchmark's catalogue has 100,000."""
    monkeypatch.setattr(EpisodeSitemap, "limit", 1)
    episodes = reverse("sitemap-section", args=["episodes"])
    assert absolute(episodes + "?p=2") in sitemap_pages(client)
    assert set(sitemap_entries(client)) == public_pages()


def test_sitemap_lists_the_seed_catalogue(client, seed):
    entries = sitemap_entries(client)
    assert set(entries) == public_pages()
    assert sum("/episodes/" in url for url in entries) == 3


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert lines[0] == "User-agent: *"


def test_robots_txt_answers_head_requests(client, db):
    assert client.head("/robots.txt").status_code == 200


def test_an_episode_that_goes_live_by_its_schedule_changes_its_sitemap_dates(client, catalogue):
    """Nothing is saved when a scheduled episode's time comes, yet its address is new."""
    Episode.objects.update(updated_at=timezone.now() - datetime.timedelta(days=7))
    scheduled = catalogue["hidden"][1]
    went_live = timezone.now() - datetime.timedelta(hours=1)
    Episode.objects.filter(pk=scheduled.pk).update(published_at=went_live)
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

    section = ET.fromstring(client.get("/sitemap-episodes.xml").content)
    lastmod = next(
        url.findtext("sm:lastmod", namespaces=namespace)
        for url in section.findall("sm:url", namespace)
        if url.findtext("sm:loc", namespaces=namespace).endswith(scheduled.get_absolute_url())
    )
    index = ET.fromstring(client.get("/sitemap.xml").content)
    section_lastmod = next(
        item.findtext("sm:lastmod", namespaces=namespace)
        for item in index.findall("sm:sitemap", namespace)
        if item.findtext("sm:loc", namespaces=namespace).endswith("sitemap-episodes.xml")
    )
    day = went_live.date().isoformat()
    assert lastmod >= day and section_lastmod[:10] >= day


def test_a_withdrawn_episode_is_not_answered_304_without_the_page_cache(
    client, catalogue, settings
):
    """Django's sitemap dates a section by its newest lastmod, which moves back in time
    when the newest episode is taken back: a crawler revalidating kept its address."""
    settings.PUBLIC_PAGE_CACHE_ENABLED = False
    newest, older = catalogue["public"]
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Episode.objects.filter(pk=older.pk).update(updated_at=month_ago, published_at=month_ago)
    url = reverse("sitemap-section", kwargs={"section": "episodes"})
    first = client.get(url)
    assert absolute(newest.get_absolute_url()) in first.text

    newest.status = Episode.Status.DRAFT
    newest.save()

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first.get("Last-Modified", "now"))
    assert again.status_code == 200
    assert absolute(newest.get_absolute_url()) not in again.text


def sitemap_lastmod(client, section, path):
    root = fetch_xml(client, reverse("sitemap-section", kwargs={"section": section}))
    for url in root.findall("sm:url", SITEMAP_NS):
        if url.findtext("sm:loc", namespaces=SITEMAP_NS) == absolute(path):
            return datetime.date.fromisoformat(url.findtext("sm:lastmod", namespaces=SITEMAP_NS))
    raise AssertionError(f"{path} not in the {section} sitemap")


def test_a_guests_page_and_episode_pages_date_from_an_edit_to_the_guest(client, catalogue):
    """The guest page shows the bio, and every episode page the guest's name: after an
    editor rewrites either, crawlers that trust lastmod should come back."""
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Episode.objects.update(updated_at=month_ago, published_at=month_ago)
    guest = Guest.objects.public().first()
    guest.bio = "Now leads the formal mathematics team."
    guest.name += " Jr."
    guest.save()

    today = timezone.now().date()
    assert sitemap_lastmod(client, "guests", guest.get_absolute_url()) == today
    for episode in guest.episodes.all():
        assert sitemap_lastmod(client, "episodes", episode.get_absolute_url()) == today
    index = fetch_xml(client, reverse("sitemap"))
    guests_entry = next(
        entry
        for entry in index.findall("sm:sitemap", SITEMAP_NS)
        if entry.findtext("sm:loc", namespaces=SITEMAP_NS).endswith("/sitemap-guests.xml")
    )
    assert guests_entry.findtext("sm:lastmod", namespaces=SITEMAP_NS).startswith(today.isoformat())


def test_a_music_credit_edit_dates_the_episodes_that_credit_it(client, seed):
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Episode.objects.update(updated_at=month_ago, published_at=month_ago)
    credit = MusicCredit.objects.first()
    credit.changes = "trimmed and faded"
    credit.save()
    for episode in credit.episodes.all():
        lastmod = sitemap_lastmod(client, "episodes", episode.get_absolute_url())
        assert lastmod == timezone.now().date()


def test_deleting_a_topic_dates_the_episodes_whose_pages_named_it(client, catalogue):
    """Deleting a topic takes it off its episodes' pages: crawlers trusting lastmod (and
    feed readers the item's updated date) should come back for them, as after an edit."""
    xai = Episode.objects.get(slug="inside-xai")
    Episode.objects.filter(pk=xai.pk).update(updated_at=timezone.now() - datetime.timedelta(days=7))
    maths = catalogue["topics"][1]
    assert "Mathematics" in client.get(xai.get_absolute_url()).text

    maths.delete()  # as the admin's delete does

    assert "Mathematics" not in client.get(xai.get_absolute_url()).text
    assert sitemap_lastmod(client, "episodes", xai.get_absolute_url()) == timezone.now().date()


def test_deleting_a_music_credit_dates_the_episodes_that_credited_it(client, seed):
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Episode.objects.update(updated_at=month_ago, published_at=month_ago)
    credit = MusicCredit.objects.first()
    crediting = list(credit.episodes.all())
    assert crediting

    credit.delete()

    for episode in crediting:
        lastmod = sitemap_lastmod(client, "episodes", episode.get_absolute_url())
        assert lastmod == timezone.now().date()


def take_off(episode, page, way):
    """Takes ``episode`` off the page of ``page`` (a guest or topic) as an editor might."""
    links = getattr(episode, type(page).episodes.field.name)  # episode.guests or .topics
    match way:
        case "in the episode's form":  # as the admin saves it: the links, then the episode
            links.remove(page)
            episode.save()
        case "from the guest's or topic's side":
            page.episodes.remove(episode)
        case "by clearing the episode's":
            links.clear()
        case "by making it a draft":
            episode.status = Episode.Status.DRAFT
            episode.save()
        case "by moving it to next month":
            episode.published_at = timezone.now() + datetime.timedelta(days=30)
            episode.save()
        case "by deleting it":
            episode.delete()


@pytest.mark.parametrize("model", [Guest, Topic])
@pytest.mark.parametrize(
    "way",
    [
        "in the episode's form",
        "from the guest's or topic's side",
        "by clearing the episode's",
        "by making it a draft",
        "by moving it to next month",
        "by deleting it",
    ],
)
def test_a_guests_or_topics_sitemap_date_does_not_go_back_when_an_episode_leaves_its_page(
    client, catalogue, model, way
):
    """Jesse's page (and the Diffusion topic's) lists two episodes. Taking the newer off
    it changes the page today; dated by its remaining episodes, its lastmod went back six
    days, so a crawler trusting lastmod never came back for it."""
    newer, older = catalogue["public"]
    page = {Guest: catalogue["guests"][0], Topic: catalogue["topics"][0]}[model]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Episode.objects.filter(pk__in=[newer.pk, older.pk]).update(updated_at=long_ago)
    model.objects.filter(pk=page.pk).update(updated_at=long_ago)
    section = {Guest: "guests", Topic: "topics"}[model]
    assert sitemap_lastmod(client, section, page.get_absolute_url()) == newer.published_at.date()

    def lists_newer():
        return newer.title in client.get(page.get_absolute_url()).text.replace("&amp;", "&")

    assert lists_newer()
    take_off(newer, page, way)
    assert not lists_newer()
    assert sitemap_lastmod(client, section, page.get_absolute_url()) == timezone.now().date()
