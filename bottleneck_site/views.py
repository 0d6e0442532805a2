"""Views of the site itself rather than of the catalogue: health check and error pages."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as default_server_error

from bottleneck_site.unavailable import database_unavailable_response


@never_cache
def healthz(request):
    """200 "ok" when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """500.html, or the 503 page when the error was losing the database.

    Django calls this inside its exception handler, so sys.exc_info() is the error.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response(request)
    return default_server_error(request)
