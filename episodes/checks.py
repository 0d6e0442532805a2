"""Deploy checks (``manage.py check --deploy``) for the site's own settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """Feeds, the sitemap, canonical links and JSON-LD are built on SITE_URL, and the
    feed's podcast:guid comes from it for good: left at its local default, a production
    site would hand out http://127.0.0.1:8000 addresses to every app and crawler."""
    url = urlsplit(settings.SITE_URL)
    if url.scheme not in {"http", "https"} or not url.hostname or url.hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: feeds, the sitemap and links to share "
                "would point there.",
                hint="Set SITE_URL to the site's public address, e.g. https://example.org.",
                id="episodes.W001",
            )
        ]
    return []
