"""sitemap.xml: the list pages, then every published episode and every guest and topic
that has one, each with when it last changed. Addresses are on settings.SITE_URL."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from episodes.links import site_scheme_and_domain
from episodes.models import Episode, Guest, Topic


class SiteSitemap(Sitemap):
    """Writes the public address (SITE_URL), not the host the request came in on."""

    def get_protocol(self, protocol=None):
        return site_scheme_and_domain()[0]

    def get_domain(self, site=None):
        return site_scheme_and_domain()[1]


class PageSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return ["episodes:list", "episodes:guest-list", "episodes:topic-list", "episodes:about"]

    def location(self, name):
        return reverse(name)


class EpisodeSitemap(SiteSitemap):
    def items(self):
        return Episode.objects.published().select_related("show").order_by("-published_at", "-id")

    def lastmod(self, episode):
        return episode.updated_at


class WithPublishedEpisodesSitemap(SiteSitemap):
    """Public guests or topics (those with a published episode); they change when one does."""

    model = None

    def items(self):
        published = Q(episodes__in=Episode.objects.published().values("pk"))
        last_change = Max("episodes__updated_at", filter=published)
        items = self.model.objects.public().annotate(last_episode_change=last_change)
        return items.order_by("slug")

    def lastmod(self, obj):
        return obj.last_episode_change


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
