"""Uploads on an S3-compatible object storage, tried against a real S3 server on this machine.

moto's standalone server (``moto_server``, from requirements-dev.txt) runs as a subprocess and
answers over HTTP like any S3-compatible store: it refuses anonymous reads of objects that are not
public. The portal is pointed at it with the same settings ``MEDIA_STORAGE_URL`` and
``PRIVATE_STORAGE_URL`` give (``portal.core.storage_urls``).
"""

import io
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

import boto3
import pytest
import sorl.thumbnail.default
import sorl.thumbnail.images
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty
from PIL import ExifTags, Image

from news.models import Post, Status
from partners.models import Agreement
from portal.core.storage_urls import object_storages
from tests.factories import AgreementFactory, PostFactory, image_bytes, iro_editor, pdf_bytes, pdf_file
from tests.forms import form_data, new_post_form

pytestmark = pytest.mark.django_db

MOTO_SERVER = Path(sys.executable).parent / "moto_server"
KEYS = "testing:testing"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A local S3 server for this module, stopped afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def _forget_rendition_storage():
    # sorl-thumbnail keeps the renditions' storage from its first use, twice; the settings change under it.
    sorl.thumbnail.default.storage._wrapped = empty
    sorl.thumbnail.images.get_or_create_storage.cache_clear()


@pytest.fixture
def buckets(settings, s3_endpoint):
    """Fresh public and private buckets, and the portal's storages pointed at them."""
    name = uuid.uuid4().hex[:12]
    media, private = f"media-{name}", f"private-{name}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="ru-central1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    for bucket in (media, private):
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "ru-central1"})
    query = f"endpoint_url={s3_endpoint}&region=ru-central1"
    entries, media_url = object_storages(
        f"s3://{KEYS}@{media}/site?{query}&default_acl=public-read",
        f"s3://{KEYS}@{private}/documents?{query}",
    )
    settings.STORAGES = {**settings.STORAGES, **entries}
    settings.MEDIA_URL = media_url
    _forget_rendition_storage()
    yield SimpleNamespace(
        client=client, endpoint=s3_endpoint, media=media, private=private, media_url=media_url
    )
    _forget_rendition_storage()


def anonymous_get(url):
    """Status and body of a plain GET, as a browser without credentials sends it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def photo_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    return image_bytes(2000, 1200, exif=exif.tobytes())


def test_the_media_address_is_the_buckets_without_a_signature(buckets):
    assert buckets.media_url == f"{buckets.endpoint}/{buckets.media}/site/"


def test_a_cover_uploaded_in_the_admin_is_stored_in_the_bucket_and_shown_with_renditions(
    publisher_client, buckets
):
    data = form_data(publisher_client.get(reverse("admin:news_post_add")), "post_form")
    data.update(
        new_post_form(
            title_ru="Обложка в облаке",
            title_en="A cover in the cloud",
            lead_ru="Анонс.",
            lead_en="Lead.",
            body_ru="<p>Текст.</p>",
            body_en="<p>Text.</p>",
            cover_alt_ru="Кампус",
            cover_alt_en="The campus",
            status=Status.PUBLISHED,
            published_at_0="2020-01-15",
            cover_image=SimpleUploadedFile("campus.jpg", photo_with_gps(), content_type="image/jpeg"),
        )
    )
    response = publisher_client.post(reverse("admin:news_post_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(title_en="A cover in the cloud")

    # In the bucket under the prefix, without the GPS position; readable by anyone at its plain address.
    stored = buckets.client.get_object(Bucket=buckets.media, Key=f"site/{post.cover_image.name}")
    assert stored["ContentType"] == "image/jpeg"
    with Image.open(io.BytesIO(stored["Body"].read())) as original:
        assert not original.getexif()
    assert post.cover_image.url == f"{buckets.media_url}{post.cover_image.name}"
    assert anonymous_get(post.cover_image.url)[0] == 200

    # The public page shows renditions made and stored in the bucket, each readable by anyone.
    page = Client().get(post.get_absolute_url()).content.decode()
    renditions = set(re.findall(rf"{re.escape(buckets.media_url)}renditions/[^\s\"]+", page))
    assert len(renditions) >= 2, page
    for url in renditions:
        assert "Signature" not in url and "X-Amz" not in url
        status, body = anonymous_get(url)
        assert status == 200, url
        with Image.open(io.BytesIO(body)) as rendition:
            assert rendition.format in ("JPEG", "WEBP")
            assert rendition.width <= 1600


def test_a_private_document_is_unreadable_in_the_bucket_but_an_allowed_user_gets_it(client, buckets):
    agreement = AgreementFactory(document=pdf_file(), is_public=False)
    key = f"documents/{agreement.document.name}"
    assert buckets.client.get_object(Bucket=buckets.private, Key=key)["Body"].read() == pdf_bytes()

    # No address of the store gives it to anyone without the keys, and the portal makes none.
    assert anonymous_get(f"{buckets.endpoint}/{buckets.private}/{key}")[0] == 403
    grants = buckets.client.get_object_acl(Bucket=buckets.private, Key=key)["Grants"]
    assert not [grant for grant in grants if "AllUsers" in grant["Grantee"].get("URI", "")]
    with pytest.raises(ValueError):
        agreement.document.storage.url(agreement.document.name)

    url = reverse("partners:agreement_document", kwargs={"pk": agreement.pk})
    assert client.get(url).status_code == 404

    client.force_login(iro_editor())
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]

    # Gone from the store: a 404, not a 500.
    buckets.client.delete_object(Bucket=buckets.private, Key=key)
    assert client.get(url).status_code == 404


def test_deleting_an_agreement_removes_its_document_from_the_bucket(
    buckets, django_capture_on_commit_callbacks
):
    agreement = AgreementFactory(document=pdf_file())
    key = f"documents/{agreement.document.name}"
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=agreement.pk).delete()
    listed = buckets.client.list_objects_v2(Bucket=buckets.private, Prefix=key)
    assert listed["KeyCount"] == 0


def test_a_rich_text_picture_goes_to_the_bucket_and_stays_in_the_text(editor_client, buckets):
    upload = SimpleUploadedFile("photo.jpg", image_bytes(400, 300), content_type="image/jpeg")
    response = editor_client.post(
        reverse("rich_text_image_upload"), {"image": upload}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 201
    url = response.json()["url"]
    assert url.startswith(f"{buckets.media_url}rich-text/")
    assert anonymous_get(url)[0] == 200

    post = PostFactory(body_en=f'<p><img src="{url}" alt="Photo"></p>')
    post.refresh_from_db()
    assert f'src="{url}"' in post.body_en
