"""sitemap.xml: an index of one sitemap per section (the list pages, every published
episode, and every guest and topic that has one), each address with when it last
changed. A sitemap holds at most 50,000 addresses, so a section beyond that is split into
pages, each named in the index. Addresses are on settings.SITE_URL."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.template.response import TemplateResponse
from django.urls import reverse

from episodes.links import absolute_url, site_scheme_and_domain
from episodes.models import Episode, Guest, Topic


def changed(prefix=""):
    """When an episode last changed on the site: its last save, or its publication time,
    when a scheduled episode went public (nothing is saved at that moment)."""
    return Greatest(f"{prefix}updated_at", f"{prefix}published_at")


def latest(*moments):
    """The latest of these that are known (Greatest gives NULL for any NULL on SQLite)."""
    return max((moment for moment in moments if moment is not None), default=None)


def latest_episode_change():
    """The sections' last change for the index, in one aggregate: Sitemap's own
    get_latest_lastmod would build every item to find it."""
    return Episode.objects.published().aggregate(latest=Max(changed()))["latest"]


class SiteSitemap(Sitemap):
    """Writes the public address (SITE_URL), not the host the request came in on."""

    def get_protocol(self, protocol=None):
        return site_scheme_and_domain()[0]

    def get_domain(self, site=None):
        return site_scheme_and_domain()[1]


class PageSitemap(SiteSitemap):
    changefreq = "weekly"

    def latest_change(self, episode_change):
        return None  # the list pages give no lastmod

    def items(self):
        return ["episodes:list", "episodes:guest-list", "episodes:topic-list", "episodes:about"]

    def location(self, name):
        return reverse(name)


class EpisodeSitemap(SiteSitemap):
    def items(self):
        return Episode.objects.published().select_related("show").order_by("-published_at", "-id")

    def lastmod(self, episode):
        return max(episode.updated_at, episode.published_at)

    def latest_change(self, episode_change):
        return episode_change


class WithPublishedEpisodesSitemap(SiteSitemap):
    """Public guests or topics (those with a published episode); they change when one
    does, and when their own fields do. An episode that leaves one no longer dates it
    here, so episodes.signals dates the guest or topic itself (its updated_at) then."""

    model = None

    def items(self):
        published = Q(episodes__in=Episode.objects.published().values("pk"))
        last_change = Max(changed("episodes__"), filter=published)
        items = self.model.objects.public().annotate(last_episode_change=last_change)
        return items.order_by("slug")

    def lastmod(self, obj):
        return latest(obj.last_episode_change, obj.updated_at)

    def latest_change(self, episode_change):
        own = self.model.objects.public().aggregate(latest=Max("updated_at"))["latest"]
        return latest(episode_change, own)


class GuestSitemap(WithPublishedEpisodesSitemap):
    model = Guest


class TopicSitemap(WithPublishedEpisodesSitemap):
    model = Topic


sitemaps = {
    "pages": PageSitemap,
    "episodes": EpisodeSitemap,
    "guests": GuestSitemap,
    "topics": TopicSitemap,
}


def sitemap_index(request):
    """Django's index view names the sections on the host the request came in on."""
    entries = []
    episode_change = latest_episode_change()  # once, for every section that needs it
    for section, sitemap in sitemaps.items():
        sitemap = sitemap()
        url = absolute_url(reverse("sitemap-section", kwargs={"section": section}))
        lastmod = sitemap.latest_change(episode_change)
        entries.append(SitemapIndexItem(url, lastmod))
        pages = range(2, sitemap.paginator.num_pages + 1)
        entries += [SitemapIndexItem(f"{url}?p={page}", lastmod) for page in pages]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
