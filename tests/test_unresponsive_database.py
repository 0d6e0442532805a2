"""A database host that takes connections and never answers (a firewall dropping
packets, a hung server): listeners get the 503 page within seconds, not a worker held
for minutes until gunicorn kills it."""

import os
import subprocess
import sys
import textwrap

import pytest

from tests.test_settings import PRODUCTION_ENV, ROOT


def test_a_database_that_does_not_answer_gives_the_503_page_within_seconds(silent_server):
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.test import Client
        client = Client(raise_request_exception=False)
        for path in ("/about/", "/healthz"):
            print(client.get(path, HTTP_HOST="localhost").status_code)
        """
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_"))}
    env = {
        **clean,
        **PRODUCTION_ENV,
        "CACHE_URL": "",
        "DJANGO_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "localhost",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        "DJANGO_SETTINGS_MODULE": "bottleneck_site.settings",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "DATABASE_URL": f"postgresql://bottleneck@127.0.0.1:{silent_server}/bottleneck",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("no answer within 30 s while the database host does not answer")
    assert result.stdout.split() == ["503", "503"], result.stderr[-2000:]
