"""Admin login lockout, forwarded headers and the Permissions-Policy header."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from tests.factories import UserFactory, iro_editor

PASSWORD = "correct horse battery staple"


# --- Admin login lockout (django-axes) ---


def login_url(language="ru"):
    with translation.override(language):
        return reverse("admin:login")


def log_in(client, username, password, language="ru", **headers):
    return client.post(login_url(language), {"username": username, "password": password}, **headers)


def fail(client, username, times, **headers):
    for _attempt in range(times):
        response = log_in(client, username, "wrong password", **headers)
    return response


def is_logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


@pytest.fixture
def colleague(db):
    return iro_editor(username="olga")


@pytest.mark.django_db
def test_the_right_password_works_until_the_limit(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT - 1)
    response = log_in(client, "olga", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


@pytest.mark.django_db
def test_after_the_limit_even_the_right_password_is_refused_with_the_lockout_page(
    client, colleague, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, "olga", 5).status_code == 429

    response = log_in(client, "olga", PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(30 * 60)
    assertContains(response, "Вход заблокирован", status_code=429)
    assertContains(
        response, "Войти под именем «olga» с вашего адреса не удалось 5 раз подряд", status_code=429
    )
    assertContains(response, "Попробовать снова можно через 30 минут", status_code=429)
    # The admin's own look: its stylesheet and header.
    assertContains(response, "admin/css/base.css", status_code=429)
    assertContains(response, 'id="site-name"', status_code=429)
    assert not is_logged_in(client)


@pytest.mark.django_db
def test_the_lockout_page_speaks_english_under_en(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    response = log_in(client, "olga", PASSWORD, language="en")
    assertContains(response, "Login locked", status_code=429)
    assertContains(
        response, "Logging in as “olga” from your address failed 5 times in a row", status_code=429
    )
    assertContains(response, "You can try again in 30 minutes", status_code=429)


@pytest.mark.django_db
def test_the_lock_holds_one_username_at_one_address(client, colleague, settings):
    other = iro_editor(username="ivan")
    fail(client, "olga", settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")

    assert log_in(client, "olga", PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    # The same colleague from her office, and another colleague from the attacker's address, get in.
    assert log_in(Client(), "olga", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
    assert log_in(Client(), other.username, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert log_in(client, "olga", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_trying_during_the_lock_starts_the_wait_again(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    twenty_minutes_pass = {"attempt_time": F("attempt_time") - timedelta(minutes=20)}
    AccessAttempt.objects.update(**twenty_minutes_pass)
    assert log_in(client, "olga", PASSWORD).status_code == 429
    # 40 minutes after the failures, but only 20 after the last try.
    AccessAttempt.objects.update(**twenty_minutes_pass)
    assert log_in(client, "olga", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_without_cool_off_the_lock_stays_until_lifted(client, colleague, settings):
    settings.AXES_COOLOFF_TIME = None
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=30))
    response = log_in(client, "olga", PASSWORD)
    assertContains(response, "Блокировка действует, пока её не снимет администратор", status_code=429)
    assert "Retry-After" not in response


@pytest.mark.django_db
def test_a_successful_login_forgets_earlier_failures(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "olga", PASSWORD).status_code == 302
    client.post(reverse("admin:logout"))
    assert fail(client, "olga", settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    assert log_in(client, "olga", PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "command",
    [
        ["axes_reset_username", "olga"],
        ["axes_reset_ip_username", "127.0.0.1", "olga"],
        ["axes_reset_ip", "127.0.0.1"],
        ["axes_reset"],
    ],
)
def test_a_management_command_lifts_the_lock(client, colleague, settings, command):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    call_command(*command, stdout=io.StringIO())
    assert log_in(client, "olga", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_administrator_lifts_the_lock_in_the_admin(client, colleague, settings):
    fail(client, "olga", settings.AXES_FAILURE_LIMIT)
    admin_client = Client()
    admin_client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:axes_accessattempt_changelist")

    locked = admin_client.get(changelist, {"locked_out": "yes"})
    assertContains(locked, "olga")
    attempt = AccessAttempt.objects.get(username="olga")
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )

    assert not AccessAttempt.objects.exists()
    assert log_in(client, "olga", PASSWORD).status_code == 302


def test_editors_cannot_see_or_lift_locks(editor_client):
    assert editor_client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.django_db
def test_without_a_proxy_a_forged_forwarded_address_does_not_escape_the_lock(client, colleague, settings):
    settings.BEHIND_PROXY = False
    fail(client, "olga", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="192.0.2.1")
    response = log_in(client, "olga", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_lock_follows_the_address_the_proxy_saw(client, colleague, settings):
    settings.BEHIND_PROXY = True
    # The proxy appends the address it saw; what comes before it is the client's own claim.
    attacker = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.20, 203.0.113.7"}
    fail(client, "olga", settings.AXES_FAILURE_LIMIT, **attacker)

    assert log_in(client, "olga", PASSWORD, **attacker).status_code == 429
    office = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert log_in(Client(), "olga", PASSWORD, **office).status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_the_test_clients_login_still_works(client, colleague):
    assert not client.login(username="olga", password="wrong password")
    assert client.login(username="olga", password=PASSWORD)
    assert is_logged_in(client)


# --- Forwarded headers ---


@pytest.mark.django_db
def test_a_client_claiming_https_does_not_change_the_portals_links(client):
    response = client.get(reverse("robots_txt"), headers={"x-forwarded-proto": "https"})
    assertContains(response, "Sitemap: http://testserver/sitemap.xml")


# --- Permissions-Policy ---


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ru/", "/ru/admin/login/", "/ru/no-such-page/"])
def test_powerful_browser_features_are_switched_off_everywhere(client, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    policy = {item.strip() for item in response["Permissions-Policy"].split(",")}
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth"]:
        assert f"{feature}=()" in policy
