"""With CACHE_URL pointing at Redis, the page cache and its version live there, shared by
every app server: one server's save empties the cache for all of them."""

import shutil
import socket
import subprocess
import time
from types import SimpleNamespace

import pytest
import redis
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCacheClient
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bottleneck_site import cache as forgiving
from bottleneck_site.env import cache_from_url
from episodes import page_cache
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


def assert_served_again_without_queries(client, url, between=lambda: None):
    first = client.get(url)
    between()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert len(queries) == 0


def test_a_page_served_once_is_served_again_from_memory(client, seed, redis_cache):
    """Pages come from the process's memory, without a round trip to Redis."""
    url = Episode.objects.published().first().get_absolute_url()
    assert_served_again_without_queries(
        client, url, between=lambda: redis_cache.delete(*redis_cache.keys("*public-page:*"))
    )


def test_a_page_larger_than_the_memory_allowance_still_comes_from_redis(
    client, seed, redis_cache, settings
):
    settings.PUBLIC_PAGE_LOCAL_MEGABYTES = 0
    page_cache.forget_local()
    url = Episode.objects.published().first().get_absolute_url()
    assert_served_again_without_queries(client, url)


def test_an_edit_on_another_app_server_reaches_this_one_within_the_trusted_time(
    client, seed, redis_cache, settings
):
    settings.PUBLIC_PAGE_VERSION_SECONDS = 0.5
    episode = Episode.objects.published().first()
    url = episode.get_absolute_url()
    assert episode.title in client.get(url).text

    # Another server saves: the database changes and it drops the version in Redis.
    Episode.objects.filter(pk=episode.pk).update(title="Saved on the other server")
    redis_cache.delete(*redis_cache.keys(f"*{VERSION_KEY}"))
    assert episode.title in client.get(url).text  # still trusting the version it read

    time.sleep(0.6)
    assert "Saved on the other server" in client.get(url).text


def test_an_edit_saved_in_a_redis_blip_reaches_cached_pages_when_redis_answers_again(
    client, seed, redis_cache, monkeypatch
):
    """A drop of the version that failed in a brief blip is made at the next attempt to
    reach Redis, after the few seconds it is skipped: the edit does not wait for the
    cached pages to expire (10 minutes)."""
    episode = Episode.objects.published().first()
    url = episode.get_absolute_url()
    assert episode.title in client.get(url).text
    now = [1000.0]
    monkeypatch.setattr(forgiving, "time", SimpleNamespace(monotonic=lambda: now[0]))

    def blip(*args, **kwargs):
        raise redis.ConnectionError("Redis restarting")

    with monkeypatch.context() as during_the_blip:
        during_the_blip.setattr(RedisCacheClient, "delete", blip)
        episode.title = "Saved during a blip"
        episode.save()

    now[0] += forgiving.SKIP_SECONDS
    assert "Saved during a blip" in client.get(url).text
