"""Error pages that help the visitor and reveal nothing about the machinery."""

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import permission_denied

from bottleneck_site.views import server_error

INTERNALS = ("Traceback", "django", "settings.py", "DEBUG", "exception", "/work/", "SELECT")


def assert_reveals_nothing(response):
    for word in INTERNALS:
        assert word not in response.content.decode(), word


def test_unknown_page_shows_a_friendly_404(client, seed):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert reverse("episodes:list") in response.text
    assert_reveals_nothing(response)


def test_unknown_episode_shows_the_same_404(client, seed):
    response = client.get(reverse("episodes:detail", kwargs={"show": "nope", "slug": "nope"}))
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert_reveals_nothing(response)


def test_bad_host_header_gets_a_400_page(client, seed):
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Bad request" in response.text
    assert "attacker.example" not in response.text
    assert_reveals_nothing(response)


def test_forbidden_request_gets_a_403_page(rf, seed):
    response = permission_denied(rf.get("/"), exception=PermissionError("internal reason"))
    assert response.status_code == 403
    assert "not allowed" in response.content.decode()
    assert "internal reason" not in response.content.decode()
    assert_reveals_nothing(response)


def test_form_without_csrf_token_gets_a_403_page(seed):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "not allowed" in response.text
    assert_reveals_nothing(response)


def test_server_error_page_needs_no_database(rf):
    # No database access is allowed in this test: a query would raise.
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_reveals_nothing(response)


@pytest.mark.django_db
def test_unavailable_page_needs_no_database(rf, django_assert_num_queries):
    from bottleneck_site.unavailable import database_unavailable_response

    with django_assert_num_queries(0):
        response = database_unavailable_response(rf.get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "back in a moment" in response.content.decode()
    assert_reveals_nothing(response)
