from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from episodes import chapter_map, search, structured_data
from episodes.chapters import JSON_CHAPTERS_CONTENT_TYPE, json_chapters
from episodes.context_processors import current_show
from episodes.filters import EpisodeFilter
from episodes.models import Episode, Guest, Show, Topic
from episodes.page_cache import cached_for_version
from episodes.text import name_order


class EpisodeListView(FilterView):
    """The home page: every public episode, newest first, filtered by the query string.

    With words to search for (``q``), the best matches come first, each with its
    matched words highlighted and the moments of its timeline that match.
    """

    filterset_class = EpisodeFilter
    paginate_by = 10
    template_name = "episodes/episode_list.html"

    def get_queryset(self):
        return Episode.objects.published().for_listing()

    def paginate_queryset(self, queryset, page_size):
        if self.filterset.is_bound and not self.filterset.is_valid():
            # A refused filter lists nothing: its message goes on page 1, where a page 2
            # (a link followed from a longer list) would be a 404.
            self.kwargs[self.page_kwarg] = 1
        return super().paginate_queryset(queryset, page_size)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        found = self.filterset.search
        if found and found.count is not None:
            paginator.count = found.count  # the search counted its matches: no COUNT query
        elif self.filterset.lists_everything():
            # Counting every public episode reads the whole index (30 ms at 100,000); the
            # number changes only with an edit or a publication, like the filter choices.
            paginator.count = cached_for_version("public-episode-count", queryset.count)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = current_show()  # cached with its hosts
        if show is not None:
            context["structured_data"] = structured_data.podcast_series(show)
        context["search"] = self.filterset.search
        if self.filterset.search:
            context["object_list"] = search.describe(context["object_list"], self.filterset.search)
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

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return moved_episode(request, kwargs["show"], kwargs["slug"], "episodes:detail")

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
    """Every guest with a public episode, by name, a page at a time: a show with thousands
    of guests would otherwise send them all (680 kB and a second at 3,000)."""

    template_name = "episodes/guest_list.html"
    context_object_name = "guests"
    paginate_by = 60

    def get_queryset(self):
        # Which guests are public, by name, kept until an edit: finding out reads every
        # guest's episodes (50 ms at 20,000 episodes). The page then fetches its own.
        return cached_for_version("public-guest-ids", self.public_guest_ids)

    @staticmethod
    def public_guest_ids():
        guests = Guest.objects.public().values_list("pk", "name")
        return [pk for pk, _ in sorted(guests, key=lambda guest: name_order(guest[1]))]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ids = context["object_list"]
        # This page's guests with their counts, in one query, in the cached order.
        by_id = {guest.pk: guest for guest in Guest.objects.filter(pk__in=ids).with_episode_count()}
        guests = [by_id[pk] for pk in ids if pk in by_id]
        context["object_list"] = context["guests"] = guests
        return context


class EpisodesOfView(SingleObjectMixin, ListView):
    """A guest or topic page: the object, then its public episodes a page at a time.

    Paginated like the home page, since a topic can gather thousands of episodes. The
    object is in the context under its model's name ("guest", "topic").
    """

    paginate_by = 10
    episodes_field = None  # the Episode field naming the object: "guests" or "topics"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=self.model.objects.public())
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        episodes = Episode.objects.published().for_listing()
        return episodes.filter(**{self.episodes_field: self.object})

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # Counting a topic's thousands of episodes costs more than the rest of the page,
        # and the number changes only with an edit or a publication.
        name = f"episode-count:{self.model._meta.model_name}:{self.object.pk}"
        paginator.count = cached_for_version(name, queryset.count)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["episodes"] = context["page_obj"].object_list
        return context


class GuestDetailView(EpisodesOfView):
    model = Guest
    episodes_field = "guests"
    template_name = "episodes/guest_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            structured_data=structured_data.person(self.object), **kwargs
        )


class TopicListView(ListView):
    template_name = "episodes/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        # Counting every topic's episodes takes 70 ms at 20,000 episodes; the counts change
        # only with an edit or a publication.
        return cached_for_version("public-topics", self.public_topics)

    @staticmethod
    def public_topics():
        topics = Topic.objects.public().with_episode_count()  # GROUP BY drops Meta.ordering
        return sorted(topics, key=lambda topic: name_order(topic.name))


class TopicDetailView(EpisodesOfView):
    model = Topic
    episodes_field = "topics"
    template_name = "episodes/topic_detail.html"


class AboutView(TemplateView):
    template_name = "episodes/about.html"

    def get_context_data(self, **kwargs):
        show = Show.objects.prefetch_related("hosts").default()
        if show is None:
            raise Http404("No show has been set up yet.")
        return super().get_context_data(
            show=show, structured_data=structured_data.podcast_series(show), **kwargs
        )


def moved_episode(request, show, slug, view_name):
    """A permanent redirect to the public episode that ``slug`` named before an editor
    changed it, so shared links, search engines and podcast apps keep working; else 404."""
    episode = Episode.objects.published().select_related("show").formerly_at(show, slug)
    if episode is None:
        raise Http404("No episode here.")
    url = reverse(view_name, kwargs={"show": episode.show.slug, "slug": episode.slug})
    return HttpResponsePermanentRedirect(url)


def episode_chapters(request, show, slug):
    """The episode's timeline as Podcasting 2.0 JSON Chapters; 404 unless it is published."""
    episodes = Episode.objects.published().select_related("show").prefetch_related("timeline")
    episode = episodes.filter(show__slug=show, slug=slug).first()
    if episode is None:
        return moved_episode(request, show, slug, "episodes:chapters")
    response = JsonResponse(
        json_chapters(episode),
        content_type=JSON_CHAPTERS_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    # Web players read chapters from another origin; the file is public anyway.
    response["Access-Control-Allow-Origin"] = "*"
    return response
