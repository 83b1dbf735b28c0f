"""What reaches the log and ADMINS: a client's error is one line, a server error a traceback and mail."""

import io
import logging

import pytest
from django.core import mail
from django.test import Client


@pytest.fixture
def log_output():
    """What the portal's console handler writes, i.e. what ends up in the server's log."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Ops", "ops@example.edu"), ("", "b@example.edu")]
    return settings.ADMINS


@pytest.mark.django_db
def test_a_bad_host_header_is_one_line_per_request_and_no_mail(client, log_output, admins):
    for _request in range(3):
        assert client.get("/ru/", HTTP_HOST="evil.example").status_code == 400

    lines = log_output.getvalue().splitlines()
    assert len(lines) == 3
    assert all("Invalid HTTP_HOST header: 'evil.example'" in line for line in lines)
    assert "Traceback" not in log_output.getvalue()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_missing_page_is_one_line(client, log_output, admins):
    assert client.get("/ru/no-such-page/").status_code == 404
    assert log_output.getvalue().count("\n") == 1
    assert "Not Found: /ru/no-such-page/" in log_output.getvalue()
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.urls_with_errors")
def test_a_suspicious_request_is_one_line_even_with_line_breaks_of_its_own(client, log_output, admins):
    response = client.get("/suspicious/", {"name": "../x\n2026-01-01 ERROR forged: entry"})

    assert response.status_code == 400
    output = log_output.getvalue()
    assert output.count("\n") == 1
    assert "Detected path traversal attempt in '../x\\n2026-01-01 ERROR forged: entry'" in output
    assert "Traceback" not in output
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.urls_with_errors")
def test_a_server_error_is_logged_with_its_traceback_and_mailed_to_admins(log_output, admins):
    response = Client(raise_request_exception=False).get("/broken/")

    assert response.status_code == 500
    output = log_output.getvalue()
    assert "Internal Server Error: /broken/" in output
    assert "Traceback" in output
    assert "RuntimeError: the database is on fire" in output
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.edu", "b@example.edu"]
    assert mail.outbox[0].subject.startswith("[IRO portal] ERROR")
    assert "the database is on fire" in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.urls_with_errors")
def test_without_admins_a_server_error_is_only_logged(log_output, settings):
    settings.ADMINS = []
    assert Client(raise_request_exception=False).get("/broken/").status_code == 500
    assert "Traceback" in log_output.getvalue()
    assert mail.outbox == []
