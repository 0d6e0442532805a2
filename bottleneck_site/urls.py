from django.contrib import admin
from django.urls import include, path

from bottleneck_site import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("", include("episodes.urls")),
]

handler500 = "bottleneck_site.views.server_error"
