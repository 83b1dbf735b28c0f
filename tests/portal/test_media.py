"""Uploaded files in development: pictures only, each with its own type and nosniff."""

from pathlib import Path

import pytest
from django.conf import settings

from portal.site.media import media_urlpatterns
from tests.factories import PartnerFactory, image_bytes, image_file

pytestmark = pytest.mark.urls("tests.portal.media_urls")

SCRIPT = b"<script>alert(document.cookie)</script>"


def put(name, content):
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"{settings.MEDIA_URL}{name}"


def body(response):
    return b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("name", "content_type", "format"),
    [
        ("photo.jpg", "image/jpeg", "JPEG"),
        ("photo.JPEG", "image/jpeg", "JPEG"),
        ("logo.png", "image/png", "PNG"),
        ("renditions/ab/cd/photo.webp", "image/webp", "WEBP"),
    ],
)
def test_pictures_are_served_with_their_type_and_nosniff(client, name, content_type, format):
    content = image_bytes(8, 8, format=format)
    response = client.get(put(name, content))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == content


@pytest.mark.parametrize(
    "name",
    [
        "page.html",
        "page.htm",
        "drawing.svg",
        "agreements/contract.pdf",
        "script.js",
        "notes.txt",
        "no-extension",
        "photo.jpg.html",
    ],
)
def test_anything_else_under_media_root_is_not_found(client, name):
    response = client.get(put(name, SCRIPT))
    assert response.status_code == 404
    assert SCRIPT not in response.content


def test_an_html_page_named_like_a_picture_is_sent_as_a_picture_never_as_a_page(client):
    response = client.get(put("photo.jpg", b"<html>" + SCRIPT))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_uploaded_logo_is_served(client, db):
    partner = PartnerFactory(logo=image_file("logo.png", width=32, height=32, format="PNG"))
    response = client.get(partner.logo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


@pytest.mark.parametrize("path", ["missing.jpg", "renditions/"])
def test_missing_files_and_folders_are_not_found(client, path):
    assert client.get(f"{settings.MEDIA_URL}{path}").status_code == 404


def test_a_picture_outside_media_root_is_not_served(client):
    put("photo.jpg", image_bytes(8, 8))
    outside = Path(settings.MEDIA_ROOT).parent / "secret.jpg"
    outside.write_bytes(image_bytes(8, 8))
    response = client.get(f"{settings.MEDIA_URL}../secret.jpg")
    assert response.status_code in (400, 404)


def test_no_route_when_media_live_on_another_host(settings):
    settings.MEDIA_URL = "https://media.iro.example/"
    assert media_urlpatterns() == []
