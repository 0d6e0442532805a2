"""The show's own settings, as an editor changes them in the admin."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from episodes.context_processors import SITE_SHOW_CACHE_KEY
from episodes.models import Show

pytestmark = pytest.mark.django_db


def show_form(show, **changes):
    fields = ["title", "slug", "summary", "about", "category", "language", "copyright"]
    data = {name: getattr(show, name) for name in fields}
    data |= {"cover_art": show.cover_art, "podcast_art": show.podcast_art, "owner_email": ""}
    data |= {"hosts-TOTAL_FORMS": "0", "hosts-INITIAL_FORMS": "0"}
    return data | changes


@pytest.mark.parametrize("field", ["cover_art", "podcast_art"])
def test_cover_art_that_the_site_does_not_serve_is_a_message(admin_client, seed, field):
    """Every page names the cover art: a missing file would take them all down."""
    show = Show.objects.get()
    url = reverse("admin:episodes_show_change", args=[show.pk])

    response = admin_client.post(url, show_form(show, **{field: "img/cover.jpg"}))

    assert response.status_code == 200
    assert "There is no file img/cover.jpg under static/" in response.text
    assert getattr(Show.objects.get(), field) != "img/cover.jpg"
    for page in (reverse("episodes:list"), reverse("episodes:about"), reverse("episodes:feed")):
        assert admin_client.get(page).status_code == 200


def test_cover_art_the_site_serves_is_accepted(admin_client, seed):
    show = Show.objects.get()
    url = reverse("admin:episodes_show_change", args=[show.pk])
    response = admin_client.post(url, show_form(show, podcast_art="img/apple-touch-icon.png"))
    assert response.status_code == 302
    assert Show.objects.get().podcast_art == "img/apple-touch-icon.png"


def test_a_show_edit_reaches_the_pages_even_if_a_request_came_during_the_save(
    client, seed, django_capture_on_commit_callbacks
):
    """The admin saves in a transaction: a listener's request served before the commit
    reads the old show and caches it for an hour, after the save had dropped it."""
    committed = Show.objects.prefetch_related("hosts").get()  # what other connections see
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        show = Show.objects.get()
        show.summary = "A new summary for the show."
        show.save()
        cache.set(SITE_SHOW_CACHE_KEY, committed, 3600)  # that request, on its connection

    assert "A new summary for the show." in client.get(reverse("episodes:list")).text
