"""With Redis down, the site is slower but up: the cache holds nothing that the database
cannot rebuild."""

import socket
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from bottleneck_site import cache as forgiving
from bottleneck_site.env import cache_from_url
from episodes.models import Episode


@pytest.fixture
def redis_down(settings):
    with socket.socket() as s:  # a port nobody listens on once it is closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{port}/0")}


def test_pages_and_saves_work_while_redis_is_down(client, seed, redis_down, caplog):
    episode = Episode.objects.published().first()
    pages = [
        reverse("episodes:list"),
        reverse("episodes:list") + "?q=world+models",
        episode.get_absolute_url(),
        reverse("episodes:feed"),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url

    episode.title = "Saved while Redis was down"
    episode.save()
    assert "Saved while Redis was down" in client.get(episode.get_absolute_url()).text
    assert "Redis cache unreachable" in caplog.text


def test_a_redis_that_does_not_answer_does_not_make_each_page_take_seconds(
    client, seed, settings, silent_server
):
    """A page makes about thirty cache calls: each waiting 0.5 s made a page take 15 s.
    The bounds are generous; they tell one slow attempt from thirty."""
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{silent_server}/0")}

    started = time.monotonic()
    assert client.get(reverse("healthz")).status_code == 200
    healthz_seconds = time.monotonic() - started

    started = time.monotonic()
    assert client.get(reverse("episodes:list")).status_code == 200
    page_seconds = time.monotonic() - started

    assert healthz_seconds < 1 and page_seconds < 2


def test_after_a_failure_redis_is_skipped_for_a_few_seconds_then_tried_again(
    redis_down, caplog, monkeypatch
):
    now = [1000.0]
    monkeypatch.setattr(forgiving, "time", SimpleNamespace(monotonic=lambda: now[0]))

    def attempts():
        return sum(record.name == "bottleneck_site.cache" for record in caplog.records)

    assert cache.get("key", "missed") == "missed"
    assert attempts() == 1
    cache.set("key", "value")
    assert cache.get("key") is None
    assert attempts() == 1, "skipped: no attempt, no wait"

    cache.delete("key")  # how a save drops the version: never skipped
    assert attempts() == 2, "a delete is tried even within the window"

    now[0] += forgiving.SKIP_SECONDS
    assert cache.get("key") is None
    assert attempts() == 3, "tried again once the window is over"
