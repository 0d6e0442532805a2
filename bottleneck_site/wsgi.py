"""
WSGI config for bottleneck_site project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/6.1/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")

application = get_wsgi_application()


def warm_up():
    """Do now what each process would otherwise do on its first request: import the Redis
    client (about 0.15 s) and compute the release. With gunicorn's preload_app this runs
    once, before the workers are forked, so a worker recycled every few thousand requests
    starts ready instead of stalling the requests queued behind its first one."""
    import bottleneck_site.cache  # noqa: F401
    from episodes.page_cache import release

    release()


warm_up()
