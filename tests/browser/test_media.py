"""The episode page in the dark, and on paper."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.factories import EpisodeFactory, GuestFactory, TimelineEntryFactory
from tests.public_pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


def test_episode_page_follows_a_dark_system_theme(live_seed, page, screenshot):
    page.emulate_media(color_scheme="dark")
    page.goto(live_seed.url + PUBLIC_PAGES["episode"])
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(14, 19, 32)"
    screenshot(page, "dark")


@pytest.mark.parametrize("viewport", ["desktop"])
def test_printed_episode_keeps_the_notes_and_timeline_and_drops_the_navigation(
    live_seed, page, screenshot
):
    page.goto(live_seed.url + PUBLIC_PAGES["episode"])
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".chapter-map", ".prev-next"):
        expect(page.locator(hidden)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".moments li")).to_have_count(16)
    expect(page.locator(".moments li").last).to_be_visible()
    screenshot(page, "print")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_very_long_word_wraps_instead_of_widening_the_page(live_seed, page, screenshot):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    guest = GuestFactory(name=f"Ada {word}", affiliation=word)
    episode = EpisodeFactory(title=f"On {word}", description=f"About {word}.", guests=[guest])
    TimelineEntryFactory(episode=episode, title=word)
    for url in ("/", episode.get_absolute_url(), guest.get_absolute_url()):
        page.goto(live_seed.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS["phone"]["width"], url
    screenshot(page, "long-word")
