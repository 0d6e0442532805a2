from django import template

from episodes import timeline

register = template.Library()


@register.filter
def iso_duration(seconds):
    """Seconds as an ISO 8601 duration, for <time datetime>: 1332 -> PT22M12S."""
    return timeline.iso_duration(seconds)
