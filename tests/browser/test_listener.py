"""A listener's journey through the public pages, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DIFFUSION = "The Principles of Diffusion Models - with Jesse Lai (Sony AI)"


def test_listener_filters_opens_an_episode_follows_a_moment_and_visits_the_guest(
    live_seed, page, screenshot
):
    page.goto(live_seed.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The Information Bottleneck")
    expect(page.locator(".result-count")).to_have_text("3 episodes")
    screenshot(page, "1-home")

    # Filter by a topic and a year: the query string carries both, the list narrows.
    page.get_by_label("World models").check()
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Show episodes").click()
    expect(page).to_have_url(re.compile(r"topic=world-models.*year=2026"))
    expect(page.locator(".result-count")).to_have_text("2 episodes")
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Topic: World models")
    screenshot(page, "2-filtered")

    # Open an episode.
    page.get_by_role("link", name=DIFFUSION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DIFFUSION)
    screenshot(page, "3-episode")

    # Follow a timeline moment: the URL names it and the browser scrolls to it.
    moment = page.locator("#t\\=1332")
    page.get_by_role("link", name="22:12").click()
    expect(page).to_have_url(re.compile(r"#t=1332$"))
    expect(moment).to_be_in_viewport()
    expect(moment).to_contain_text("Diffusion for world models")
    screenshot(page, "4-moment")

    # Open the guest, then come back to the episode.
    page.get_by_role("link", name="Jesse Lai", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jesse Lai")
    expect(page.get_by_role("link", name=DIFFUSION)).to_be_visible()
    screenshot(page, "5-guest")
    page.go_back()
    expect(page).to_have_url(re.compile(r"#t=1332$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(DIFFUSION)
    assert page.console_errors == []
