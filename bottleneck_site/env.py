"""Reading settings from the environment: booleans, numbers, lists, choices and URLs.

A value that cannot be used stops start-up with an error naming its variable.
"""

import os

import dj_database_url
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


def env_choice(name, default, choices):
    """One of ``choices`` (upper case), written in any case."""
    value = os.environ.get(name, default).strip().upper()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def database_from_url(name, default, **options):
    """The DATABASES entry for the URL in ``name``; dj_database_url's own error names no
    variable, and a bare traceback is all an operator saw of a typo in the port."""
    url = os.environ.get(name) or default
    try:
        return dj_database_url.parse(url, **options)
    except ValueError as error:
        message = f"{name} is not a database URL Django can use: {error}"
        raise ImproperlyConfigured(message) from None


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
