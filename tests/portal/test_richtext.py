"""Rich text: the sanitiser (on every save, not only in forms), picture uploads, the editor's CSP hashes."""

import base64
import hashlib
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Event, Post
from partners.models import Partner
from portal.core import csp
from portal.core.richtext import is_local_url, sanitize_html
from tests.factories import EventFactory, PartnerFactory, PostFactory, UserFactory, image_bytes
from tests.forms import new_post_form

pytestmark = pytest.mark.django_db

# What an attacker (or a careless paste) puts in, and what must not come out of it.
XSS_PAYLOADS = {
    "script": ("<p>Текст</p><script>alert(1)</script>", ["<script", "alert("]),
    "img-onerror": ('<img src=x onerror="alert(1)">', ["onerror", "alert("]),
    "javascript-link": ('<a href="javascript:alert(1)">ссылка</a>', ["javascript:", "alert("]),
    "foreign-iframe": ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil.example"]),
    "svg-onload": ('<svg onload="alert(1)"><circle r="5"></circle></svg>', ["<svg", "onload", "alert("]),
    "style-element": ("<style>body { display: none }</style><p>Текст</p>", ["<style", "display: none"]),
    "style-attribute": ('<p style="position: fixed; inset: 0">Текст</p>', ["style=", "position"]),
    "data-link": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
        ["data:", "base64"],
    ),
    "conditional-comment": (
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]--><p>Текст</p>",
        ["<!--", "[if", "<script", "alert("],
    ),
    "upper-case-script": ("<SCRIPT>alert(1)</SCRIPT>", ["<script", "alert("]),
    "mixed-case-tags": (
        '<ScRiPt>alert(1)</sCrIpT><IMG SRC=x OnErRoR=alert(2)><A HREF="JaVaScRiPt:alert(3)">x</A>',
        ["<script", "onerror", "javascript:", "alert("],
    ),
    "entity-encoded-javascript": (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>'
        '<a href="&#x6A;avascript&colon;alert(2)">y</a><a href="jav&#x09;ascript:alert(3)">z</a>',
        ["javascript", "alert("],
    ),
    "object-embed-form": (
        '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">'
        '<form action="https://evil.example/"><input name="password"></form>',
        ["<object", "<embed", "<form", "<input", "evil.example"],
    ),
    "mutation-xss": (
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
        "</style></mglyph></table></mtext></math>",
        ["onerror", "alert(", "<math", "<style"],
    ),
    "tracking-pixel": ('<img src="https://tracker.example/pixel.gif?u=1" alt="">', ["tracker.example"]),
    "link-target": (
        '<a href="https://asrtu.ru/" target="_blank" onclick="steal()">АТУРК</a>',
        ["target=", "onclick"],
    ),
}


def assert_clean(html, forbidden):
    for text in (html.lower(), unescape(html).lower()):
        for needle in forbidden:
            assert needle.lower() not in text, f"{needle!r} survived: {html!r}"


def legitimate_html():
    """What an editor legitimately makes with the toolbar, exactly as the sanitiser writes it back."""
    picture = f"{settings.MEDIA_URL}rich-text/2026/05/visit.jpg"
    return (
        "<h2>Совместные программы</h2>"
        "<p>Университет и <strong>ХПИ</strong> договорились об <em>обмене</em> студентами, "
        "<u>с 2026 года</u>: H<sub>2</sub>O, м<sup>2</sup>.<br>Новая строка.</p>"
        "<h3>Что дальше</h3><h4>Весной</h4>"
        "<ul><li><p>Летняя школа</p></li><li><p>Стажировки</p></li></ul>"
        '<ol start="3"><li><p>Заявка</p></li><li><p>Отбор</p></li></ol>'
        "<blockquote><p>Мы рады партнёрству.</p></blockquote>"
        '<p><a href="https://asrtu.ru/ru/about?lang=ru&amp;page=2" title="Сайт АТУРК">АТУРК</a> · '
        '<a href="mailto:iro@example.org">iro@example.org</a> · <a href="/ru/partners/">партнёры</a></p>'
        "<hr>"
        f'<figure class="figure"><img src="{picture}" alt="Делегация в лаборатории" width="640" height="480">'
        "<figcaption>Делегация в лаборатории</figcaption></figure>"
        "<table><tbody><tr><th>Программа</th><th>Места</th></tr>"
        '<tr><td colspan="2">Магистратура &lt;очная&gt;</td></tr></tbody></table>'
    )


# Through the models: whoever saves (the admin, an import, the shell), the text is clean.

RICH_TEXT_FIELDS = [
    pytest.param(PostFactory, "body", id="post-body"),
    pytest.param(EventFactory, "description", id="event-description"),
    pytest.param(PartnerFactory, "description", id="partner-description"),
]


@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
@pytest.mark.parametrize(("payload", "forbidden"), XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_saving_removes_dangerous_markup_in_both_languages(factory, field, payload, forbidden):
    obj = factory(**{f"{field}_ru": payload, f"{field}_en": payload})
    obj.refresh_from_db()
    assert_clean(getattr(obj, f"{field}_ru"), forbidden)
    assert_clean(getattr(obj, f"{field}_en"), forbidden)


def test_a_plain_save_cleans_a_post_built_in_code():
    post = Post(title_ru="Визит", body_ru='<p onclick="x()">Текст</p><script>alert(1)</script>')
    post.save()
    assert Post.objects.get(pk=post.pk).body_ru == "<p>Текст</p>"


def test_saving_again_cleans_what_was_slipped_into_the_database():
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(body_en='<p>Text</p><img src="https://evil.example/x.gif">')
    post.refresh_from_db()
    post.save()
    post.refresh_from_db()
    assert post.body_en == "<p>Text</p><img>"


@pytest.mark.parametrize(("factory", "field"), RICH_TEXT_FIELDS)
def test_legitimate_markup_survives_a_save_unchanged(factory, field):
    html = legitimate_html()
    obj = factory(**{f"{field}_ru": html, f"{field}_en": html})
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_ru") == html
    assert getattr(obj, f"{field}_en") == html


def test_an_empty_editor_saves_an_empty_text():
    post = PostFactory(body_ru="<p></p>", body_en="")
    post.refresh_from_db()
    assert post.body_ru == ""


# Pictures in the text come from this site only.


@pytest.mark.parametrize(
    "src",
    [
        "{media}rich-text/2026/05/visit.jpg",
        "{media}news/gallery/photo%20one.webp",
        "/static/portal/favicon.svg",
        "images/local.png",
    ],
)
def test_pictures_from_this_site_are_kept(src):
    src = src.format(media=settings.MEDIA_URL)
    post = PostFactory(body_ru=f'<p><img src="{src}" alt="Фото"></p>')
    post.refresh_from_db()
    assert post.body_ru == f'<p><img src="{src}" alt="Фото"></p>'


@pytest.mark.parametrize(
    "src",
    [
        "https://evil.example/pixel.gif",
        "http://evil.example/pixel.gif",
        "//evil.example/pixel.gif",
        "/\\evil.example/pixel.gif",
        "\\\\evil.example\\pixel.gif",
        "/&#9;/evil.example/pixel.gif",
        "/&#10;/evil.example/pixel.gif",
        " //evil.example/pixel.gif",
        "HTTPS://EVIL.EXAMPLE/pixel.gif",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
        "javascript:alert(1)",
    ],
)
def test_foreign_pictures_and_tracking_pixels_lose_their_address(src):
    post = PostFactory(body_ru=f'<p><img src="{src}" alt="Фото"></p>')
    post.refresh_from_db()
    assert post.body_ru == '<p><img alt="Фото"></p>'


def test_pictures_under_an_absolute_media_url_are_kept(settings):
    settings.MEDIA_URL = "https://media.iro.example/"
    kept = '<img src="https://media.iro.example/rich-text/visit.jpg" alt="">'
    assert sanitize_html(kept) == kept
    assert sanitize_html('<img src="https://media.iro.example.evil.example/x.jpg">') == "<img>"
    assert sanitize_html('<img src="https://evil.example/x.jpg">') == "<img>"


def test_only_images_are_limited_to_this_site():
    assert is_local_url("/media/x.jpg")
    assert not is_local_url("https://asrtu.ru/logo.png")
    link = '<p><a href="https://asrtu.ru/">АТУРК</a></p>'
    assert sanitize_html(link) == link


def test_every_rich_text_field_uses_the_portals_sanitiser():
    """The fields and modeltranslation's copies of them clean with ``sanitize_html``, not a bare allowlist."""
    for model, name in [(Post, "body"), (Event, "description"), (Partner, "description")]:
        for suffix in ("", "_ru", "_en"):
            assert model._meta.get_field(name + suffix).sanitize is sanitize_html


# Through the admin: what the editor's form posts is cleaned the same way.


def test_the_admin_form_removes_every_payload(editor_client):
    payloads = "".join(payload for payload, _forbidden in XSS_PAYLOADS.values())
    response = editor_client.post(
        reverse("admin:news_post_add"),
        new_post_form(title_ru="Визит делегации", body_ru=payloads, body_en=payloads),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get()
    for _payload, forbidden in XSS_PAYLOADS.values():
        assert_clean(post.body_ru, forbidden)
        assert_clean(post.body_en, forbidden)


def test_the_admin_form_keeps_legitimate_markup(editor_client):
    html = legitimate_html()
    response = editor_client.post(
        reverse("admin:news_post_add"),
        new_post_form(title_ru="Визит делегации", body_ru=html, body_en=html),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get()
    assert post.body_ru == html
    assert post.body_en == html


def test_the_public_page_shows_the_cleaned_text(client):
    post = PostFactory(body_ru=legitimate_html() + '<script>alert("x")</script><img src=x onerror=alert(1)>')
    response = client.get(post.get_absolute_url())
    assertContains(response, "<blockquote><p>Мы рады партнёрству.</p></blockquote>")
    assertNotContains(response, "onerror")
    assertNotContains(response, 'alert("x")')


def test_the_editor_offers_the_picture_upload(editor_client):
    response = editor_client.get(reverse("admin:news_post_add"))
    config = escape('"Figure":{"pickerUrl":"/ru/admin/rich-text/images/"}')
    assertContains(response, config, count=2)


# The picture upload behind the figure dialog's "Browse..." button.

UPLOAD_URL = "/ru/admin/rich-text/images/"


def upload(client, content, name="photo.jpg", json=True, query="", **fields):
    return client.post(
        UPLOAD_URL + query,
        {"image": SimpleUploadedFile(name, content), **fields},
        **({"HTTP_ACCEPT": "application/json"} if json else {}),
    )


def stored_path(url):
    assert url.startswith(settings.MEDIA_URL + "rich-text/"), url
    return Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)


def test_the_upload_address_is_under_the_admin():
    assert reverse("rich_text_image_upload") == UPLOAD_URL


def test_visitors_are_sent_to_the_admin_login(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/ru/admin/login/")
    response = client.post(UPLOAD_URL, {"image": SimpleUploadedFile("a.jpg", image_bytes())})
    assert response.status_code == 302
    assert not (Path(settings.MEDIA_ROOT) / "rich-text").exists()


def test_staff_who_edit_no_rich_text_may_not_upload(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, image_bytes()).status_code == 403


def test_the_editor_gets_the_upload_form(editor_client):
    response = editor_client.get(UPLOAD_URL + "?CKEditorFuncNum=-1")
    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'accept="image/jpeg,image/png,image/webp"')
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("format_", "name", "extension"),
    [("JPEG", "photo.jpg", ".jpg"), ("PNG", "scheme.png", ".png"), ("WEBP", "photo.webp", ".webp")],
)
def test_a_real_picture_is_stored_under_media_root(editor_client, format_, name, extension):
    response = upload(editor_client, image_bytes(640, 480, format=format_), name=name)
    assert response.status_code == 201
    path = stored_path(response.json()["url"])
    assert path.suffix == extension
    assert path.is_file()


def test_the_stored_name_comes_from_the_real_format_not_the_upload(editor_client):
    response = upload(editor_client, image_bytes(64, 64, format="PNG"), name="../../evil.jpg")
    path = stored_path(response.json()["url"])
    assert path.suffix == ".png"
    assert "evil" not in path.name


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(b"<script>alert(1)</script>", "photo.jpg", id="html-named-jpg"),
        pytest.param(image_bytes(64, 64, format="GIF"), "photo.gif", id="gif"),
        pytest.param(image_bytes(64, 64, format="BMP"), "photo.jpg", id="bmp-named-jpg"),
        pytest.param(image_bytes(640, 480)[:2000], "cut-off.jpg", id="cut-off-jpeg"),
        pytest.param(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "x.svg", id="svg"),
    ],
)
def test_anything_but_a_complete_jpeg_png_or_webp_is_refused(editor_client, content, name):
    response = upload(editor_client, content, name=name)
    assert response.status_code == 400
    assert "image" in response.json()["errors"]
    assert not (Path(settings.MEDIA_ROOT) / "rich-text").exists()


def test_the_picker_page_hands_the_picture_back_to_the_editor(editor_client):
    response = upload(
        editor_client,
        image_bytes(64, 64),
        json=False,
        query="?CKEditorFuncNum=-3",
        alt='Делегация "ХПИ"',
        caption="В лаборатории",
    )
    assert response.status_code == 200
    url = re.search(r'data-url="([^"]+)"', response.content.decode())[1]
    assert stored_path(url).is_file()
    assertContains(response, 'data-func-num="-3"')
    assertContains(response, 'data-alt="Делегация &quot;ХПИ&quot;"')
    assertContains(response, 'data-caption="В лаборатории"')
    assertContains(response, '<script src="/static/portal/rich-text-image.js" defer></script>')


def test_the_picker_page_takes_only_a_callback_number(editor_client):
    response = upload(editor_client, image_bytes(64, 64), json=False, query="?CKEditorFuncNum=alert(1)")
    assertContains(response, 'data-func-num=""')


def test_a_refused_picture_shows_the_form_again_with_the_reason(editor_client):
    response = upload(editor_client, b"not a picture", name="photo.jpg", json=False)
    assert response.status_code == 400
    assertContains(response, "errornote", status_code=400)
    assertContains(response, 'enctype="multipart/form-data"', status_code=400)


def test_the_upload_page_speaks_the_editors_language(editor_client):
    refused = upload(editor_client, b"not a picture", name="photo.jpg", json=False)
    assertContains(refused, "Исправьте ошибки ниже.", status_code=400)
    assertContains(refused, 'value="Загрузить"', status_code=400)
    uploaded = upload(editor_client, image_bytes(64, 64), json=False, query="?CKEditorFuncNum=-1")
    assertContains(uploaded, "Изображение загружено. Его адрес:")
    english = editor_client.get(UPLOAD_URL.replace("/ru/", "/en/", 1))
    assertContains(english, 'value="Upload"')


# The Content-Security-Policy lets exactly the editor's inline pieces through.


def sha256_source(text):
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def importmap_of(response):
    return re.search(r'<script type="importmap">(.*?)</script>', response.content.decode(), re.DOTALL)[1]


def directive(response, name):
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy[name].split()


@pytest.mark.parametrize("url", ["admin:news_post_add", "admin:news_event_add", "admin:partners_partner_add"])
def test_the_policy_allows_the_editors_import_map_by_its_hash(editor_client, url):
    response = editor_client.get(reverse(url))
    script_src = directive(response, "script-src")
    assert script_src == ["'self'", sha256_source(importmap_of(response))]
    assert directive(response, "style-src") == ["'self'", *csp.editor_style_hashes()]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_the_import_map_hash_follows_the_static_files_urls(editor_client, settings):
    default = importmap_of(editor_client.get(reverse("admin:news_post_add")))
    settings.STATIC_URL = "/assets/"
    response = editor_client.get(reverse("admin:news_post_add"))
    assert "/assets/django_prose_editor/editor.js" in importmap_of(response)
    assert directive(response, "script-src") == ["'self'", sha256_source(importmap_of(response))]
    assert sha256_source(default) not in directive(response, "script-src")


def test_tiptaps_stylesheet_hash_is_found_in_the_editor_bundle():
    (source,) = csp.editor_style_hashes()
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", source)


def test_csp_hash_matches_the_browsers():
    assert csp.csp_hash("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"


def test_public_pages_allow_no_other_inline_code(client):
    response = client.get("/ru/")
    assert directive(response, "script-src") == ["'self'", *csp.importmap_hashes()]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
