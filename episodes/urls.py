from django.urls import path

from episodes import views

app_name = "episodes"

urlpatterns = [
    path("", views.EpisodeListView.as_view(), name="list"),
    path("episodes/<slug:show>/<slug:slug>/", views.EpisodeDetailView.as_view(), name="detail"),
    path("guests/", views.GuestListView.as_view(), name="guest-list"),
    path("guests/<slug:slug>/", views.GuestDetailView.as_view(), name="guest-detail"),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("about/", views.AboutView.as_view(), name="about"),
]
