"""Uploaded images: what is accepted, what is kept of it, and what visitors are sent."""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image, ImageCms
from sorl.thumbnail.base import ThumbnailBackend

from news.models import Event, Post
from partners.models import Partner
from portal.core.images.renditions import RenditionEngine
from portal.core.images.validation import ImageFormField, max_bytes, max_pixels, validate_image_upload
from tests.factories import EventFactory, PartnerFactory, PostFactory, image_bytes, image_file

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.DOTALL)


@pytest.fixture(autouse=True)
def _fresh_renditions():
    # sorl's cache outlives each test's database and media folder.
    caches["renditions"].clear()
    yield
    caches["renditions"].clear()


def upload(data, name="photo.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def refusal(data, name="photo.jpg"):
    """The code and the (English) messages ``data`` is refused with."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(upload(data, name))
        return caught.value.code, caught.value.messages


def blank_png(width, height):
    """A picture with many pixels in a small file: a blank PNG compresses about a thousand times."""
    return image_bytes(width, height, format="PNG", mode="1", color=0)


def exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = 6  # shot holding the phone upright: rotate 90° to show
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (59.0, 56.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (30.0, 18.0, 36.0),
    }
    return exif


def stored_image(field_file):
    with field_file.storage.open(field_file.name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


class Pictures(HTMLParser):
    """The <source>, <img> and og:image of a page."""

    def __init__(self, html):
        super().__init__()
        self.sources, self.images, self.og_images = [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "source":
            self.sources.append(attrs)
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "meta" and attrs.get("property") == "og:image":
            self.og_images.append(attrs["content"])


def srcset(attrs):
    """``{width: url}`` from a srcset attribute."""
    entries = [entry.strip().rsplit(" ", 1) for entry in attrs["srcset"].split(",")]
    return {int(descriptor.removesuffix("w")): url for url, descriptor in entries}


def rendition(url):
    name = url.removeprefix("/media/")
    with storages["renditions"].open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
        return image


# Validation -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_", "name"), [("JPEG", "photo.jpg"), ("PNG", "diagram.png"), ("WEBP", "photo.webp")]
)
def test_jpeg_png_and_webp_are_accepted(format_, name):
    validate_image_upload(upload(image_bytes(640, 480, format=format_), name))


@pytest.mark.parametrize(
    "data",
    [b"Just some notes, not a picture.\n" * 20, b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"],
    ids=["text", "pdf"],
)
def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(data):
    code, messages = refusal(data, "photo.jpg")
    assert code == "not_an_image"
    assert messages == ["This file is not a picture. Upload a JPEG, PNG or WebP image."]


def test_a_gif_renamed_to_jpg_is_refused_by_its_real_format():
    code, messages = refusal(image_bytes(64, 64, format="GIF"), "photo.jpg")
    assert code == "format"
    assert messages == ["GIF images are not accepted. Upload a JPEG, PNG or WebP image."]


def test_an_animated_picture_is_refused():
    frames = [Image.new("RGB", (64, 64), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    assert refusal(buffer.getvalue(), "animation.png")[0] == "animated"


def test_the_size_limit_is_10_mb_by_default_and_named_in_the_message(settings):
    del settings.IMAGE_UPLOAD_MAX_BYTES
    assert max_bytes() == 10 * 1024 * 1024
    settings.IMAGE_UPLOAD_MAX_BYTES = 50_000
    noise = io.BytesIO()
    Image.effect_noise((400, 400), 64).save(noise, "PNG")
    assert len(noise.getvalue()) > 50_000
    code, messages = refusal(noise.getvalue(), "big.png")
    assert code == "too_large"
    with translation.override("en"):
        assert f"may be at most {filesizeformat(50_000)}." in messages[0]


def test_too_many_pixels_are_refused_from_the_header_before_decoding():
    bomb = blank_png(8000, 6000)  # 48 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    assert max_pixels() == 40_000_000
    code, messages = refusal(bomb, "bomb.png")
    assert code == "too_many_pixels"
    assert messages == [
        "The image is 8000 × 6000 pixels (48 megapixels); the limit is 40 megapixels. "
        "Reduce it and upload it again."
    ]


def test_pillows_decompression_bomb_warning_is_treated_as_an_error(settings):
    # A limit above Pillow's own is capped: between Pillow's limit and twice that, Pillow only warns.
    settings.IMAGE_UPLOAD_MAX_PIXELS = 500_000_000
    assert max_pixels() == Image.MAX_IMAGE_PIXELS
    code, messages = refusal(blank_png(10_000, 10_000), "bomb.png")
    assert code == "bomb"
    assert "more pixels than the limit of 89.5 megapixels" in messages[0]


def test_a_bomb_gets_the_clear_message_in_an_admin_form_too():
    bomb = upload(blank_png(20_000, 10_000), "bomb.png")  # beyond twice Pillow's limit
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        ImageFormField().clean(bomb)
    assert caught.value.code == "bomb"
    with translation.override("en"):
        assert "more pixels than the limit of 40 megapixels" in caught.value.messages[0]


@pytest.mark.parametrize("format_", ["JPEG", "PNG"])
def test_a_truncated_picture_is_refused(format_):
    # Noise, so that the cut falls in the middle of the pixel data.
    whole = io.BytesIO()
    Image.effect_noise((600, 400), 64).convert("RGB").save(whole, format_)
    data = whole.getvalue()
    code, messages = refusal(data[: len(data) * 2 // 3], "photo.jpg")
    assert code == "damaged"
    assert "damaged or incomplete" in messages[0]


def test_model_validation_runs_the_validator_on_every_image_field():
    gif = SimpleUploadedFile("logo.jpg", image_bytes(64, 64, format="GIF"))
    for model, field in [(Post, "cover_image"), (Event, "cover_image"), (Partner, "logo")]:
        validators = model._meta.get_field(field).validators
        assert validate_image_upload in validators
    partner = PartnerFactory.build(logo=gif)
    with pytest.raises(ValidationError) as caught:
        partner.full_clean()
    assert "logo" in caught.value.message_dict


def test_a_stored_file_is_not_decoded_again_at_every_save():
    post = PostFactory(cover_image=image_file(), cover_alt_ru="Обложка", cover_alt_en="Cover")
    post = Post.objects.get(pk=post.pk)
    default_storage.delete(post.cover_image.name)  # would fail if it were read
    validate_image_upload(post.cover_image)


# Alt text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", [PostFactory, EventFactory])
def test_a_cover_image_needs_a_description_in_both_languages(factory):
    item = factory.build(cover_image=image_file(), cover_alt_ru="", cover_alt_en="  ")
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert set(caught.value.message_dict) == {"cover_alt_ru", "cover_alt_en"}
    with translation.override("en"):
        assert caught.value.message_dict["cover_alt_en"] == [
            "Describe the picture in English too, for visitors who cannot see it."
        ]

    item.cover_alt_ru = "Участники форума"
    with pytest.raises(ValidationError) as caught:
        item.clean()
    assert set(caught.value.message_dict) == {"cover_alt_en"}

    item.cover_alt_en = "Forum participants"
    item.clean()


@pytest.mark.parametrize("factory", [PostFactory, EventFactory])
def test_no_description_is_needed_without_a_cover_image(factory):
    factory.build(cover_alt_ru="", cover_alt_en="").clean()


# Metadata ---------------------------------------------------------------------------------------


def test_exif_and_gps_are_removed_on_save_and_the_orientation_applied():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = image_bytes(
        400, 200, exif=exif_with_gps(), icc_profile=icc, comment=b"shot at home", xmp=b"<x:xmpmeta/>"
    )
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    validate_image_upload(upload(data))

    post = PostFactory(
        cover_image=ContentFile(data, name="visit.jpg"), cover_alt_ru="Визит", cover_alt_en="Visit"
    )

    stored = stored_image(Post.objects.get(pk=post.pk).cover_image)
    assert stored.format == "JPEG"
    assert not stored.getexif()
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info)
    assert stored.size == (200, 400)  # turned upright, since the orientation tag is gone
    raw = default_storage.open(post.cover_image.name).read()
    assert b"PhoneMaker" not in raw
    assert b"shot at home" not in raw


@pytest.mark.parametrize("format_", ["PNG", "WEBP"])
def test_png_and_webp_metadata_is_removed_too(format_):
    data = image_bytes(300, 200, format=format_, mode="RGBA", color=(0, 0, 0, 0), exif=exif_with_gps())
    partner = PartnerFactory(logo=ContentFile(data, name=f"logo.{format_.lower()}"))
    stored = stored_image(partner.logo)
    assert stored.format == format_
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert stored.mode == "RGBA"  # transparency kept for logos


def test_a_png_sent_as_jpg_is_stored_under_its_real_extension():
    partner = PartnerFactory(logo=ContentFile(image_bytes(64, 64, format="PNG"), name="logo.jpg"))
    assert partner.logo.name.endswith(".png")
    assert stored_image(partner.logo).format == "PNG"


def test_other_files_pass_through_the_storage_untouched():
    name = default_storage.save("agreements/text.pdf", ContentFile(b"%PDF-1.4 not an image"))
    assert default_storage.open(name).read() == b"%PDF-1.4 not an image"


# Renditions -------------------------------------------------------------------------------------


def test_the_post_page_sends_webp_and_jpeg_renditions_never_the_original(client):
    post = PostFactory(
        cover_image=image_file("cover.jpg", width=2400, height=1200),
        cover_alt_ru="Делегация у главного здания",
        cover_alt_en="The delegation at the main building",
    )
    response = client.get(post.get_absolute_url())
    html = response.content.decode()
    page = Pictures(html)

    (webp,) = [source for source in page.sources if source["type"] == "image/webp"]
    (img,) = [img for img in page.images if img.get("alt") == "Делегация у главного здания"]
    assert sorted(srcset(webp)) == sorted(srcset(img)) == [480, 960, 1600]
    for width, url in srcset(webp).items():
        assert url.endswith(".webp")
        assert (rendition(url).format, rendition(url).width) == ("WEBP", width)
    for width, url in srcset(img).items():
        assert url.endswith(".jpg")
        assert (rendition(url).format, rendition(url).width) == ("JPEG", width)
    assert img["src"] in srcset(img).values()
    assert (img["width"], img["height"]) == ("1600", "800")
    # The cover is the page's largest picture: it loads at once; the rest of the page's pictures wait.
    assert img["loading"] == "eager"
    assert webp["sizes"] == img["sizes"]
    # Link previews and structured data get a rendition too: the original is nowhere in the page.
    assert page.og_images == [f"http://testserver{srcset(img)[1600]}"]
    assert post.cover_image.url not in html


def test_no_rendition_is_wider_than_the_original(client):
    post = PostFactory(
        cover_image=image_file("small.jpg", width=700, height=500), cover_alt_ru="Фото", cover_alt_en="Photo"
    )
    page = Pictures(client.get(post.get_absolute_url()).content.decode())
    (webp,) = page.sources
    (img,) = [img for img in page.images if img.get("alt") == "Фото"]
    assert sorted(srcset(webp)) == sorted(srcset(img)) == [480, 700]
    assert post.cover_image.url not in {*srcset(img).values(), img["src"]}


def test_event_page_and_partner_profile_use_renditions(client):
    event = EventFactory(
        cover_image=image_file(width=1000, height=600), cover_alt_ru="Зал", cover_alt_en="The hall"
    )
    partner = PartnerFactory(
        logo=ContentFile(image_bytes(800, 800, format="PNG", mode="RGBA", color=(0, 0, 0, 0)), name="l.png")
    )
    event_page = Pictures(client.get(event.get_absolute_url()).content.decode())
    assert sorted(srcset(event_page.sources[0])) == [480, 960, 1000]

    partner_page = Pictures(client.get(partner.get_absolute_url()).content.decode())
    (logo,) = [img for img in partner_page.images if "partner-logo" in img.get("class", "")]
    assert sorted(srcset(logo)) == [160, 320, 480]  # a logo is shown small
    assert partner.name in logo["alt"]
    assert partner.logo.url not in {*srcset(logo).values(), *partner_page.og_images}
    # The JPEG fallback of a transparent logo is white underneath, not black.
    assert rendition(srcset(logo)[160]).convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_the_post_card_shows_a_small_rendition_only_when_there_is_a_cover(client):
    with_cover = PostFactory(
        cover_image=image_file(width=1200, height=800), cover_alt_ru="Обложка", cover_alt_en="Cover"
    )
    without = PostFactory()
    html = client.get(reverse("news:list")).content.decode()
    assert html.count("post-card--cover") == 1
    assert with_cover.cover_image.url not in html
    assert str(without.title) in html


def test_a_jpeg_rendition_decodes_the_original_only_as_finely_as_needed():
    engine = RenditionEngine()
    original = Image.open(io.BytesIO(image_bytes(4000, 3000)))
    rendition = engine.create(original, (480, 360), {**ThumbnailBackend.default_options, "format": "JPEG"})
    assert original.size == (500, 375)  # decoded at 1/8 scale, still larger than the rendition
    assert rendition.size == (480, 360)


def test_pictures_add_no_query_to_a_list_page_once_their_renditions_exist(client):
    posts = PostFactory.create_batch(8)
    url = reverse("news:list")
    client.get(url)
    with CaptureQueriesContext(connection) as without_pictures:
        client.get(url)

    for post in posts:
        post.cover_image = image_file(f"cover-{post.pk}.jpg", width=1200, height=800)
        post.cover_alt_ru, post.cover_alt_en = "Обложка", "Cover"
        post.save()
    client.get(url)  # the first visit makes the renditions
    with CaptureQueriesContext(connection) as with_pictures:
        html = client.get(url).content.decode()

    assert html.count("<picture>") == 8
    assert len(with_pictures) == len(without_pictures)


def test_covers_are_kept_in_a_folder_per_kind_of_item():
    data = image_bytes(300, 200)
    post = PostFactory(cover_image=ContentFile(data, name="visit.jpg"), cover_alt_ru="В", cover_alt_en="V")
    event = EventFactory(cover_image=ContentFile(data, name="forum.jpg"), cover_alt_ru="Ф", cover_alt_en="F")
    assert post.cover_image.name.startswith("news/visit")
    assert event.cover_image.name.startswith("events/forum")
