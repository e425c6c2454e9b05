"""Guessing admin passwords: failed logins are limited per account and address."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "right-horse-battery-staple"
HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # A deliberately slow hasher costs a second per attempt; the limits do not depend on it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editors(django_user_model):
    return [
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("alice", "bob")
    ]


def attempt(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client, username, address):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, username, "wrong", address)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()


def test_the_right_password_is_refused_once_the_limit_is_reached(client, editors):
    fail_until_locked(client, "alice", HOME)
    locked = attempt(client, "alice", "wrong", HOME)
    assert locked.status_code == 429

    response = attempt(client, "alice", PASSWORD, HOME)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Login refused: too many failed attempts" in page
    assert "for the account “alice” from your" in page
    assert not logged_in(client)


def test_a_username_longer_than_any_account_is_refused_with_a_message(client, editors):
    response = attempt(client, "x" * 300, "wrong", HOME)
    assert response.status_code == 200
    assert "usernames have at most 150 characters (this one has 300)" in response.content.decode()
    assert not logged_in(client)


def test_below_the_limit_the_right_password_still_works(client, editors):
    fail_until_locked(client, "alice", HOME)  # one short of the limit
    response = attempt(client, "alice", PASSWORD, HOME)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_same_account_from_another_address_can_still_log_in(client, editors):
    fail_until_locked(client, "alice", HOME)
    assert attempt(client, "alice", "wrong", HOME).status_code == 429

    response = attempt(client, "alice", PASSWORD, ELSEWHERE)
    assert response.status_code == 302
    assert logged_in(client)


def test_another_account_from_the_same_address_can_still_log_in(client, editors):
    fail_until_locked(client, "alice", HOME)
    assert attempt(client, "alice", "wrong", HOME).status_code == 429

    response = attempt(client, "bob", PASSWORD, HOME)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_lockout_stops_a_guesser_trying_more_passwords(client, editors):
    fail_until_locked(client, "alice", HOME)
    for _ in range(3):
        assert attempt(client, "alice", "wrong", HOME).status_code == 429


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape_the_limit(
    client, editors, settings
):
    # The proxy appends the address it saw to whatever X-Forwarded-For the client sent.
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": "alice", "password": "wrong"},
            REMOTE_ADDR="10.9.9.9",  # the proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {HOME}",
        )
    forged = client.post(
        reverse("admin:login"),
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR=f"192.0.2.200, {HOME}",
    )
    assert forged.status_code == 429
    assert not logged_in(client)
    # The same account from another client behind the same proxy is not locked out.
    elsewhere = client.post(
        reverse("admin:login"),
        {"username": "alice", "password": PASSWORD, "next": reverse("admin:index")},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert elsewhere.status_code == 302
    assert logged_in(client)
