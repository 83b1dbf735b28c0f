"""An IRO editor at work in the real admin, in a real browser: login, tabbed translations, autocomplete."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from news.models import Post
from tests.factories import iro_editor, iro_publisher

# The live server needs committed data. The flush after each test also empties what the
# migrations put in the database (the IRO group); serialized_rollback restores it before each test.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct horse battery staple"
NO_TITLE_ERROR = "Заполните это поле хотя бы на одном языке."


def log_in(page, username):
    page.goto("/ru/admin/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page).to_have_url(re.compile(r"/ru/admin/$"))
    expect(page.get_by_role("heading", name="Новости, события и партнёры")).to_be_visible()
    return page


@pytest.fixture
def editor_page(page):
    """The browser page of an IRO editor who has just logged in through the admin's login form."""
    iro_editor(username="olga")
    return log_in(page, "olga")


@pytest.fixture
def publisher_page(page):
    """The same for a colleague who may also publish."""
    iro_publisher(username="pavel")
    return log_in(page, "pavel")


def language_tab(page, field, lang):
    """The language tab ("ru", "en") above the translations of ``field``."""
    tabs = page.locator(".ui-tabs", has=page.locator(f"#id_{field}_ru"))
    return tabs.get_by_role("tab", name=lang, exact=True)


def rich_text_area(page, field, lang):
    """The writing area of the rich text editor of one language of ``field``."""
    editor = page.locator(".prose-editor", has=page.locator(f"#id_{field}_{lang}"))
    return editor.locator(".ProseMirror[contenteditable=true]")


RICH_TEXT_FIELDS = {"body", "description"}


def type_translations(page, field, ru, en):
    """Type the Russian text on the RU tab, switch to the EN tab and type the English text."""
    for lang, text in (("ru", ru), ("en", en)):
        language_tab(page, field, lang).click()
        if field in RICH_TEXT_FIELDS:
            rich_text_area(page, field, lang).click()
            page.keyboard.type(text)
        else:
            page.locator(f"#id_{field}_{lang}").press_sequentially(text)


def pick_autocomplete(page, field, typed, choice):
    """Open the select2 box of ``field``, type part of a name and pick ``choice`` from the results."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
    page.get_by_role("option", name=choice, exact=True).click()
    expect(page.locator(f"#id_{field} + .select2")).to_contain_text(choice)


def save(page):
    page.get_by_role("button", name="Сохранить", exact=True).click()


def confirm_incomplete_translation(page):
    """Publishing something with a missing translation asks first: tick the box and save again."""
    expect(page.locator(".errorlist")).to_contain_text("не заполнено")
    page.get_by_label("Опубликовать, несмотря на неполный перевод").check()
    save(page)


def expect_added(page, name):
    message = page.locator(".messagelist .success")
    expect(message).to_contain_text("успешно добавлен")
    expect(message).to_contain_text(name)


def test_an_editor_adds_a_partner_an_event_and_a_post_that_visitors_then_see(publisher_page):
    page = publisher_page

    # A partner university, named in both languages.
    page.get_by_role("link", name="Организации-партнёры").click()
    page.get_by_role("link", name="Добавить организация-партнёр").click()
    page.get_by_label("Вид").select_option(label="Университет")
    type_translations(
        page, "name", "Харбинский политехнический университет", "Harbin Institute of Technology"
    )
    expect(page.locator("#id_name_ru")).to_be_hidden()
    type_translations(page, "short_name", "ХПИ", "HIT")
    page.get_by_label("Название на родном языке").fill("哈尔滨工业大学")
    expect(page.get_by_label("Адрес (slug)")).to_have_value("harbin-institute-of-technology")
    page.get_by_label("Страна").select_option(label="Китай")
    type_translations(page, "city", "Харбин", "Harbin")
    page.get_by_label("Статус").select_option(label="Опубликовано")
    save(page)
    # No description yet in either language: the publisher confirms.
    confirm_incomplete_translation(page)
    expect_added(page, "Харбинский политехнический университет")

    # An event in Qingdao, typed in Qingdao time, organised by the partner.
    start = timezone.localdate() + timedelta(days=30)
    end = start + timedelta(days=1)
    page.goto("/ru/admin/news/event/add/")
    type_translations(page, "title", "Сессия по трансферу технологий", "Technology transfer session")
    event_slug = "technology-transfer-session"
    expect(page.get_by_label("Адрес (slug)")).to_have_value(event_slug)
    page.get_by_label("Вид").select_option(label="Сессия")
    page.get_by_label("Статус").select_option(label="Опубликовано")
    page.get_by_label("Часовой пояс").select_option("Asia/Shanghai")
    page.locator("#id_starts_at_0").fill(f"{start:%d.%m.%Y}")
    page.locator("#id_starts_at_1").fill("09:00")
    page.locator("#id_ends_at_0").fill(f"{end:%d.%m.%Y}")
    page.locator("#id_ends_at_1").fill("18:00")
    page.get_by_label("Страна").select_option(label="Китай")
    type_translations(page, "city", "Циндао", "Qingdao")
    pick_autocomplete(page, "organisers", "Харбин", "Харбинский политехнический университет")
    save(page)
    confirm_incomplete_translation(page)
    expect_added(page, "Сессия по трансферу технологий")
    # The list shows the start as typed, in the event's own zone.
    expect(page.locator("#result_list")).to_contain_text(f"{start:%Y-%m-%d} 09:00 (Asia/Shanghai)")

    # A published post about the visit, linked to the partner and the event.
    page.goto("/ru/admin/news/post/add/")
    type_translations(
        page, "title", "Делегация ХПИ посетила университет", "HIT delegation visits the university"
    )
    type_translations(
        page,
        "lead",
        "Гости из Харбина обсудили совместные программы.",
        "Guests from Harbin discussed joint programmes.",
    )
    type_translations(
        page,
        "body",
        "Делегация осмотрела лаборатории.",
        "The delegation toured the laboratories.",
    )
    post_slug = "hit-delegation-visits-the-university"
    expect(page.get_by_label("Адрес (slug)")).to_have_value(post_slug)
    page.get_by_label("Статус").select_option(label="Опубликовано")
    pick_autocomplete(page, "partners", "ХПИ", "Харбинский политехнический университет")
    pick_autocomplete(page, "event", "трансфер", "Сессия по трансферу технологий")
    save(page)
    expect_added(page, "Делегация ХПИ посетила университет")

    # Visitors see the post in Russian…
    page.goto(f"/ru/news/{post_slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Делегация ХПИ посетила университет")
    article = page.locator("main > article")
    expect(article).to_contain_text("Гости из Харбина обсудили совместные программы.")
    expect(article).to_contain_text("Делегация осмотрела лаборатории.")
    expect(article.get_by_role("link", name="Харбинский политехнический университет")).to_be_visible()

    # …and in English.
    page.goto(f"/en/news/{post_slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("HIT delegation visits the university")
    article = page.locator("main > article")
    expect(article).to_contain_text("The delegation toured the laboratories.")
    expect(article.get_by_role("link", name="Harbin Institute of Technology")).to_be_visible()

    # The post links to the event, whose page shows it in Qingdao time with its organiser.
    article.get_by_role("link", name="Technology transfer session").click()
    expect(page).to_have_url(re.compile(rf"/en/events/{event_slug}/$"))
    page.goto(f"/ru/events/{event_slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Сессия по трансферу технологий")
    event_time = page.locator(".event-time")
    starts = date_format(datetime(start.year, start.month, start.day, 9, 0), "DATETIME_FORMAT")
    expect(event_time).to_contain_text(starts)
    event_facts = page.locator(".event-facts")
    expect(event_facts).to_contain_text("Asia/Shanghai")
    expect(event_facts).to_contain_text("UTC+08:00")
    expect(page.locator("article.event")).to_contain_text("Циндао, Китай")
    expect(page.get_by_role("link", name="Харбинский политехнический университет")).to_be_visible()
    expect(page.get_by_role("link", name="Делегация ХПИ посетила университет")).to_be_visible()


def test_the_post_form_has_working_language_tabs(editor_page):
    page = editor_page
    page.goto("/ru/admin/news/post/add/")
    ru_tab = language_tab(page, "title", "ru")
    en_tab = language_tab(page, "title", "en")
    expect(ru_tab).to_be_visible()
    expect(en_tab).to_be_visible()
    # The editor works in Russian, so the Russian tab is open first.
    expect(ru_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_title_ru")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()

    en_tab.click()
    expect(en_tab).to_have_attribute("aria-selected", "true")
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_hidden()

    ru_tab.click()
    expect(page.locator("#id_title_ru")).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()


def test_a_post_without_a_title_is_refused_in_russian_and_keeps_the_text(editor_page):
    page = editor_page
    page.goto("/ru/admin/news/post/add/")
    rich_text_area(page, "body", "ru").click()
    page.keyboard.type("Текст, который редактор не хочет потерять.")
    language_tab(page, "body", "en").click()
    rich_text_area(page, "body", "en").click()
    page.keyboard.type("Text the editor does not want to lose.")
    save(page)

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_text(NO_TITLE_ERROR)).to_be_visible()
    expect(rich_text_area(page, "body", "ru")).to_have_text("Текст, который редактор не хочет потерять.")
    language_tab(page, "body", "en").click()
    expect(rich_text_area(page, "body", "en")).to_have_text("Text the editor does not want to lose.")
    assert not Post.objects.exists()
