"""With Redis down, the site is slower but up: the cache holds nothing that the database
cannot rebuild."""

import logging
import socket
import time
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.urls import reverse

from bottleneck_site import cache as forgiving
from bottleneck_site.env import cache_from_url
from episodes.models import Episode
from tests import factories
from tests.test_history import change_form


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

    cache.delete("key")  # how a save drops the version: a failed read does not skip it
    assert attempts() == 2, "a delete is tried even within the window"
    cache.delete("key")  # the next row of the same save
    assert attempts() == 2, "once a delete failed, the others are skipped"

    now[0] += forgiving.SKIP_SECONDS
    assert cache.get("key") is None
    assert attempts() == 3, "tried again once the window is over"


def test_a_save_while_redis_hangs_waits_once_not_once_per_row(
    client, editor, settings, silent_server, caplog
):
    """Each row saved (the episode, each timeline entry, each history record) drops the
    catalogue's version: pasting a 12-line timeline waited 0.5 s for each, 14 s in all."""
    episode = factories.EpisodeFactory(duration_seconds=3600)
    url = reverse("admin:episodes_episode_change", args=[episode.pk])
    pasted = "\n".join(f"{minute:02d}:00 — Part {minute}" for minute in range(1, 13))
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{silent_server}/0")}
    caplog.set_level(logging.WARNING, logger="bottleneck_site.cache")

    started = time.monotonic()
    response = client.post(url, change_form(episode, pasted_timeline=pasted))
    seconds = time.monotonic() - started

    assert response.status_code == 302
    assert episode.timeline.count() == 12
    attempts = sum(record.name == "bottleneck_site.cache" for record in caplog.records)
    assert attempts <= 2 and seconds < 3, f"{attempts} slow Redis attempts, {seconds:.1f} s"
