"""With CACHE_URL pointing at Redis, the page cache and its version live there, shared by
every app server: one server's save empties the cache for all of them."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache

from bottleneck_site.env import cache_from_url
from episodes.models import Episode
from episodes.page_cache import VERSION_KEY

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is installed by provision.sh"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_url):
    settings.CACHES = {"default": cache_from_url(redis_url)}
    cache.clear()
    yield redis.Redis.from_url(redis_url)
    cache.clear()


def test_pages_and_version_are_shared_through_redis(client, seed, redis_cache):
    episode = Episode.objects.published().first()
    url = episode.get_absolute_url()
    assert client.get(url).status_code == 200
    keys = [key.decode() for key in redis_cache.keys("*")]
    assert any(VERSION_KEY in key for key in keys)
    assert any("public-page:" in key for key in keys)

    episode.title = "Edited on another app server"
    episode.save()
    assert not any(VERSION_KEY in key.decode() for key in redis_cache.keys("*"))
    assert "Edited on another app server" in client.get(url).text
