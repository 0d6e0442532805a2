"""robots.txt: crawl everything public, not the admin, and here is the sitemap."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from episodes.links import absolute_url


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {absolute_url(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
