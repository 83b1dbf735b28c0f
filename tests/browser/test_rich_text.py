"""The rich text editor in the real admin, in a real browser, under the strict Content-Security-Policy.

The office writes with the toolbar (no HTML): headings, lists, links, quotes, and
pictures uploaded from the figure dialog. Visitors get the same elements.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from news.models import Post
from tests.browser.conftest import CSP_LISTENER, CspWatcher
from tests.factories import PostFactory, image_bytes, iro_publisher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def admin_page(page, csp):
    """The page of an IRO publisher logged in through the admin's login form, watched for CSP violations."""
    iro_publisher(username="olga")
    page.goto("/ru/admin/login/")
    page.get_by_label("Имя пользователя").fill("olga")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/ru/admin/$"))
    return page


def assert_no_csp_violations(csp):
    violations = csp.violations()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


class RichText:
    """The rich text editor of one language of a field: its writing area and its toolbar."""

    def __init__(self, page, field, lang):
        self.page = page
        self.tab = page.locator(".ui-tabs", has=page.locator(f"#id_{field}_{lang}")).get_by_role(
            "tab", name=lang, exact=True
        )
        editor = page.locator(".prose-editor", has=page.locator(f"#id_{field}_{lang}"))
        self.area = editor.locator(".ProseMirror[contenteditable=true]")
        self.toolbar = editor.locator(".prose-menubar")
        self.textarea = page.locator(f"#id_{field}_{lang}")
        self.dialog = page.locator("dialog.prose-editor-dialog[open]")

    def start(self):
        self.tab.click()
        expect(self.area).to_be_visible()
        self.area.click()

    def type(self, text):
        self.page.keyboard.type(text)

    def new_paragraph(self):
        self.page.keyboard.press("Enter")

    def button(self, name):
        return self.toolbar.locator(f'button[data-name="{name}"]')

    def heading(self, level):
        self.toolbar.locator(".prose-menubar__selected").click()
        self.toolbar.locator(f'.prose-menubar__option[data-name="heading{level}"]').click()

    def link(self, text, url):
        """Select the paragraph that says ``text`` (a triple click) and make it a link to ``url``."""
        self.area.locator("p", has_text=text).click(click_count=3)
        self.button("link").click()
        self.dialog.locator("input[name=href]").fill(url)
        self.submit_dialog()

    def submit_dialog(self):
        self.dialog.locator("button[type=submit]").click()
        expect(self.dialog).to_have_count(0)
        # Tiptap gives the editor the focus back, and puts back its selection, in the next animation
        # frame: a key pressed before then would act on a selection about to be replaced.
        self.page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )
        expect(self.area).to_be_focused()


def write_the_visit(editor, heading, text, link, items, quote):
    editor.start()
    editor.type(heading)
    editor.heading(2)
    editor.page.keyboard.press("End")
    editor.new_paragraph()
    editor.type(text)
    editor.new_paragraph()
    editor.button("bulletList").click()
    for number, item in enumerate(items):
        if number:
            editor.new_paragraph()
        editor.type(item)
    editor.new_paragraph()
    editor.new_paragraph()  # An empty item ends the list.
    editor.button("blockquote").click()
    editor.type(quote)
    editor.link(text, link)


def test_an_editor_writes_a_post_with_the_toolbar_and_visitors_see_it(admin_page, csp):
    page = admin_page
    page.goto("/ru/admin/news/post/add/")
    page.locator("#id_title_ru").fill("Делегация ХПИ в университете")
    page.locator(".ui-tabs", has=page.locator("#id_title_en")).get_by_role("tab", name="en").click()
    page.locator("#id_title_en").fill("HIT delegation at the university")

    body_ru = RichText(page, "body", "ru")
    write_the_visit(
        body_ru,
        heading="Совместные программы",
        text="Сайт АТУРК",
        link="https://asrtu.ru/",
        items=["Летняя школа", "Стажировки"],
        quote="Мы рады партнёрству.",
    )
    expect(body_ru.textarea).to_have_value(
        "<h2>Совместные программы</h2>"
        '<p><a href="https://asrtu.ru/" title="">Сайт АТУРК</a></p>'
        "<ul><li><p>Летняя школа</p></li><li><p>Стажировки</p></li></ul>"
        "<blockquote><p>Мы рады партнёрству.</p></blockquote>"
    )
    body_en = RichText(page, "body", "en")
    write_the_visit(
        body_en,
        heading="Joint programmes",
        text="ASRTU website",
        link="https://asrtu.ru/en/",
        items=["Summer school", "Internships"],
        quote="We are glad to be partners.",
    )
    expect(body_ru.area).to_be_hidden()
    assert_no_csp_violations(csp)

    page.get_by_label("Статус").select_option(label="Опубликовано")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    # No lead in either language: the publisher is asked to confirm.
    expect(page.locator(".errorlist")).to_contain_text("не заполнено: анонс")
    page.get_by_label("Опубликовать, несмотря на неполный перевод").check()
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text("Делегация ХПИ в университете")
    assert_no_csp_violations(csp)

    post = Post.objects.get()
    # Stored as the editor wrote it, less the link dialog's empty title.
    assert post.body_ru == (
        "<h2>Совместные программы</h2>"
        '<p><a href="https://asrtu.ru/">Сайт АТУРК</a></p>'
        "<ul><li><p>Летняя школа</p></li><li><p>Стажировки</p></li></ul>"
        "<blockquote><p>Мы рады партнёрству.</p></blockquote>"
    )

    for lang, heading, link, items, quote in [
        ("ru", "Совместные программы", "Сайт АТУРК", ["Летняя школа", "Стажировки"], "Мы рады партнёрству."),
        ("en", "Joint programmes", "ASRTU website", ["Summer school", "Internships"], "We are glad"),
    ]:
        page.goto(f"/{lang}/news/{post.slug}/")
        text = page.locator("article .prose")
        expect(text.get_by_role("heading", level=2, name=heading)).to_be_visible()
        expect(text.locator("ul > li")).to_have_text(items)
        expect(text.get_by_role("link", name=link)).to_have_attribute(
            "href", re.compile(r"^https://asrtu\.ru/")
        )
        expect(text.locator("blockquote")).to_contain_text(quote)
        assert_no_csp_violations(csp)


def test_an_editor_uploads_a_picture_into_the_text(admin_page, csp, tmp_path):
    page = admin_page
    picture = tmp_path / "visit.jpg"
    picture.write_bytes(image_bytes(800, 500))
    # The upload window is a page of its own: watch it from its first document.
    page.context.add_init_script(CSP_LISTENER)

    page.goto("/ru/admin/news/post/add/")
    page.locator("#id_title_ru").fill("Фото визита")
    body = RichText(page, "body", "ru")
    body.start()
    body.type("Делегация в лаборатории:")
    body.button("figure").click()
    with page.expect_popup() as popup_info:
        body.dialog.get_by_role("button", name=re.compile("Browse|Обзор")).click()
    upload = popup_info.value
    upload_csp = CspWatcher(upload)
    upload.wait_for_load_state()
    assert_no_csp_violations(upload_csp)
    upload.locator("#id_image").set_input_files(picture)
    upload.locator("#id_alt").fill("Гости у электронного микроскопа")
    upload.locator("#id_caption").fill("В лаборатории наноматериалов")
    with upload.expect_event("close"):
        upload.locator("input[type=submit]").click()
    assert not upload_csp.console, upload_csp.console

    # The window handed the picture back to the figure dialog.
    expect(body.dialog.locator("input[name=imageUrl]")).to_have_value(
        re.compile(rf"^{re.escape(settings.MEDIA_URL)}rich-text/\d{{4}}/\d{{2}}/\w+\.jpg$")
    )
    expect(body.dialog.locator("input[name=altText]")).to_have_value("Гости у электронного микроскопа")
    expect(body.dialog.locator("input[name=caption]")).to_have_value("В лаборатории наноматериалов")
    body.submit_dialog()
    expect(body.area.locator("figure img")).to_be_visible()
    assert_no_csp_violations(csp)

    page.get_by_label("Статус").select_option(label="Опубликовано")
    page.get_by_role("button", name="Сохранить", exact=True).click()
    page.get_by_label("Опубликовать, несмотря на неполный перевод").check()  # Russian only, for now
    page.get_by_role("button", name="Сохранить", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    post = Post.objects.get()
    src = re.search(r'<img src="([^"]+)"', post.body_ru)[1]
    assert (Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)).is_file()
    page.goto(f"/ru/news/{post.slug}/")
    figure = page.locator("article .prose figure")
    expect(figure.locator("img")).to_have_attribute("src", src)
    expect(figure.locator("img")).to_have_attribute("alt", "Гости у электронного микроскопа")
    expect(figure.locator("figcaption")).to_have_text("В лаборатории наноматериалов")


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/ru/admin/news/event/add/", "description"),
        ("/ru/admin/partners/partner/add/", "description"),
        ("/ru/admin/news/post/{pk}/change/", "body"),
    ],
)
def test_the_editor_starts_without_csp_violations(admin_page, csp, url, field):
    post = PostFactory(
        body_ru="<h2>Итоги</h2><ol><li><p>Раз</p></li></ol>"
        f'<figure class="figure"><img src="{settings.MEDIA_URL}rich-text/x.jpg" alt="Фото">'
        "<figcaption>Подпись</figcaption></figure>"
        "<table><tbody><tr><th>Программа</th></tr><tr><td>Магистратура</td></tr></tbody></table>"
    )
    page = admin_page
    page.goto(url.format(pk=post.pk))
    for lang in ("ru", "en"):
        editor = RichText(page, field, lang)
        editor.start()
        page.keyboard.press("Control+End")
        editor.type(" и ещё")
        expect(editor.textarea).to_have_value(re.compile("и ещё"))
    # Tables are drawn with inline styles by some editors: not this one.
    editor.button("table").click()
    editor.submit_dialog()
    expect(editor.area.locator("table")).to_have_count(1)
    assert_no_csp_violations(csp)
