"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server.

Playwright never downloads a browser here: it drives /usr/bin/chromium, which
scripts/provision.sh installs when it is missing.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/provision.sh")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are still plain synchronous code, so Django may allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(chromium, viewport):
    context = chromium.new_context(viewport=VIEWPORTS[viewport], color_scheme="light")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, collected_static):
    """pytest-django's live server, but with static files served as in production.

    Its default static handler looks files up with the finders, which know nothing of the
    hashed names ManifestStaticFilesStorage gives pages, so every stylesheet would 404.
    Passing requests straight through lets WhiteNoise serve the collected, hashed files.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@pytest.fixture
def live_seed(live_server):
    """The seed catalogue in the database the live server reads."""
    call_command("loaddata", "fixtures/seed.json", verbosity=0)
    return live_server


@pytest.fixture
def screenshot(request, viewport):
    """Save a full-page screenshot under test-artifacts/, named after the test and the step."""
    ARTIFACTS.mkdir(exist_ok=True)
    test = re.sub(r"[^\w-]+", "-", request.node.originalname).strip("-")

    def take(page, step):
        path = ARTIFACTS / f"{test}-{viewport}-{step}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
