"""With Redis down, the site is slower but up: the cache holds nothing that the database
cannot rebuild."""

import socket

import pytest
from django.urls import reverse

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
