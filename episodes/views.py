from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

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


class GuestListView(ListView):
    template_name = "episodes/guest_list.html"
    context_object_name = "guests"

    def get_queryset(self):
        return Guest.objects.public().with_episode_count()


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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["episodes"] = context["page_obj"].object_list
        return context


class GuestDetailView(EpisodesOfView):
    model = Guest
    episodes_field = "guests"
    template_name = "episodes/guest_detail.html"


class TopicListView(ListView):
    template_name = "episodes/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        return Topic.objects.public().with_episode_count()


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
        return super().get_context_data(show=show, **kwargs)
