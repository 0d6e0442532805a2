"""Django's Redis cache, where an unreachable Redis is a cache miss rather than an error.

Redis holds only what can be rebuilt from the database (pages, their version, the filter
choices, the site's show; sessions and the admin lockout live in the database), so while
it is down every page is built from the database, slower but served, instead of every
page answering 500. Each failure is logged. (An edit saved meanwhile cannot drop the
cached pages: they are rebuilt when they expire, after PUBLIC_PAGE_CACHE_SECONDS.)
"""

import logging

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)


class ForgivingRedisCache(RedisCache):
    def _forgive(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis cache unreachable (%s): %s", operation, error)
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
        return self._forgive("delete", False, key, version=version)
