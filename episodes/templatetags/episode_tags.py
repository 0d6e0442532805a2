import zlib

from django import template
from django.utils.html import format_html

from episodes import timeline
from episodes.models import Guest

register = template.Library()

# How many avatar colours site.css defines (.avatar--tone-0 ... -5).
AVATAR_TONES = 6


@register.filter
def iso_duration(seconds):
    """Seconds as an ISO 8601 duration, for <time datetime>: 1332 -> PT22M12S."""
    return timeline.iso_duration(seconds)


@register.filter
def avatar_tone(name):
    """A colour for a person's initials avatar, the same for a name on every page and run."""
    return zlib.crc32(str(name).encode()) % AVATAR_TONES


@register.filter
def initials(name):
    """Initials for anyone named on the site, by the rule guests' avatars use."""
    return Guest(name=str(name)).initials


@register.simple_tag(takes_context=True)
def current(context, page, *section):
    """aria-current for a main navigation link: "page" on that page, "true" on pages under it.

    ``page`` and ``section`` are URL names in the episodes namespace.
    """
    match = getattr(context.get("request"), "resolver_match", None)
    name = match.url_name if match and match.namespace == "episodes" else None
    if name == page:
        return format_html(' aria-current="{}"', "page")
    if name in section:
        return format_html(' aria-current="{}"', "true")
    return ""


@register.filter
def timestamp(seconds):
    """Seconds as the show notes write a moment: 754 -> "12:34", 3720 -> "1:02:00"."""
    return timeline.format_timestamp(seconds)
