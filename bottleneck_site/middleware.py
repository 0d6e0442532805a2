"""Site-wide middleware: a header Django has no setting for, and a friendly 503."""

from django.conf import settings
from django.db import InterfaceError, OperationalError

from bottleneck_site.unavailable import database_unavailable_response


class CrossOriginResourcePolicyMiddleware:
    """Send Cross-Origin-Resource-Policy on every response.

    Pages are "same-origin"; static files are "cross-origin" so that the cover art can be
    shown by podcast players and directories on other sites.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.static_prefix):
            response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
        else:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
            )
        return response


class DatabaseUnavailableMiddleware:
    """Answer "503, try again shortly" instead of a 500 when the database cannot be reached.

    This catches errors raised by views and while rendering their templates; errors raised
    in middleware (loading a session, say) reach bottleneck_site.views.server_error, which
    gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            return database_unavailable_response(request)
        return None
