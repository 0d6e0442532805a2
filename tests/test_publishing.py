"""Publishing: drafts stay private, a scheduled episode goes public by itself at its time,
and staff can preview what the public cannot see yet, on every public output."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.db.models import Count
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.utils.html import escape

from episodes.models import Episode, Guest
from tests.factories import EpisodeFactory, GuestFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def make_episode(title, status, published_at):
    guest = GuestFactory(name=f"Guest of {title}")
    topic = TopicFactory(name=f"Topic of {title}")
    return EpisodeFactory(
        title=title, status=status, published_at=published_at, guests=[guest], topics=[topic]
    )


@pytest.fixture
def catalogue():
    now = timezone.now()
    return {
        "public": make_episode("Out already", Episode.Status.PUBLISHED, now - HOUR),
        "arrived": make_episode("Scheduled and arrived", Episode.Status.SCHEDULED, now - HOUR),
        "draft": make_episode("Still a draft", Episode.Status.DRAFT, now - HOUR),
        "scheduled": make_episode(
            "Coming next week", Episode.Status.SCHEDULED, now + 7 * 24 * HOUR
        ),
        "future": make_episode("Published but dated later", Episode.Status.PUBLISHED, now + HOUR),
    }


VISIBLE = {"public", "arrived"}
HIDDEN = {"draft", "scheduled", "future"}


def test_published_means_scheduled_or_published_and_its_time_has_come(catalogue):
    public = set(Episode.objects.published().values_list("title", flat=True))
    assert public == {catalogue[key].title for key in VISIBLE}
    assert all(catalogue[key].is_public for key in VISIBLE)
    assert not any(catalogue[key].is_public for key in HIDDEN)


def test_a_scheduled_episode_goes_public_by_itself_without_changing_status(client, catalogue):
    arrived = catalogue["arrived"]

    response = client.get(arrived.get_absolute_url())

    assert response.status_code == 200
    arrived.refresh_from_db()
    assert arrived.status == Episode.Status.SCHEDULED


def test_an_unknown_status_is_refused_by_the_database(catalogue):
    with pytest.raises(IntegrityError):
        Episode.objects.filter(pk=catalogue["draft"].pk).update(status="hidden")


def public_lists():
    return [
        reverse("episodes:list"),
        reverse("episodes:guest-list"),
        reverse("episodes:topic-list"),
    ]


@pytest.mark.parametrize("url", public_lists())
def test_lists_show_only_public_episodes_and_their_people(client, catalogue, url):
    text = client.get(url).content.decode()

    for key in VISIBLE:
        assert catalogue[key].title in text or f"of {catalogue[key].title}" in text
    for key in HIDDEN:
        assert catalogue[key].title not in text


@pytest.mark.parametrize("key", sorted(HIDDEN))
def test_nobody_but_staff_can_open_a_hidden_episode(client, catalogue, key):
    episode = catalogue[key]
    guest, topic = episode.guests.get(), episode.topics.get()

    assert client.get(episode.get_absolute_url()).status_code == 404
    assert client.get(guest.get_absolute_url()).status_code == 404
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(User.objects.create_user("listener"))
    assert client.get(episode.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("key", sorted(VISIBLE))
def test_guest_and_topic_pages_of_public_episodes_list_them(client, catalogue, key):
    episode = catalogue[key]
    for page in (episode.guests.get(), episode.topics.get()):
        response = client.get(page.get_absolute_url())
        assert response.status_code == 200
        assert episode.title in response.content.decode()


@pytest.fixture
def staff(client):
    user = User.objects.create_user("editor", is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize("key", sorted(HIDDEN))
def test_staff_preview_a_hidden_episode_at_its_own_address(client, staff, catalogue, key):
    episode = catalogue[key]

    response = client.get(episode.get_absolute_url())

    text = response.content.decode()
    assert response.status_code == 200
    assert episode.title in text
    assert "Preview" in text
    assert 'name="robots" content="noindex"' in text
    assert "no-store" in response.headers["Cache-Control"]


def test_staff_see_no_preview_notice_on_a_public_episode(client, staff, catalogue):
    response = client.get(catalogue["public"].get_absolute_url())

    assert response.status_code == 200
    assert "preview-notice" not in response.content.decode()


def test_a_preview_is_never_served_to_the_public_afterwards(client, staff, catalogue):
    url = catalogue["draft"].get_absolute_url()
    assert client.get(url).status_code == 200

    client.logout()

    assert client.get(url).status_code == 404


def public_routes(resolver=None, prefix=""):
    """Every route of the site outside the admin, as written ("episodes/<slug:show>/...")."""
    for entry in (resolver or get_resolver()).url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # regex routes: static files and the like
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) != "admin":
                yield from public_routes(entry, route)
        else:
            yield route


def test_every_public_address_without_parameters_hides_unpublished_episodes(client, catalogue):
    """Pages, and whatever else the site serves (feeds, sitemap, search...): each one,
    asked plainly or asked for a hidden title, names no hidden episode."""
    routes = [route for route in public_routes() if "<" not in route]
    assert "" in routes and "guests/" in routes

    for route in routes:
        for query in ["", *(f"?q={catalogue[key].title}" for key in sorted(HIDDEN))]:
            response = client.get(f"/{route}{query}")
            if response.status_code != 200 or response.streaming:
                continue
            text = response.content.decode(errors="replace")
            # A search page repeats what was typed (in the search box, in "No episodes
            # match ..."); a listed episode would still show its link (the slug check).
            text = text.replace(escape(query.removeprefix("?q=")), "") if query else text
            for key in HIDDEN:
                # A search page echoes the words asked for; what it must not do is list it.
                if catalogue[key].title not in query:
                    assert catalogue[key].title not in text, f"/{route}{query} shows {key}"
                assert catalogue[key].slug not in text, f"/{route}{query} links {key}"


def test_a_scheduled_episode_whose_time_has_come_is_in_every_listing(client, catalogue):
    """The home page, and the feed and sitemap where the site has them."""
    listings = [route for route in public_routes() if route in {"", "feed/", "sitemap.xml"}]
    assert "" in listings

    for route in listings:
        # The sitemap index names the sitemap that lists the episodes.
        route = "sitemap-episodes.xml" if route == "sitemap.xml" else route
        text = client.get(f"/{route}").content.decode()
        for key in VISIBLE:
            assert catalogue[key].slug in text, f"/{route} misses {key}"


def test_every_address_of_a_hidden_episode_or_its_people_is_not_found(client, catalogue):
    """The episode page and anything addressed by its show and slug (chapters...), and the
    pages and feeds of a guest or topic that only hidden episodes have."""
    routes = [
        route
        for route in public_routes()
        if "<slug:show>" in route or route.startswith(("guests/<slug", "topics/<slug"))
    ]
    assert any(route.startswith("episodes/") for route in routes)

    for route in routes:
        for key in HIDDEN:
            episode = catalogue[key]
            slug = episode.slug
            if route.startswith("guests/"):
                slug = episode.guests.get().slug
            elif route.startswith("topics/"):
                slug = episode.topics.get().slug
            path = "/" + route.replace("<slug:show>", episode.show.slug).replace(
                "<slug:slug>", slug
            )
            assert client.get(path).status_code == 404, f"{path} is public"


def test_the_public_rule_across_a_relation_counts_what_published_lists(catalogue):
    guests = Guest.objects.annotate(
        public_episodes=Count("episodes", filter=Episode.public_condition("episodes__"))
    )
    counted = {guest.name for guest in guests if guest.public_episodes}
    listed = {guest.name for e in Episode.objects.published() for guest in e.guests.all()}
    assert counted == listed == {f"Guest of {catalogue[key].title}" for key in VISIBLE}


def test_publishing_a_draft_puts_its_guest_and_topic_on_the_lists_at_once(client, catalogue):
    draft = catalogue["draft"]
    guest, topic = draft.guests.get(), draft.topics.get()
    guests, topics = reverse("episodes:guest-list"), reverse("episodes:topic-list")
    assert guest.name not in client.get(guests).text
    assert topic.name not in client.get(topics).text

    draft.status = Episode.Status.PUBLISHED
    draft.published_at = timezone.now() - datetime.timedelta(hours=1)
    draft.save()
    assert guest.name in client.get(guests).text
    assert topic.name in client.get(topics).text
