"""Public pages come from the cache, answer conditional requests, and show edits at once."""

import gzip
import re
import time
from types import SimpleNamespace

import django.middleware.gzip
import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.http import HttpResponse
from django.test import AsyncClient
from django.urls import reverse

from episodes import page_cache
from episodes.models import Episode, Guest
from episodes.page_cache import current_version, release_digest
from tests.factories import bulk_catalogue
from tests.public_urls import public_urls


@pytest.fixture
def episode(seed):
    return Episode.objects.published().first()


def test_a_second_visit_is_served_without_touching_the_database(
    client, seed, django_assert_num_queries
):
    for url in public_urls():
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200, url
        assert second.content == first.content, url


def test_unchanged_pages_answer_304_to_etag_and_date(client, seed):
    for url in public_urls():
        first = client.get(url)
        assert first["Cache-Control"] == "no-cache", url
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert by_date.status_code == 304, url


def test_head_is_answered_from_the_page_cache_like_get(client, seed, django_assert_num_queries):
    """Feed readers and link checkers send HEAD: at 100,000 episodes the feed costs a second
    to build, and without the validators a HEAD cannot tell them nothing changed."""
    url = reverse("episodes:feed")
    get = client.get(url)
    assert get.status_code == 200 and get["ETag"]
    with django_assert_num_queries(0):
        head = client.head(url)
    assert head.status_code == 200 and head.content == b""
    assert head.get("ETag") == get["ETag"] and head.get("Last-Modified") == get["Last-Modified"]
    assert head.get("Cache-Control") == get.get("Cache-Control")
    assert head.get("Content-Length") == get.get("Content-Length")


def test_a_head_on_an_empty_cache_does_not_store_an_empty_page_for_get(
    client, seed, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_ENABLED = False
    built = {url: client.get(url).content for url in public_urls()}
    settings.PUBLIC_PAGE_CACHE_ENABLED = True
    for url, content in built.items():
        head = client.head(url)
        assert head.status_code == 200 and head["ETag"], url
        with django_assert_num_queries(0):  # the HEAD stored the page
            get = client.get(url)
        assert get.content == content, url
        assert get["ETag"] == head["ETag"], url


def test_a_view_that_answers_head_without_its_body_does_not_empty_the_page_for_get(rf, db):
    def view(request):
        return HttpResponse(b"" if request.method == "HEAD" else b"The whole page")

    middleware = page_cache.PublicPageCacheMiddleware(view)
    assert middleware(rf.head("/")).content == b""
    assert middleware(rf.get("/")).content == b"The whole page"


def test_unchanged_pages_answer_304_to_a_conditional_head(client, seed):
    """Django's ConditionalGetMiddleware leaves HEAD alone; RFC 9110 answers it like GET."""
    url = reverse("episodes:feed")
    first = client.get(url)
    assert client.head(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.head(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.head(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200

    cache.clear()  # the same page, built again for the HEAD: the same ETag
    page_cache.forget_local()
    assert client.head(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_compressed_pages_answer_304_to_their_weak_etag(client, episode):
    url = episode.get_absolute_url()
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert episode.title.encode() in gzip.decompress(first.content)
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_an_edit_is_visible_at_once_on_every_page(client, episode):
    pages = [episode.get_absolute_url(), reverse("episodes:list")]
    etags = {url: client.get(url)["ETag"] for url in pages}

    episode.title = "A title the editor just changed"
    episode.save()

    for url in pages:
        response = client.get(url, HTTP_IF_NONE_MATCH=etags[url])
        assert response.status_code == 200, url
        assert "A title the editor just changed" in response.text, url


def test_an_edit_to_a_related_record_is_visible_at_once(client, episode):
    guest = episode.guests.first()
    url = episode.get_absolute_url()
    assert guest.name in client.get(url).text

    guest.name = "Renamed Guest"
    guest.save()
    assert "Renamed Guest" in client.get(url).text

    episode.guests.remove(guest)
    assert "Renamed Guest" not in client.get(url).text


def test_a_deleted_episode_disappears_at_once(client, episode):
    url = episode.get_absolute_url()
    assert client.get(url).status_code == 200
    episode.delete()
    assert client.get(url).status_code == 404
    assert episode.title not in client.get(reverse("episodes:list")).text


def test_a_save_through_the_admin_is_visible_at_once(
    client, admin_client, episode, django_capture_on_commit_callbacks
):
    url = episode.get_absolute_url()
    client.get(url)
    changelist = reverse("admin:episodes_episode_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            changelist,
            {
                "action": "delete_selected",
                "_selected_action": [episode.pk],
                "post": "yes",
            },
        )
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_the_version_changes_when_the_transaction_commits(
    episode, django_capture_on_commit_callbacks
):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        Guest.objects.create(name="New Guest", slug="new-guest")
        current_version()  # a request in the middle of the transaction
    assert callbacks, "the version is dropped again on commit"
    assert current_version() != before


def test_signed_in_editors_always_get_a_fresh_page(
    admin_client, episode, django_assert_max_num_queries
):
    url = episode.get_absolute_url()
    admin_client.get(url)
    Episode.objects.filter(pk=episode.pk).update(title="Changed without a signal")
    assert "Changed without a signal" in admin_client.get(url).text


def test_admin_and_health_check_are_never_cached(admin_client, client, seed):
    for url in (reverse("admin:episodes_episode_changelist"), reverse("healthz")):
        admin_client.get(url)
    Episode.objects.update(title="Changed without a signal")
    changelist = admin_client.get(reverse("admin:episodes_episode_changelist"))
    assert "Changed without a signal" in changelist.text
    assert "no-store" in client.get(reverse("healthz"))["Cache-Control"]


def test_a_new_release_does_not_serve_pages_the_previous_one_cached(client, episode, monkeypatch):
    url = episode.get_absolute_url()
    client.get(url)
    Episode.objects.filter(pk=episode.pk).update(title="Changed without a signal")
    assert "Changed without a signal" not in client.get(url).text  # still the cached page

    monkeypatch.setattr(page_cache, "release", lambda: "the-next-release")
    assert "Changed without a signal" in client.get(url).text


def test_the_release_changes_with_the_code_templates_and_static_files(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "episodes").mkdir()
    template, code = tmp_path / "templates" / "base.html", tmp_path / "episodes" / "views.py"
    manifest = tmp_path / "staticfiles.json"
    template.write_text("<title>One</title>")
    code.write_text("x = 1")
    manifest.write_text('{"paths": {"css/site.css": "css/site.abc.css"}}')
    releases = [release_digest(tmp_path, manifest)]
    assert release_digest(tmp_path, manifest) == releases[0]  # the same files, the same release

    template.write_text("<title>Two</title>")
    releases.append(release_digest(tmp_path, manifest))
    code.write_text("x = 2")
    releases.append(release_digest(tmp_path, manifest))
    manifest.write_text('{"paths": {"css/site.css": "css/site.def.css"}}')
    releases.append(release_digest(tmp_path, manifest))
    (tmp_path / "episodes" / "views.py").rename(tmp_path / "episodes" / "pages.py")
    releases.append(release_digest(tmp_path, manifest))
    assert len(set(releases)) == len(releases)


def test_a_cached_page_is_compressed_once_for_every_client_that_accepts_gzip(
    client, episode, monkeypatch
):
    """Podcast apps poll the feed, a megabyte at 300 episodes, and all accept gzip."""
    compressions = []

    def counting(compress):
        def wrapper(*args, **kwargs):
            compressions.append(1)
            return compress(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(page_cache, "compress_string", counting(page_cache.compress_string))
    monkeypatch.setattr(
        django.middleware.gzip, "compress_string", counting(django.middleware.gzip.compress_string)
    )
    for url in (reverse("episodes:feed"), episode.get_absolute_url()):
        compressions.clear()
        plain = client.get(url)
        first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

        assert len(compressions) == 1, url  # when the page was built, not per request
        for response in (first, again):
            assert response["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.content) == plain.content
            assert response["Content-Length"] == str(len(response.content))
            assert "Accept-Encoding" in response["Vary"]
            assert response["ETag"] == "W/" + plain["ETag"]
        assert "Content-Encoding" not in plain


def test_an_edit_within_the_same_second_still_changes_last_modified(client, episode, monkeypatch):
    """Podcast apps that revalidate with If-Modified-Since alone must see the change."""
    monkeypatch.setattr(
        page_cache, "time", SimpleNamespace(time=lambda: 1_800_000_000.25, monotonic=time.monotonic)
    )
    url = reverse("episodes:feed")
    first = client.get(url)

    episode.title = "Renamed within the same second"
    episode.save()

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert "Renamed within the same second" in again.text
    assert again["Last-Modified"] != first["Last-Modified"]


def test_tracking_parameters_do_not_make_pages_of_their_own(
    client, episode, django_assert_num_queries
):
    url = episode.get_absolute_url()
    first = client.get(url + "?fbclid=IwAR0abc")
    with django_assert_num_queries(0):
        again = client.get(url + "?utm_source=newsletter&utm_medium=email&fbclid=IwAR0xyz")
    assert again.content == first.content


def test_a_visitors_click_id_is_not_passed_on_in_links(client, db):
    bulk_catalogue(12)  # two pages of episodes, so the list links to page 2
    page = client.get(reverse("episodes:list") + "?fbclid=IwAR0secret&utm_campaign=spring")
    assert 'href="?page=2"' in page.text
    assert "IwAR0secret" not in page.text and "spring" not in page.text


def test_other_parameters_are_kept_beside_tracking_ones(client, seed):
    page = client.get(reverse("episodes:list") + "?utm_source=x&q=kambhampati&gclid=y")
    assert "Reasoning Models and Planning" in page.text
    assert "Inside xAI" not in page.text


@pytest.mark.parametrize(
    "query",
    [
        "q=Kambh%C3%A4mpati",  # "ä" percent-encoded as UTF-8, as browsers send it
        "q=Kambh\xe4mpati",  # the raw Latin-1 byte, as some clients send it
    ],
)
def test_what_is_kept_of_a_query_string_reaches_the_view_as_sent(client, seed, query):
    page = client.get(reverse("episodes:list"), QUERY_STRING=f"utm_id=1&{query}&fbclid=x")
    assert "Reasoning Models and Planning" in page.text


def test_under_asgi_raw_letters_beside_a_tracking_parameter_are_kept(seed):
    """ASGI hands Django the query string decoded as UTF-8: any letter may be in it."""
    client = AsyncClient(raise_request_exception=False)

    def listed(query):
        response = async_to_sync(client.get)(reverse("episodes:list"), QUERY_STRING=query)
        assert response.status_code == 200
        return re.findall(r'<h3 class="card__title">(.*?)</h3>', response.text)

    found = listed("q=Kambhämpati&utm_source=x")
    assert found == listed("q=Kambhämpati") and "Reasoning Models" in found[0]
    assert listed("q=機械学習&utm_source=x") == listed("q=機械学習")
