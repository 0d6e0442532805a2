from django.urls import path

from episodes import feeds, views

app_name = "episodes"

urlpatterns = [
    path("", views.EpisodeListView.as_view(), name="list"),
    path("episodes/<slug:show>/<slug:slug>/", views.EpisodeDetailView.as_view(), name="detail"),
    path("guests/", views.GuestListView.as_view(), name="guest-list"),
    path("guests/<slug:slug>/", views.GuestDetailView.as_view(), name="guest-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("feed/", feeds.ShowFeed(), name="feed"),
    path("topics/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path("guests/<slug:slug>/feed/", feeds.GuestFeed(), name="guest-feed"),
    path(
        "episodes/<slug:show>/<slug:slug>/chapters.json",
        views.episode_chapters,
        name="chapters",
    ),
]
