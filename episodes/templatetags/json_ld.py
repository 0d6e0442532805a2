"""``{{ data|json_ld }}``: a dict as a ``<script type="application/ld+json">`` data block.

The JSON is escaped as Django's json_script escapes it (<, > and & as \\u escapes), so no
text in the data can close the script element. A data block is not executed, so the
site's Content Security Policy (no inline scripts) allows it.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
