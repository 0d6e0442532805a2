"""The address a request came from, for locking out password guessers (django-axes)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the nearest one saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    the client is the Nth address from the right; anything further left is what the
    client itself claimed and cannot be trusted.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
