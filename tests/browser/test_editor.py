"""An editor's journey: log in to the admin, add an episode with its timeline, see it live."""

import importlib
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Scaling Laws Revisited - with Ada Lovelace (Analytical)"


def editors_group():
    """The Editors group its migration creates; a live-server test's flush may have emptied it."""
    migration = importlib.import_module("episodes.migrations.0002_editors_group")
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        codenames = [
            f"{action}_{model}"
            for model, actions in migration.EDITOR_PERMISSIONS.items()
            for action in actions
        ]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="episodes", codename__in=codenames)
        )
    return group


@pytest.fixture
def editor(live_seed):
    user = User.objects.create_user("editor", password="a-long-passphrase", is_staff=True)
    user.groups.add(editors_group())
    return user


def test_editor_adds_an_episode_with_its_timeline_and_sees_it_on_the_site(
    live_seed, editor, page, screenshot
):
    page.goto(live_seed.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-passphrase")
    screenshot(page, "1-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Site administration")

    page.goto(live_seed.url + "/admin/episodes/episode/")
    expect(page.locator("#result_list")).to_contain_text("The Principles of Diffusion Models")
    screenshot(page, "2-changelist")
    page.get_by_role("link", name=re.compile(r"Add episode")).click()

    page.get_by_label("Show:", exact=True).select_option(label="The Information Bottleneck")
    page.get_by_label("Title:", exact=True).fill(TITLE)
    page.get_by_label("Title:", exact=True).press("End")
    # The admin's own script fills the slug from the title.
    expect(page.get_by_label("Slug:", exact=True)).to_have_value(
        re.compile(r"^scaling-laws-revisited")
    )
    page.get_by_label("Status:", exact=True).select_option("published")
    page.get_by_label("Duration seconds:", exact=True).fill("2700")
    page.get_by_label("Description:", exact=True).fill(
        "Ada Lovelace on why scaling laws still hold.\n\nAnd where they break."
    )
    moments = [(0, "Welcome"), (754, "Where the curves bend"), (1800, "What to measure next")]
    for row, (start, title) in enumerate(moments, start=1):
        page.get_by_label(f"Start seconds, timeline entry {row}").fill(str(start))
        page.get_by_label(f"Title, timeline entry {row}").fill(title)
    screenshot(page, "3-add-form")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The new episode leads the public list, and its page shows the timeline and its map.
    page.goto(live_seed.url + "/")
    expect(page.locator(".card__title").first).to_have_text(TITLE)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    moments = page.locator(".moments li")
    expect(moments).to_have_count(3)
    expect(moments.nth(1)).to_contain_text("12:34")
    expect(moments.nth(1)).to_contain_text("Where the curves bend")
    expect(page.locator(".chapter-map a")).to_have_count(3)
    screenshot(page, "4-on-the-site")
    assert page.console_errors == []
