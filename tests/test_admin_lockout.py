"""Password guessing at the admin is stopped after five tries (django-axes)."""

import pytest
from django.urls import reverse

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def sign_in(client, password, address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_five_wrong_passwords_lock_the_user_out_from_that_address(client, editor):
    for _ in range(4):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text

    response = sign_in(client, "wrong")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    assert "locked for one hour" in response.text

    response = sign_in(client, PASSWORD)
    assert response.status_code == 429, "even the right password is refused while locked"


def test_lockout_page_reveals_nothing_internal(client, editor):
    for _ in range(5):
        response = sign_in(client, "wrong")
    assert "Traceback" not in response.text
    assert "axes" not in response.text.lower()


def test_lockout_is_per_address(client, editor):
    for _ in range(5):
        sign_in(client, "wrong", address="203.0.113.7")
    response = sign_in(client, PASSWORD, address="198.51.100.4")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_successful_sign_in_forgets_earlier_failures(client, editor):
    for _ in range(4):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "wrong").status_code == 200


def test_behind_a_load_balancer_the_lockout_uses_the_forwarded_address(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.2"
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR=balancer,
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",  # the first part is the client's claim
        )
    other_client = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR=balancer,
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert other_client.status_code == 302, "another visitor behind the same balancer gets in"
