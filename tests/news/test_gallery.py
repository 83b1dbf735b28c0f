"""A news post's gallery: ordered pictures with captions in both languages."""

import re

import pytest
from django.contrib import admin
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation

from news.admin_gallery import PostImageInline
from news.models import Post, PostImage
from tests.factories import PostFactory, PostImageFactory, UserFactory, image_bytes, image_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_renditions():
    # sorl's cache outlives each test's database and media folder.
    caches["renditions"].clear()
    yield
    caches["renditions"].clear()


def gallery(html):
    """The gallery section of a post page."""
    match = re.search(r'<section class="gallery".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


def figures(html):
    """(alt, caption, caption's lang) of each gallery figure, in page order."""
    return re.findall(
        r'<figure>.*?alt="([^"]*)".*?(?:<figcaption lang="(\w+)">([^<]*)</figcaption>)?\s*</figure>',
        gallery(html),
        re.DOTALL,
    )


def page(post, lang):
    with translation.override(lang):
        return Client().get(post.get_absolute_url()).content.decode()


def test_the_gallery_shows_pictures_in_order_with_captions_in_the_visitors_language():
    post = PostFactory()
    for position, name in [(2, "third"), (0, "first"), (1, "second")]:
        PostImageFactory(
            post=post,
            position=position,
            alt_en=f"{name} picture",
            alt_ru=f"снимок: {name}",
            caption_en=f"The {name} caption",
            caption_ru=f"Подпись: {name}",
        )

    assert figures(page(post, "en")) == [
        ("first picture", "en", "The first caption"),
        ("second picture", "en", "The second caption"),
        ("third picture", "en", "The third caption"),
    ]
    assert [caption for _alt, _lang, caption in figures(page(post, "ru"))] == [
        "Подпись: first",
        "Подпись: second",
        "Подпись: third",
    ]


def test_a_caption_missing_in_one_language_falls_back_to_the_other_marked_with_its_language():
    post = PostFactory()
    PostImageFactory(post=post, caption_en="", caption_ru="Подпись только по-русски")
    PostImageFactory(post=post, caption_en="", caption_ru="")

    english = page(post, "en")
    assert figures(english)[0][1:] == ("ru", "Подпись только по-русски")
    assert english.count("<figcaption") == 1  # no empty caption


def test_each_gallery_picture_is_a_figure_of_renditions():
    post = PostFactory()
    picture = PostImageFactory(post=post, image=image_file("gallery.jpg", width=1800, height=1200))
    html = gallery(page(post, "en"))

    assert 'aria-labelledby="post-gallery"' in html
    assert '<source type="image/webp"' in html
    assert picture.image.url not in html
    assert re.search(r"\.webp 480w, \S+\.webp 960w, \S+\.webp 1600w", html)


def test_no_gallery_section_without_pictures():
    assert gallery(page(PostFactory(), "en")) == ""


def test_a_gallery_picture_needs_a_description_in_both_languages():
    image = PostImageFactory.build(post=PostFactory(), alt_ru="Делегаты", alt_en="")
    with pytest.raises(ValidationError) as caught:
        image.clean()
    assert set(caught.value.message_dict) == {"alt_en"}


# The admin inline (the lead adds it to PostAdmin.inlines) -----------------------------------------


def admin_request(method="post"):
    request = getattr(RequestFactory(), method)("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def inline_formset(post, rows):
    request = admin_request()
    inline = PostImageInline(Post, admin.site)
    formset_class = inline.get_formset(request, post)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    files = {}
    for index, (upload, fields) in enumerate(rows):
        files[f"{prefix}-{index}-image"] = upload
        data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return formset_class(data, files, instance=post, prefix=prefix)


def jpeg_upload(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def test_the_inline_edits_position_picture_and_both_languages_with_a_preview():
    inline = PostImageInline(Post, admin.site)
    request = admin_request("get")
    form = inline.get_formset(request, PostFactory()).form
    assert list(form.base_fields) == ["position", "image", "alt_ru", "alt_en", "caption_ru", "caption_en"]
    assert "preview" in inline.get_readonly_fields(request)
    picture = PostImageFactory()
    assert f'src="{picture.image.url}"' in inline.preview(picture)


def test_the_inline_saves_a_described_gallery_in_order():
    post = PostFactory()
    described = {
        "alt_ru": "Делегаты",
        "alt_en": "Delegates",
        "caption_ru": "Подпись",
        "caption_en": "Caption",
    }
    formset = inline_formset(
        post,
        [
            (jpeg_upload("b.jpg"), {**described, "position": "2"}),
            (jpeg_upload("a.jpg"), {**described, "position": "1"}),
        ],
    )
    assert formset.is_valid(), formset.errors
    formset.save()
    assert [image.position for image in post.images.all()] == [1, 2]
    assert PostImage.objects.filter(post=post, alt_en="Delegates", caption_ru="Подпись").count() == 2


def test_the_inline_refuses_a_picture_without_an_english_description():
    formset = inline_formset(
        PostFactory(), [(jpeg_upload(), {"alt_ru": "Делегаты", "alt_en": "", "position": "0"})]
    )
    assert not formset.is_valid()
    assert list(formset.errors[0]) == ["alt_en"]


def test_the_inline_names_the_limit_when_it_refuses_a_decompression_bomb():
    bomb = SimpleUploadedFile("bomb.png", image_bytes(20_000, 10_000, format="PNG", mode="1", color=0))
    formset = inline_formset(PostFactory(), [(bomb, {"alt_ru": "Бомба", "alt_en": "Bomb", "position": "0"})])
    with translation.override("en"):
        assert not formset.is_valid()
        assert "limit of 40 megapixels" in formset.errors[0]["image"][0]
