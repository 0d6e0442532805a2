from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from episodes import chapter_map, structured_data
from episodes.chapters import JSON_CHAPTERS_CONTENT_TYPE, json_chapters
from episodes.context_processors import current_show
from episodes.filters import EpisodeFilter
from episodes.models import Episode, Guest, Show, Topic


class EpisodeListView(FilterView):
    """The home page: every public episode, newest first, filtered by the query string."""

    filterset_class = EpisodeFilter
    paginate_by = 10
    template_name = "episodes/episode_list.html"

    def get_queryset(self):
        return Episode.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = current_show()  # cached with its hosts
        if show is not None:
            context["structured_data"] = structured_data.podcast_series(show)
        return context


class EpisodeDetailView(DetailView):
    """An episode's page. Staff also see drafts and scheduled episodes at the same address,
    marked as a preview and never stored by a cache; everyone else gets a 404 for them."""

    template_name = "episodes/episode_detail.html"

    def get_object(self, queryset=None):
        visible = (
            Episode.objects.all() if self.request.user.is_staff else Episode.objects.published()
        )
        episodes = (
            visible.select_related("show")
            .prefetch_related("show__hosts", "guests", "topics", "music_credits", "timeline")
            .with_neighbours()
        )
        return get_object_or_404(episodes, show__slug=self.kwargs["show"], slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        episode = self.object
        segments = chapter_map.segments(episode.timeline.all(), episode.duration_seconds)
        return super().get_context_data(
            chapter_segments=segments,
            chapter_map_width=chapter_map.WIDTH,
            is_preview=not episode.is_public,
            structured_data=structured_data.podcast_episode(episode),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


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

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.person(self.object), **kwargs
        )


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
        return super().get_context_data(
            show=show, structured_data=structured_data.podcast_series(show), **kwargs
        )


def episode_chapters(request, show, slug):
    """The episode's timeline as Podcasting 2.0 JSON Chapters; 404 unless it is published."""
    episode = get_object_or_404(
        Episode.objects.published().select_related("show").prefetch_related("timeline"),
        show__slug=show,
        slug=slug,
    )
    response = JsonResponse(
        json_chapters(episode),
        content_type=JSON_CHAPTERS_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    # Web players read chapters from another origin; the file is public anyway.
    response["Access-Control-Allow-Origin"] = "*"
    return response
