"""axe-core finds no accessibility violations on any page type, public or editorial,
and no public page is wider than a phone's screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User

from tests.browser.conftest import VIEWPORTS
from tests.public_pages import PUBLIC_PAGES, SHOW

pytestmark = pytest.mark.browser


def violations(page):
    """axe's violations on the page, one readable line per failing element."""
    results = Axe().run(page)
    return [
        f"{rule['id']}: {rule['help']} at {node['target']}"
        for rule in results.response["violations"]
        for node in rule["nodes"]
    ]


def audit(page, base_url, pages, screenshot=None):
    found = {}
    for name, path in pages.items():
        response = page.goto(base_url + path)
        assert response.ok, f"{name}: HTTP {response.status}"
        if screenshot:
            screenshot(page, name.replace(", ", "-").replace(" ", "-"))
        # Responsive: nothing is wider than the screen, so nothing needs sideways scrolling.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found.setdefault(name, []).append(f"page is {overflow}px wider than the screen")
        if problems := violations(page):
            found.setdefault(name, []).extend(problems)
    return found


# A moment's own link: the browser scrolls there and highlights it.
PAGES = PUBLIC_PAGES | {"episode, at a moment": f"{SHOW}/inside-xai-and-the-bet-on-ai-math/#t=3720"}


def test_public_pages_have_no_axe_violations(live_seed, page, screenshot):
    assert audit(page, live_seed.url, PAGES, screenshot) == {}


@pytest.mark.parametrize("viewport", ["desktop"])
def test_public_pages_have_no_axe_violations_in_dark_mode(live_seed, chromium, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], color_scheme="dark")
    try:
        assert audit(context.new_page(), live_seed.url, PAGES) == {}
    finally:
        context.close()


def test_admin_pages_editors_use_have_no_axe_violations(live_seed, page):
    User.objects.create_superuser("chief", password="a-long-passphrase")
    page.goto(live_seed.url + "/admin/login/")
    found = {"login": violations(page)}
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a-long-passphrase")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    found |= audit(
        page,
        live_seed.url,
        {
            "index": "/admin/",
            "episode list": "/admin/episodes/episode/",
            "add episode": "/admin/episodes/episode/add/",
            "change episode": "/admin/episodes/episode/1/change/",
        },
    )
    found = {name: problems for name, problems in found.items() if problems}
    assert found == {}, "\n".join(f"{n}: {p}" for n, ps in found.items() for p in ps)
