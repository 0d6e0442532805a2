"""Every page is built the same readable way: landmarks, one h1, a skip link, no inline style."""

import itertools
import re

import pytest

from tests.factories import EpisodeFactory, GuestFactory
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", list(PUBLIC_PAGES))
def test_page_has_landmarks_one_h1_a_skip_link_and_no_inline_style_or_script(client, seed, name):
    page = client.get(PUBLIC_PAGES[name]).content.decode()
    assert page.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in page and '<main id="main"' in page
    for landmark in ("<header", '<nav class="site-nav" aria-label="Main">', "<main", "<footer"):
        assert landmark in page
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), f"a level skipped: {levels}"
    assert "style=" not in page
    assert re.findall(r"<script(?![^>]*application/ld\+json)", page) == []
    assert 'rel="icon"' in page and "apple-touch-icon" in page


def test_main_navigation_marks_where_the_listener_is(client, seed):
    guests = client.get(PUBLIC_PAGES["guests"]).content.decode()
    assert 'href="/guests/" aria-current="page">Guests</a>' in guests
    guest = client.get(PUBLIC_PAGES["guest"]).content.decode()
    assert 'href="/guests/" aria-current="true">Guests</a>' in guest
    assert 'href="/topics/">Topics</a>' in guest


def test_home_and_episode_pages_show_the_cover_art(client, seed):
    home = client.get(PUBLIC_PAGES["home"]).content.decode()
    assert re.search(r'<img class="cover" src="/static/img/cover\.\w+\.svg" alt="Cover art', home)
    episode = client.get(PUBLIC_PAGES["episode"]).content.decode()
    assert re.search(r'<img class="cover cover--small" src="/static/img/cover\.\w+\.svg"', episode)


def test_guests_without_a_photo_get_an_initials_avatar_in_a_stable_colour(client):
    guest = GuestFactory(name="Chieh-Hsin (Jesse) Lai")
    EpisodeFactory(guests=[guest])
    page = client.get(guest.get_absolute_url()).content.decode()
    avatar = re.search(r'class="avatar avatar--tone-(\d)[^"]*" aria-hidden="true">(\w+)<', page)
    assert avatar and avatar[2] == "CL"
    again = client.get(guest.get_absolute_url()).content.decode()
    assert f"avatar--tone-{avatar[1]}" in again


def test_dates_and_moments_are_machine_readable(client, seed):
    page = client.get(PUBLIC_PAGES["episode"]).content.decode()
    assert '<time datetime="2026-05-10">May 10, 2026</time>' in page
    assert '<time datetime="PT56M">56 min</time>' in page
    assert '<time datetime="PT22M12S">22:12</time>' in page
