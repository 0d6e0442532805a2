"""Reading settings from the environment: booleans, numbers, lists and the cache URL."""

import os

from django.core.exceptions import ImproperlyConfigured


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_number(name, default, kind=int):
    """A number of 0 or more (``kind`` int or float), or a start-up error naming ``name``."""
    value = os.environ.get(name, str(default)).strip()
    try:
        number = kind(value)
    except ValueError:
        number = -1
    if not number >= 0:  # also refuses "nan"
        whole = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {whole} of 0 or more, not {value!r}.")
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url):
    """The CACHES["default"] entry for a cache URL.

    ``redis://`` and ``rediss://`` URLs use Django's built-in Redis cache, shared by every
    app server, where a Redis that is down counts as a miss (bottleneck_site.cache). An
    empty URL gives a local-memory cache: right for one process (development, tests), but
    each process then has its own cache, so run several only with Redis.
    """
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "BACKEND": "bottleneck_site.cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "bottleneck",
            # A Redis that does not answer costs each request at most this, not a hang.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    if url.startswith("locmem://") or not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": url.removeprefix("locmem://") or "bottleneck",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"Unsupported CACHE_URL {url!r}: use redis://, rediss://, locmem:// or dummy://"
    )
