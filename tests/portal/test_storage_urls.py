"""MEDIA_STORAGE_URL and PRIVATE_STORAGE_URL: what an administrator writes, what the portal makes of it."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.core.storage_urls import object_storages, private_storage, public_storage

YANDEX = "endpoint_url=https://storage.yandexcloud.net&region=ru-central1"


def test_yandex_object_storage_with_keys_from_the_environment():
    options, media_url = public_storage(f"s3://iro-media/portal?{YANDEX}")

    assert media_url == "https://storage.yandexcloud.net/iro-media/portal/"
    assert options["bucket_name"] == "iro-media"
    assert options["location"] == "portal"
    assert options["endpoint_url"] == "https://storage.yandexcloud.net"
    assert options["region_name"] == "ru-central1"
    assert options["querystring_auth"] is False
    assert "access_key" not in options  # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY


def test_keys_in_the_url_and_a_cdn_in_front():
    options, media_url = public_storage("s3://AKIA%2Fx:se%2Bcret@media?custom_domain=media.iro.example.edu")

    assert (options["access_key"], options["secret_key"]) == ("AKIA/x", "se+cret")
    assert media_url == "https://media.iro.example.edu/"


def test_aws_without_an_endpoint():
    assert public_storage("s3://iro-media/m?region=eu-central-1")[1] == (
        "https://s3.eu-central-1.amazonaws.com/iro-media/m/"
    )


def test_private_documents_are_signed_if_ever_addressed_and_never_public():
    options = private_storage(f"s3://iro-private/agreements?{YANDEX}")
    assert options["querystring_auth"] is True
    assert options["querystring_expire"] == 60
    assert "default_acl" not in options
    with pytest.raises(ImproperlyConfigured, match="public-read"):
        private_storage("s3://iro-private?default_acl=public-read")


@pytest.mark.parametrize(
    ("media", "private", "refused"),
    [
        ("s3://one/media", "s3://one/media", True),
        ("s3://one/media", "s3://one/media/private", True),
        ("s3://one", "s3://one/private", True),
        ("s3://one/media", "s3://one/private", False),
        ("s3://one/media", "s3://two/media", False),
    ],
)
def test_private_documents_never_share_the_public_prefix(media, private, refused):
    if refused:
        with pytest.raises(ImproperlyConfigured, match="PRIVATE_STORAGE_URL"):
            object_storages(media, private)
    else:
        assert set(object_storages(media, private)[0]) == {"default", "renditions", "private"}


@pytest.mark.parametrize(
    "url",
    [
        "https://storage.yandexcloud.net/bucket",
        "s3:///prefix",
        "s3://bucket?endpoint=x",
        "s3://b?endpoint_url=ftp://x",
    ],
)
def test_a_mistyped_url_stops_the_portal_with_a_message(url):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE_URL"):
        public_storage(url)


def test_without_urls_nothing_changes():
    assert object_storages("", "") == ({}, None)
