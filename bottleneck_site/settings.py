"""Settings for the Information Bottleneck site, read from the environment.

Development defaults are used only where they are safe: with DJANGO_DEBUG unset the
site refuses to start without DJANGO_SECRET_KEY. See .env.example for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from bottleneck_site.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_choice,
    env_list,
    env_number,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "episodes",
]

# Header-only middleware sits above WhiteNoise so static files get the same security
# headers as pages. Below WhiteNoise: compression, then the friendly 503 when the database
# is down, then conditional GET (304) in front of the public page cache, then the rest.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "bottleneck_site.middleware.CrossOriginResourcePolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "bottleneck_site.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "bottleneck_site.middleware.TrackingParametersMiddleware",
    "episodes.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every history entry a request makes (inlines too).
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bottleneck_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "episodes.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "bottleneck_site.wsgi.application"

DATABASES = {
    "default": database_from_url(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Random reads cost little more than sequential ones on SSDs and in memory. With
    # PostgreSQL's default (4) the planner reads every episode's search vector rather
    # than use the GIN index for common words (bench/search_bench.py shows the cost).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("options", "-c random_page_cost=1.1")
    # A database host that takes connections and never answers (behind a firewall that
    # drops packets) held each worker for minutes; after this many seconds listeners get
    # the "back in a moment" page instead.
    options.setdefault("connect_timeout", env_number("DATABASE_CONNECT_TIMEOUT", 5))
# One shared Redis for several app servers (CACHE_URL=redis://host:6379/0); local memory
# otherwise. The public page cache lives here, and so does its version, which an editor's
# save bumps: with local memory and several processes, a save reaches only its own process.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", os.environ.get("REDIS_URL", "")))}
# Longest time a cached public page is kept; saves invalidate it sooner.
PUBLIC_PAGE_CACHE_SECONDS = env_number("PUBLIC_PAGE_CACHE_SECONDS", 600)
# How long each process trusts the catalogue's version it last read from the cache, so a
# cached page is served without a round trip to Redis. An edit reaches pages served by
# other app servers this much later (the process that saved it, and signed-in editors,
# see it at once); 0 asks the cache on every request.
PUBLIC_PAGE_VERSION_SECONDS = env_number("PUBLIC_PAGE_VERSION_SECONDS", 1, float)
# Each process keeps the pages it served most recently, up to this many megabytes, in
# its own memory in front of the shared cache.
PUBLIC_PAGE_LOCAL_MEGABYTES = env_number("PUBLIC_PAGE_LOCAL_MEGABYTES", 32)
# Off by default in development, where template edits would not show otherwise.
PUBLIC_PAGE_CACHE_ENABLED = env_bool("PUBLIC_PAGE_CACHE_ENABLED", not DEBUG)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# An episode's admin page posts four fields per timeline entry: Django's default of 1,000
# would refuse (400) every save of an episode with some 240 entries, losing the edit.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# django-axes: five wrong passwords for one username from one address lock that pair out
# of the admin for an hour, with a page that says so.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_CLIENT_IP_CALLABLE = "bottleneck_site.client_ip.client_ip"
# Behind N trusted proxies (a load balancer is 1) the client is the Nth address from the
# right of X-Forwarded-For; with 0, REMOTE_ADDR. Never trust the header without a proxy.
TRUSTED_PROXY_COUNT = env_number("DJANGO_TRUSTED_PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security: safe by default; plain-HTTP development opts out with DJANGO_INSECURE_HTTP=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by bottleneck_site.middleware (Django has no setting for it). Static files (cover
# art) are "cross-origin" so web podcast players on other sites may show them.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
_https = not (DEBUG or env_bool("DJANGO_INSECURE_HTTP"))
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = 31536000 if _https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _https
SECURE_HSTS_PRELOAD = _https and env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = _https and env_bool("DJANGO_SSL_REDIRECT", True)
# A load balancer's health check speaks plain HTTP to the app server: a redirect to
# https:// would count as a failure and take every server out of rotation.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The public site's address, used where a full URL must be absolute (feeds, JSON-LD).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_SHOW_SLUG = os.environ.get("SITE_SHOW_SLUG", "the-information-bottleneck")
# The feed's podcast:guid is derived from its URL; set PODCAST_GUID to the old value before
# the site moves to a new address, so podcast apps keep knowing it as the same show.
PODCAST_GUID = os.environ.get("PODCAST_GUID", "")
# podcast:locked "yes" asks podcast hosting platforms not to import the feed elsewhere.
PODCAST_LOCKED = env_bool("PODCAST_LOCKED", True)
# Feeds carry the newest episodes only, so they stay small at any catalogue size.
FEED_MAX_EPISODES = env_number("FEED_MAX_EPISODES", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "DJANGO_LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}
