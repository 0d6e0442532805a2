"""Site-wide middleware: a header Django has no setting for, a friendly 503, and query
strings without tracking parameters."""

from urllib.parse import unquote_plus

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


# Added to links by newsletters, social networks and ad platforms; nothing here reads them.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "twclid", "igshid"}
    | {"mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok"}
)


def is_tracking(name):
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


class TrackingParametersMiddleware:
    """Handle each request as if its query string had no tracking parameters.

    Every visitor arriving from a social network carries a link of their own
    (``?fbclid=...``): without this, each would be a page the cache has never seen, built
    from scratch, and the page's own links would carry the visitor's click id on to the
    next visitors served that page from the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query:
            # Whole "name=value" pieces are dropped; the rest is left exactly as sent, in
            # whatever encoding, for Django to read as it would have.
            pieces = query.split("&")
            kept = [piece for piece in pieces if not is_tracking(unquote_plus(piece.split("=")[0]))]
            if len(kept) < len(pieces):
                request.META["QUERY_STRING"] = "&".join(kept)
                request.__dict__.pop("GET", None)  # parsed again from what is left
        return self.get_response(request)
