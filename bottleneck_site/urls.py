from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from bottleneck_site import views
from episodes.item_dates import dated_by_edits_only
from episodes.robots import robots_txt
from episodes.sitemaps import sitemap_index, sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        dated_by_edits_only(sitemap),
        {"sitemaps": sitemaps},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("episodes.urls")),
]

handler500 = "bottleneck_site.views.server_error"
