"""Absolute addresses for what leaves the site: feeds, JSON chapters, JSON-LD, sitemap.

They are built on settings.SITE_URL, the site's public address, never on the Host header
of whichever request happened to ask, so a feed read through a proxy names the real site.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static


def absolute_url(path):
    """``"/about/"`` -> ``"https://example.org/about/"``; absolute URLs pass unchanged."""
    if urlsplit(path).scheme:
        return path
    return settings.SITE_URL + path


def absolute_static(path):
    """The public address of a file under static/ (the cover art, say)."""
    return absolute_url(static(path))


def site_scheme_and_domain():
    """("https", "example.org") from SITE_URL, for code that wants them apart (sitemaps)."""
    parts = urlsplit(settings.SITE_URL)
    return parts.scheme, parts.netloc


def static_file_exists(path):
    """Whether ``path`` is a file under static/ that this deployment serves: every page
    names the cover art through ``static``, which fails for a file it does not know."""
    try:
        return bool(finders.find(path)) and bool(static(path))
    except ValueError:  # collectstatic's manifest does not name it
        return False
