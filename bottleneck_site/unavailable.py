"""The page shown while the database cannot be reached."""

import logging

from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger("bottleneck_site.unavailable")

RETRY_AFTER_SECONDS = 30


def database_unavailable_response(request):
    """A 503 page that needs no database (503.html extends nothing that queries it)."""
    logger.error("Database unavailable while serving %s", request.path, exc_info=True)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
