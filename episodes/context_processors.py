from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from episodes.models import Show

SITE_SHOW_CACHE_KEY = "site-show"


def current_show():
    """The site's show, cached: every page names it, and it changes once in a blue moon.

    episodes.signals drops the cached copy whenever a show is saved or deleted.
    """
    show = cache.get(SITE_SHOW_CACHE_KEY)
    if show is None:
        # With its hosts: the home page's JSON-LD names them, and the cache keeps them.
        show = Show.objects.prefetch_related("hosts").default()
        if show is not None:
            cache.set(SITE_SHOW_CACHE_KEY, show, 3600)
    return show


def site(request):
    return {"site_show": SimpleLazyObject(current_show)}
