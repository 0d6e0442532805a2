"""Whole-page cache for the public site, emptied by any edit to the catalogue.

Every anonymous GET answered 200 is stored under a key made of the catalogue's version and
the request's host and full path, so feeds, search and any page added later are covered
without naming them. A HEAD is answered from the same entry, as Django's own cache
middleware does: the same status and headers, the body dropped by the server. A save or
delete of any model of this app (and any change to its many-to-many relations) drops the
version, so the next request builds a new one and an editor sees the change at once. The
version also expires when the next scheduled episode goes live, since nothing is saved at
that moment.

Keys also name the release (a digest of the code, the templates and the static files'
hashed names), so a new release never serves pages built by the one before, whose HTML
may name static files that no longer exist, even while both run against one Redis.

Two things are kept in each process's own memory, so that a cached page usually costs
no round trip to a shared cache such as Redis: the version, trusted for
PUBLIC_PAGE_VERSION_SECONDS after it was read (an edit saved on another app server
reaches this one's cached pages that much later; the saving process forgets it at once),
and the pages served most recently, up to PUBLIC_PAGE_LOCAL_MEGABYTES. A page's key
names its version, so a page kept in memory is never served after an edit.

Each page is stored with its gzip-compressed body too, so the many clients that accept
gzip (browsers, podcast apps polling a feed of a megabyte) are answered without
compressing it again on every request.

Cached pages carry an ETag and a Last-Modified date (the version's) and "Cache-Control:
no-cache", so browsers revalidate every time and Django's ConditionalGetMiddleware answers
304 when nothing changed.
"""

import contextlib
import functools
import hashlib
import math
import threading
import time
from pathlib import Path

import cachetools
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.text import compress_string

VERSION_KEY = "public-pages:version"
LAST_VERSION_KEY = "public-pages:last-version"
APP_LABEL = "episodes"


def _seconds_until_next_publication():
    """Seconds until the next scheduled episode becomes public, or None if none is due."""
    from episodes.models import Episode

    now = timezone.now()
    next_at = (
        Episode.objects.filter(status__in=Episode.PUBLIC_STATUSES, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if next_at is None:
        return None
    return max(1, math.ceil((next_at - now).total_seconds()))


# What builds a page besides the data. The static files' manifest maps each file to its
# hashed name, so it changes whenever a stylesheet or image does.
RELEASE_SOURCES = ("bottleneck_site/**/*.py", "episodes/**/*.py", "templates/**/*")


def release_digest(root, manifest):
    """A short digest of the files that build pages, under ``root``, and of ``manifest``."""
    root = Path(root)
    digest = hashlib.sha256()
    for path in sorted({path for pattern in RELEASE_SOURCES for path in root.glob(pattern)}):
        if path.is_file():
            digest.update(f"{path.relative_to(root)}\n".encode() + path.read_bytes())
    if Path(manifest).is_file():  # there is none before collectstatic (in development)
        digest.update(Path(manifest).read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def release():
    """This process's release, computed once (about a hundred small files)."""
    return release_digest(settings.BASE_DIR, Path(settings.STATIC_ROOT) / "staticfiles.json")


# What a page kept in memory costs besides its body: its key, headers and bookkeeping.
PAGE_OVERHEAD_BYTES = 2048


class _Local:
    """What this process keeps of the shared cache: the version it last read and until
    when it trusts it, and the pages it served last (bounded by their size and age)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self):
        self.version, self.trusted_until = None, 0.0
        self.generation = 0  # counts this process's edits, see _version
        # Each page leaves when the shared cache drops it: at the time stored with it.
        self.pages = cachetools.TLRUCache(
            maxsize=settings.PUBLIC_PAGE_LOCAL_MEGABYTES * 2**20,
            ttu=lambda key, page, now: page[3],
            timer=time.time,
            getsizeof=lambda page: len(page[2]) + PAGE_OVERHEAD_BYTES,
        )


_local = _Local()


def forget_local():
    """Drop what this process keeps in memory, as if it had just started."""
    _local.forget()


def current_version(trusted=True):
    """The catalogue's version: the time it was first asked for after the last edit.

    Costs nothing while this process trusts the version it last read (unless ``trusted``
    is false); otherwise one cache read, plus one query the first time after an edit.
    """
    return _version(trusted)[0]


def _version(trusted=True):
    """The version, and whether the cache keeps it: not when Redis is down or the cache is
    a dummy, where each request would make a new one and pages must not be kept."""
    if trusted and _local.version is not None and time.monotonic() < _local.trusted_until:
        return _local.version, True
    generation = _local.generation
    version = cache.get(VERSION_KEY)
    if version is None:
        # Whole seconds, each later than the last: Last-Modified counts in seconds, and two
        # versions within one second would share it, so a podcast app revalidating with
        # If-Modified-Since would be told the newer one had not changed.
        new = max(math.ceil(time.time()), (cache.get(LAST_VERSION_KEY) or 0) + 1)
        cache.set(LAST_VERSION_KEY, new, timeout=None)
        cache.add(VERSION_KEY, new, timeout=_seconds_until_next_publication())
        version = cache.get(VERSION_KEY)
        if version is None:
            return new, False
    with _local.lock:
        # Trusted only if no edit in this process came between the read and now: else
        # the version read may be the one the edit dropped.
        if _local.generation == generation:
            _local.version = version
            _local.trusted_until = time.monotonic() + settings.PUBLIC_PAGE_VERSION_SECONDS
    return version, True


def cached_for_version(name, compute):
    """``compute()``, kept until the next edit to the catalogue.

    For site-wide data that many pages need and only an edit changes (the filter form's
    topics and guests), so even a page built from scratch does not query for it.
    """
    # The version as the shared cache has it now, not as this process trusts it: signed-in
    # editors, who are never served cached pages, see another server's edit at once.
    key = f"public-data:{release()}:{current_version(trusted=False)}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def bump_version():
    """Forget the version, so that every cached page is rebuilt on its next request."""
    with _local.lock:
        _local.generation += 1
        _local.version = None
    cache.delete(VERSION_KEY)


def catalogue_changed(sender, **kwargs):
    """Signal receiver: an edit to this app's data makes every cached page stale.

    The version is dropped at once (the editor's next request sees the edit) and again
    when the transaction commits, in case a request in between cached the old data.
    """
    if sender._meta.app_label != APP_LABEL:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    bump_version()
    transaction.on_commit(bump_version)


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(catalogue_changed, dispatch_uid=f"page_cache:{signal}")


def _page_key(version, request):
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"public-page:{release()}:{version}:{digest}"


def _may_store(response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and "max-age=0" not in cache_control
    )


def _compressed(response):
    """The body as GZipMiddleware would send it, or None when it would not compress it.

    Compressed once, its random padding (Django's defence against BREACH) is the same on
    every request; these pages are public and hold no secret for such an attack to find.
    """
    if len(response.content) < 200 or response.has_header("Content-Encoding"):
        return None
    compressed = compress_string(response.content, max_random_bytes=GZipMiddleware.max_random_bytes)
    return compressed if len(compressed) < len(response.content) else None


def _gzip_headers(headers, compressed):
    """The headers of a compressed body, which GZipMiddleware then leaves alone."""
    response = HttpResponse(headers=headers)
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(compressed))
    patch_vary_headers(response, ("Accept-Encoding",))
    if response["ETag"].startswith('"'):  # as GZipMiddleware does: the bytes differ
        response["ETag"] = "W/" + response["ETag"]
    return dict(response.headers)


def _response(page):
    status, headers, body, _expires = page
    return HttpResponse(body, status=status, headers=headers)


def _answer(request, response):
    """``response``, or 304 Not Modified to a HEAD whose validators match it.

    ConditionalGetMiddleware answers a GET's If-None-Match and If-Modified-Since but leaves
    HEAD alone, since it would hash an empty body; a cached page's ETag is its GET's.
    """
    if request.method != "HEAD":
        return response
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )


def _stored(key):
    """A stored page: from this process's memory, or else from the shared cache."""
    with _local.lock:
        page = _local.pages.get(key)
    if page is None and (page := cache.get(key)) is not None:
        _keep(key, page)
    return page


def _keep(key, page):
    # A page larger than the whole allowance is not kept: the shared cache has it.
    with _local.lock, contextlib.suppress(ValueError):
        _local.pages[key] = page


class PublicPageCacheMiddleware:
    """Serve anonymous GET and HEAD requests from the page cache; store what they produce.

    A HEAD that misses builds and stores the page like a GET: views answer HEAD with the
    GET's full body (Django's handlers keep it; runserver, gunicorn and the test client
    drop it after every middleware), so the entry a later GET reads is never empty.

    Requests carrying a session cookie (a signed-in editor) always get a fresh page.
    Pages marked private or never_cache (the admin, /healthz) are never stored. A page's
    plain and compressed bodies are stored apart, so each request reads only the one it
    is sent (with Redis, a feed hit reads 240 kB instead of 1.5 MB).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._applies_to(request):
            return self.get_response(request)
        version, kept = _version()
        if not kept:  # the cache is not working: build every page
            return self.get_response(request)
        key = _page_key(version, request)
        accepts_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
        if accepts_gzip and (stored := _stored(key + ":gzip")) is not None:
            return _answer(request, _response(stored))
        if (stored := _stored(key)) is not None:
            return _answer(request, _response(stored))
        response = self.get_response(request)
        if not _may_store(response):
            return response
        if request.method == "HEAD" and not response.content:
            # A view that answers HEAD without the body: later GETs must not get nothing.
            return response
        set_response_etag(response)
        response["Last-Modified"] = http_date(version)
        response["Cache-Control"] = "no-cache"
        status, headers = response.status_code, dict(response.headers)
        # Each entry carries when it expires, so that a copy kept in a process's memory
        # goes when the shared cache drops the page, however late it was read.
        expires = time.time() + settings.PUBLIC_PAGE_CACHE_SECONDS
        entries = {key: (status, headers, response.content, expires)}
        if compressed := _compressed(response):
            # Stored with its own headers, ready to send as it is.
            gzip_headers = _gzip_headers(headers, compressed)
            entries[key + ":gzip"] = (status, gzip_headers, compressed, expires)
        cache.set_many(entries, settings.PUBLIC_PAGE_CACHE_SECONDS)
        for entry in entries.items():
            _keep(*entry)
        if accepts_gzip and compressed:
            response = _response(entries[key + ":gzip"])
        return _answer(request, response)

    def _applies_to(self, request):
        return (
            settings.PUBLIC_PAGE_CACHE_ENABLED
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
