from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from episodes.robots import robots_txt
from episodes.sitemaps import sitemaps

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("episodes.urls")),
]
