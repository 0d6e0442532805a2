"""What a page tells search engines and link previews: JSON-LD and absolute addresses."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from episodes import links

register = template.Library()

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A dict as a ``<script type="application/ld+json">`` data block.

    The JSON is escaped as Django's json_script escapes it (<, > and & as \\u escapes), so
    no text in the data can close the element. A data block is never executed, so the
    site's Content Security Policy (no inline scripts) allows it.
    """
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.filter
def absolute_url(path):
    """ "/about/" -> the address on settings.SITE_URL, for canonical links and OpenGraph."""
    return links.absolute_url(path)


@register.simple_tag
def absolute_static(path):
    return links.absolute_static(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's address without its filters, which only narrow a list, but with its page
    number: page 2 of a list is a page of its own, not a copy of page 1."""
    request = context.get("request")  # an error page may be drawn without one
    path = links.absolute_url(request.path if request else "/")
    page = context.get("page_obj")
    return f"{path}?page={page.number}" if page and page.number > 1 else path
