"""With PostgreSQL stopped the site says so politely, and it recovers by itself.

This stops and restarts the throwaway server that scripts/postgres.sh started (it exports
PGROOT, PGPORT, PGBIN and PG_RUN), so it runs on PostgreSQL only.
"""

import os
import shlex
import subprocess

import pytest
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from episodes.models import Episode

pytestmark = pytest.mark.skipif(
    not os.environ.get("PGROOT") or "postgresql" not in os.environ.get("DATABASE_URL", ""),
    reason="needs the throwaway PostgreSQL of scripts/postgres.sh",
)


def pg_ctl(*args):
    run = shlex.split(os.environ.get("PG_RUN", ""))
    command = [*run, f"{os.environ['PGBIN']}/pg_ctl", "-D", f"{os.environ['PGROOT']}/data"]
    subprocess.run([*command, *args], check=True, capture_output=True, timeout=60)


def start_server():
    options = (
        f"-c listen_addresses=127.0.0.1 -p {os.environ['PGPORT']} -k {os.environ['PGROOT']} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl("-l", f"{os.environ['PGROOT']}/log", "-w", "-o", options, "start")


@pytest.fixture
def stopped_database():
    """Stop PostgreSQL for the test's duration; it is always running again afterwards."""
    pg_ctl("-m", "fast", "-w", "stop")
    try:
        yield start_server
    finally:
        status = subprocess.run(
            [
                *shlex.split(os.environ.get("PG_RUN", "")),
                f"{os.environ['PGBIN']}/pg_ctl",
                "-D",
                f"{os.environ['PGROOT']}/data",
                "status",
            ],
            capture_output=True,
        )
        if status.returncode != 0:
            start_server()
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_down_and_recover_after(seed, client, request):
    episode = Episode.objects.published().first()
    pages = [reverse("episodes:list"), episode.get_absolute_url(), reverse("episodes:about")]
    for url in pages:
        assert client.get(url).status_code == 200  # the connection is open and persistent
    from django.core.cache import cache

    cache.clear()  # nothing served from the page cache: every page needs the database

    start_again = request.getfixturevalue("stopped_database")
    visitor = Client(raise_request_exception=False)
    for url in [*pages, "/no-such-page/"]:
        response = visitor.get(url)
        assert response.status_code == 503, url
        assert "back in a moment" in response.text, url
        assert response["Retry-After"] == "30"
    assert visitor.get(reverse("healthz")).status_code == 503
    assert visitor.get(static("css/site.css")).status_code == 200

    start_again()
    first = visitor.get(pages[1])
    assert first.status_code == 200
    assert episode.title in first.text
    assert visitor.get(reverse("healthz")).status_code == 200
