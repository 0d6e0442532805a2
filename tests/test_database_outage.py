"""With PostgreSQL stopped the site says so politely, and it recovers by itself.

The site runs under gunicorn with one worker, as in production, so the worker's
persistent database connection is broken by the outage and must be health-checked and
replaced on the first request after PostgreSQL is back. The test stops and restarts the
throwaway server that scripts/postgres.sh started (it exports PGROOT, PGPORT, PGBIN and
PG_RUN), so it runs on PostgreSQL only.
"""

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.templatetags.static import static
from django.urls import reverse

from episodes.models import Episode

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("PGROOT") or "postgresql" not in os.environ.get("DATABASE_URL", ""),
        reason="needs the throwaway PostgreSQL of scripts/postgres.sh",
    ),
    pytest.mark.django_db(transaction=True),
]


def pg_ctl(*args, check=True):
    run = shlex.split(os.environ.get("PG_RUN", ""))
    data = f"{os.environ['PGROOT']}/data"
    command = [*run, f"{os.environ['PGBIN']}/pg_ctl", "-D", data, *args]
    return subprocess.run(command, check=check, capture_output=True, timeout=60)


def start_postgres():
    options = (
        f"-c listen_addresses=127.0.0.1 -p {os.environ['PGPORT']} -k {os.environ['PGROOT']} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl("-l", f"{os.environ['PGROOT']}/log", "-w", "-o", options, "start")


@pytest.fixture
def postgres_outage():
    """Call the result to stop PostgreSQL; it is always running again after the test."""
    try:
        yield lambda: pg_ctl("-m", "fast", "-w", "stop")
    finally:
        if pg_ctl("status", check=False).returncode != 0:
            start_postgres()
        connection.close()


def get(url):
    """Status and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def site():
    """The site under gunicorn (one worker) on the test database; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "critical",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get(base + reverse("healthz"))[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_while_postgres_is_down_pages_answer_503_and_the_site_recovers(seed, site, postgres_outage):
    episode = Episode.objects.published().first()
    episode_page = site + episode.get_absolute_url()
    about = site + reverse("episodes:about")
    assert get(about)[0] == 200  # cached, and the worker's connection is now open

    postgres_outage()

    status, page = get(episode_page)
    assert status == 503
    assert "back in a moment" in page
    assert "OperationalError" not in page
    assert get(site + reverse("episodes:list"))[0] == 503
    assert get(site + reverse("healthz"))[0] == 503
    assert get(site + static("css/site.css"))[0] == 200
    assert get(about)[0] == 200, "pages already cached stay readable"

    start_postgres()

    status, page = get(episode_page)
    assert status == 200, "the first request after the restart succeeds"
    assert episode.title in page
    assert get(site + reverse("healthz"))[0] == 200
