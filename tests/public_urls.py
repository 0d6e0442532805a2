"""Every public URL of the site, found by walking the URL configuration.

Pages added later (feeds, search, ...) are covered without being listed here: patterns
without arguments are reversed as they are, and patterns with arguments are filled in
from the catalogue's first episode, guest, topic and show.
"""

from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from episodes.models import Episode, Guest, Show, Topic
from episodes.sitemaps import sitemaps

NOT_PUBLIC = ("admin", "healthz")


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).strip("/^") in NOT_PUBLIC:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in NOT_PUBLIC:
            yield f"{namespace}{pattern.name}", set(pattern.pattern.converters)


def _reverse_or_none(name, kwargs):
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _argument_choices():
    """Candidate keyword arguments, one set per kind of object a URL may name."""
    episode = Episode.objects.published().select_related("show").first()
    choices = []
    if episode:
        choices.append({"show": episode.show.slug, "slug": episode.slug})
    for model in (Guest, Topic, Show):
        obj = model.objects.first()
        if obj:
            choices.append({"slug": obj.slug})
    choices += [{"section": section} for section in sitemaps]
    return choices


def public_urls():
    """Paths of every public page, feed and file the site serves from the catalogue.

    Only paths that answer 200 are kept (a guest's slug does not name a topic).
    """
    choices = _argument_choices()
    urls = set()
    for name, params in _named_patterns(get_resolver().url_patterns):
        for kwargs in choices if params else [{}]:
            if params <= kwargs.keys():
                urls.add(_reverse_or_none(name, {key: kwargs[key] for key in params}))
    urls.discard(None)
    client = Client()
    return sorted(url for url in urls if client.get(url).status_code == 200)
