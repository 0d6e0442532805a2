"""Security headers on every response, and an admin that still works under the CSP."""

from html.parser import HTMLParser

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.public_urls import public_urls

ONE_YEAR = 365 * 24 * 3600


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.fixture
def every_kind_of_response(seed, admin_client):
    """Public pages, the health check, an error page, the admin login and a static file."""
    return [*public_urls(), reverse("healthz"), "/no-such-page/", reverse("admin:login")]


def test_every_response_carries_the_security_headers(client, every_kind_of_response):
    for url in [*every_kind_of_response, static("css/site.css")]:
        response = client.get(url, secure=True)
        assert response.status_code < 500, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["Cross-Origin-Resource-Policy"] in {"same-origin", "cross-origin"}, url
        hsts = dict(
            part.strip().partition("=")[::2]
            for part in response["Strict-Transport-Security"].split(";")
        )
        assert int(hsts["max-age"]) >= ONE_YEAR, url
        assert "includeSubDomains" in hsts, url


def test_content_security_policy_is_strict_on_every_page(client, every_kind_of_response):
    for url in every_kind_of_response:
        directives = csp_directives(client.get(url))
        everything = " ".join(" ".join(v) for v in directives.values())
        assert "'unsafe-inline'" not in everything, url
        assert "'unsafe-eval'" not in everything, url
        assert directives["default-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["base-uri"] == ["'none'"], url
        assert directives["form-action"] == ["'self'"], url


def test_pages_may_not_be_framed(client, seed):
    assert client.get(reverse("episodes:list"))["X-Frame-Options"] == "DENY"


def test_pages_are_same_origin_but_cover_art_may_be_shown_elsewhere(client, seed):
    assert client.get(reverse("episodes:list"))["Cross-Origin-Resource-Policy"] == "same-origin"
    cover = client.get(static("img/cover.svg"))
    assert cover.status_code == 200
    assert cover["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_hsts_is_sent_only_over_https(client, seed):
    assert "Strict-Transport-Security" not in client.get(reverse("episodes:list"))


def test_cookies_are_secure_httponly_and_samesite(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.org", "pw-for-tests-only")
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf = login_page.cookies["csrftoken"]
    signed_in = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "pw-for-tests-only", "next": "/admin/"},
        secure=True,
    )
    session = signed_in.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, style attributes, handlers."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.blocked.append(f"style attribute on <{tag}>")
        self.blocked += [f"{name} handler on <{tag}>" for name in attrs if name.startswith("on")]
        if tag == "style":
            self.blocked.append("<style> element")
        data_block = attrs.get("type", "text/javascript") not in {"text/javascript", "module"}
        self._in_script = tag == "script" and "src" not in attrs and not data_block

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"inline script: {data.strip()[:60]}")


def blocked_by_csp(html):
    parser = InlineCode()
    parser.feed(html)
    return parser.blocked


def test_admin_pages_need_nothing_the_policy_blocks(admin_client, seed):
    from episodes.models import Episode

    episode = Episode.objects.first()
    pages = [
        reverse("admin:index"),
        reverse("admin:episodes_episode_changelist"),
        reverse("admin:episodes_episode_add"),
        reverse("admin:episodes_episode_change", args=[episode.pk]),
        reverse("admin:episodes_episode_history", args=[episode.pk]),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert blocked_by_csp(response.text) == [], url


def test_public_pages_need_nothing_the_policy_blocks(client, seed):
    for url in public_urls():
        response = client.get(url)
        if response["Content-Type"].startswith("text/html"):
            assert blocked_by_csp(response.text) == [], url


def test_health_checks_over_plain_http_are_not_redirected(client, db, settings):
    """A load balancer checks each app server over plain HTTP; a 301 would fail it."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("episodes:list")).status_code == 301
    assert client.get(reverse("healthz")).status_code == 200


def test_error_pages_made_above_the_views_may_not_be_framed_either(client, seed):
    """The 400 for a host not allowed comes from the page cache, above the views."""
    response = client.get(reverse("episodes:list"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["X-Frame-Options"] == "DENY"
