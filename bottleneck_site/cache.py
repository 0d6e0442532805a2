"""Django's Redis cache, where an unreachable Redis is a cache miss rather than an error.

Redis holds only what can be rebuilt from the database (pages, their version, the filter
choices, the site's show; sessions and the admin lockout live in the database), so while
it is down every page is built from the database, slower but served, instead of every
page answering 500. Each failure is logged. (An edit saved meanwhile cannot drop the
cached pages: they are rebuilt when they expire, after PUBLIC_PAGE_CACHE_SECONDS.)

A Redis that does not answer at all (hung, or its packets dropped) costs each call the
socket timeout, and a page makes about thirty calls: 15 s a page. So after a failure this
process skips Redis for SKIP_SECONDS, every call answering at once as if Redis were down,
and a request waits for at most one slow attempt per window instead of one per call.
"""

import logging
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)

# Long enough that a hung Redis costs a process one slow call every few seconds, short
# enough that the cache is back soon after Redis is. (Edits saved in the window cannot
# drop the cached pages either, as during an outage.)
SKIP_SECONDS = 5

# When each Redis (by its servers) may be tried again: per process, not per cache object,
# since Django makes one cache object per thread and each would pay its own slow attempt.
_skip_until = {}


def forget_failures():
    """Try every Redis again at once (for tests, which each expect a fresh process)."""
    _skip_until.clear()


class ForgivingRedisCache(RedisCache):
    def _forgive(self, operation, fallback, *args, always_try=False, **kwargs):
        servers = tuple(self._servers)
        if not always_try and time.monotonic() < _skip_until.get(servers, 0.0):
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            _skip_until[servers] = time.monotonic() + SKIP_SECONDS
            logger.warning(
                "Redis cache unreachable (%s), skipped for %s s: %s", operation, SKIP_SECONDS, error
            )
            return fallback

    def get(self, key, default=None, version=None):
        return self._forgive("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._forgive("get_many", {}, keys, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set_many", list(data), data, timeout, version=version)

    def delete(self, key, version=None):
        # Always tried: an editor's save drops the catalogue's version this way, and a
        # skipped drop would leave every cached page stale until it expires (10 minutes),
        # for one brief blip. Saves are rare enough to wait for one slow attempt.
        return self._forgive("delete", False, key, version=version, always_try=True)
