from django.views.generic import DetailView, ListView, TemplateView


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
