"""Django's Redis cache, where an unreachable Redis is a cache miss rather than an error.

Redis holds only what can be rebuilt from the database (pages, their version, the filter
choices, the site's show; sessions and the admin lockout live in the database), so while
it is down every page is built from the database, slower but served, instead of every
page answering 500. Each failure is logged. (An edit saved meanwhile drops the cached
pages when its process next reaches Redis, see below, or they expire after
PUBLIC_PAGE_CACHE_SECONDS.)

A Redis that does not answer at all (hung, or its packets dropped) costs each call the
socket timeout, and a page makes about thirty calls: 15 s a page. So after a failure this
process skips Redis for SKIP_SECONDS, every call answering at once as if Redis were down,
and a request waits for at most one slow attempt per window instead of one per call.

Deletes are how an edit drops the cached pages (the catalogue's version, the site's show),
so they get their own window, opened only by a failed delete: a read that failed in a
brief blip does not stop the next save's drop. A save sends one delete per row it writes
(each timeline entry, each history record), so once one has failed the others within the
window are skipped, and the save waits for one attempt, not one per row. A delete that
failed or was skipped is not lost: it is made first at this process's next attempt to
reach Redis, so a blip leaves pages stale for a few seconds, not until they expire.
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
# The same for deletes, and the deletes (key, version) still to make, by servers.
_skip_deletes_until = {}
_undone_deletes = {}


def forget_failures():
    """Try every Redis again at once (for tests, which each expect a fresh process)."""
    for state in (_skip_until, _skip_deletes_until, _undone_deletes):
        state.clear()


class ForgivingRedisCache(RedisCache):
    def _forgive(self, operation, fallback, *args, **kwargs):
        servers = tuple(self._servers)
        skip_until = _skip_deletes_until if operation == "delete" else _skip_until
        if time.monotonic() < skip_until.get(servers, 0.0):
            return fallback
        try:
            self._make_undone_deletes(servers)
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            _skip_until[servers] = time.monotonic() + SKIP_SECONDS
            if operation == "delete":
                _skip_deletes_until[servers] = _skip_until[servers]
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

    def _make_undone_deletes(self, servers):
        """Make the deletes that failed or were skipped, before anything else is read."""
        undone = _undone_deletes.get(servers, set())
        while undone:
            key, version = next(iter(undone))
            super().delete(key, version=version)  # unreachable: kept, and the caller skips
            undone.discard((key, version))

    def delete(self, key, version=None):
        deleted = self._forgive("delete", None, key, version=version)
        if deleted is None:  # failed or skipped: made at the next attempt instead
            _undone_deletes.setdefault(tuple(self._servers), set()).add((key, version))
            return False
        return deleted
