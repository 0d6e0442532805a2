"""What each process keeps of the page cache in its own memory: the version it trusts for
a second and the pages it served last. None of it may show an edit late where the
settings promise otherwise, or outgrow its allowance."""

import datetime
import gc
import threading
import time
import tracemalloc

from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from episodes import page_cache
from episodes.models import Episode
from tests import factories


class PausingCache:
    """The shared cache, except that reading the version in one thread pauses after the
    read, as a thread can be switched out between Redis answering and what follows."""

    def __init__(self, real, thread_name, read, resume):
        self.real, self.thread_name, self.read, self.resume = real, thread_name, read, resume

    def get(self, key, *args, **kwargs):
        value = self.real.get(key, *args, **kwargs)
        if key == page_cache.VERSION_KEY and threading.current_thread().name == self.thread_name:
            self.read.set()
            self.resume.wait(5)
        return value

    def __getattr__(self, name):
        return getattr(self.real, name)


class Unreachable:
    """The shared cache, where ``operation`` fails as ForgivingRedisCache does."""

    def __init__(self, real, operation):
        self.real, self.operation = real, operation

    def __getattr__(self, name):
        if name == self.operation:
            return lambda *args, **kwargs: False
        return getattr(self.real, name)


def test_a_save_is_not_undone_by_a_request_that_read_the_version_just_before(
    client, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    episode = catalogue["public"][1]
    url = episode.get_absolute_url()
    assert episode.title in client.get(url).text
    time.sleep(1.1)  # the version is no longer trusted: the next request reads it again

    read, resume = threading.Event(), threading.Event()
    monkeypatch.setattr(page_cache, "cache", PausingCache(cache, "request", read, resume))
    request = threading.Thread(target=page_cache.current_version, name="request")
    request.start()
    assert read.wait(5)  # the request has read the version...
    with django_capture_on_commit_callbacks(execute=True):  # ...the editor saves...
        episode.title = "Retitled by the editor"
        episode.save()
    resume.set()  # ...and the request goes on with the version it read
    request.join(5)

    assert "Retitled by the editor" in client.get(url).text


def test_the_pages_kept_in_memory_stay_within_their_allowance(client, db, settings):
    settings.PUBLIC_PAGE_LOCAL_MEGABYTES = 1
    page_cache.forget_local()
    client.get("/robots.txt")  # imports, templates and the version, before measuring
    gc.collect()
    tracemalloc.start()
    try:
        for number in range(3000):  # any query string is another page: a crawler's
            assert client.get(f"/robots.txt?n={number}").status_code == 200
        gc.collect()
        with_pages = tracemalloc.get_traced_memory()[0]
        page_cache.forget_local()
        gc.collect()
        held = with_pages - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held <= 2**20, f"{held / 2**20:.1f} MiB held for an allowance of 1 MiB"


def test_a_page_read_from_the_shared_cache_leaves_memory_when_it_expires_there(
    client, catalogue, settings, monkeypatch
):
    """An edit saved while Redis is unreachable shows once pages expire, after
    PUBLIC_PAGE_CACHE_SECONDS from when they were built, wherever they were read."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 2
    page_cache.forget_local()
    episode = catalogue["public"][1]
    url = episode.get_absolute_url()
    assert episode.title in client.get(url).text  # built at t, in the shared cache until t+2

    time.sleep(1.5)
    page_cache.forget_local()  # another app server, which reads it from the shared cache
    assert episode.title in client.get(url).text

    monkeypatch.setattr(page_cache, "cache", Unreachable(cache, "delete"))
    episode.title = "Saved while Redis was down"  # the version cannot be dropped
    episode.save()
    time.sleep(1.0)  # t+2.5
    key = page_cache._page_key(page_cache.current_version(), RequestFactory().get(url))
    assert cache.get(key) is None  # gone from the shared cache
    assert "Saved while Redis was down" in client.get(url).text


def test_a_signed_in_editor_sees_an_edit_saved_on_another_app_server_at_once(
    client, catalogue, editor
):
    topics = reverse("episodes:topic-list")
    draft = catalogue["hidden"][0]
    draft.topics.add(factories.TopicFactory(name="Brand New Topic", slug="brand-new-topic"))
    assert "Brand New Topic" not in client.get(topics).text

    # Another app server publishes the draft: the database changes, and the version in
    # the shared cache is dropped (not the one this process trusts).
    Episode.objects.filter(pk=draft.pk).update(
        status=Episode.Status.PUBLISHED, published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    cache.delete(page_cache.VERSION_KEY)
    assert "Brand New Topic" in client.get(topics).text
