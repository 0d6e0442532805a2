from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from episodes import chapter_map
from episodes.filters import EpisodeFilter
from episodes.models import Episode, Guest, Show, Topic


class EpisodeListView(FilterView):
    """The home page: every public episode, newest first, filtered by the query string."""

    filterset_class = EpisodeFilter
    paginate_by = 10
    template_name = "episodes/episode_list.html"

    def get_queryset(self):
        return Episode.objects.published().for_listing()


class EpisodeDetailView(DetailView):
    template_name = "episodes/episode_detail.html"

    def get_object(self, queryset=None):
        episodes = (
            Episode.objects.published()
            .select_related("show")
            .prefetch_related("guests", "topics", "music_credits", "timeline")
            .with_neighbours()
        )
        return get_object_or_404(episodes, show__slug=self.kwargs["show"], slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        episode = self.object
        segments = chapter_map.segments(episode.timeline.all(), episode.duration_seconds)
        return super().get_context_data(
            chapter_segments=segments, chapter_map_width=chapter_map.WIDTH, **kwargs
        )


class GuestListView(ListView):
    template_name = "episodes/guest_list.html"
    context_object_name = "guests"

    def get_queryset(self):
        return Guest.objects.public()


class EpisodesOfMixin:
    """A guest or topic page: the object and its public episodes, fetched in fixed queries."""

    def get_queryset(self):
        episodes = Episode.objects.published().for_listing()
        return self.model.objects.public().prefetch_related(
            Prefetch("episodes", queryset=episodes, to_attr="public_episodes")
        )


class GuestDetailView(EpisodesOfMixin, DetailView):
    model = Guest
    template_name = "episodes/guest_detail.html"
    context_object_name = "guest"


class TopicListView(ListView):
    template_name = "episodes/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.public()


class TopicDetailView(EpisodesOfMixin, DetailView):
    model = Topic
    template_name = "episodes/topic_detail.html"
    context_object_name = "topic"


class AboutView(TemplateView):
    template_name = "episodes/about.html"

    def get_context_data(self, **kwargs):
        show = Show.objects.prefetch_related("hosts").default()
        if show is None:
            raise Http404("No show has been set up yet.")
        return super().get_context_data(show=show, **kwargs)
