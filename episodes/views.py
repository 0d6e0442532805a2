from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from episodes.chapters import JSON_CHAPTERS_CONTENT_TYPE, json_chapters
from episodes.models import Episode


class EpisodeListView(ListView):
    pass


class EpisodeDetailView(DetailView):
    pass


class GuestListView(ListView):
    pass


class GuestDetailView(DetailView):
    pass


class TopicListView(ListView):
    pass


class TopicDetailView(DetailView):
    pass


class AboutView(TemplateView):
    pass


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
