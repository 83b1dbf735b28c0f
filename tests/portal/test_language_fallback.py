"""Text missing in the page's language: the notice, the lang attributes and the hreflang alternates
all name the language modeltranslation really falls back to, per field, in both directions."""

import re

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from portal.core.translation_utils import fallback, shown_language
from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = pytest.mark.django_db


def notice(response):
    """The text of the page's fallback notice, or None."""
    found = re.search(r'<p class="notice">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(found.group(1).split()) if found else None


def hreflangs(response):
    """The hreflang alternates of the page, {language: url}."""
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode())
    )


def canonical(response):
    return re.search(r'<link rel="canonical" href="([^"]+)">', response.content.decode()).group(1)


def russian_only_post():
    return PostFactory(
        title_en="",
        lead_en="",
        body_en="",
        title_ru="Визит делегации",
        lead_ru="Анонс.",
        body_ru="<p>Текст.</p>",
    )


def test_a_russian_only_post_on_the_english_site_says_it_is_shown_in_russian(client):
    post = russian_only_post()
    response = client.get(f"/en/news/{post.slug}/")
    assert notice(response) == "This news item has not been translated yet, so it is shown in Russian."
    assertContains(response, '<h1 lang="ru">Визит делегации</h1>')
    assertContains(response, '<div class="prose" lang="ru">')
    # The English address is no English version: the alternates and the canonical say so.
    assert hreflangs(response) == {
        "ru": f"http://testserver/ru/news/{post.slug}/",
        "x-default": f"http://testserver/ru/news/{post.slug}/",
    }
    assert canonical(response) == f"http://testserver/ru/news/{post.slug}/"
    assertContains(response, '<meta property="og:locale" content="ru_RU">')


def test_an_english_only_post_on_the_russian_site_says_it_is_shown_in_english(client):
    post = PostFactory(title_ru="", lead_ru="", body_ru="", title_en="Delegation", body_en="<p>Text.</p>")
    response = client.get(f"/ru/news/{post.slug}/")
    assert notice(response) == "Эта новость ещё не переведена, поэтому показана на английском языке."
    assertContains(response, '<h1 lang="en">Delegation</h1>')
    assertContains(response, '<div class="prose" lang="en">')
    assert hreflangs(response) == {"en": f"http://testserver/en/news/{post.slug}/"}
    assert canonical(response) == f"http://testserver/en/news/{post.slug}/"


def test_a_post_with_an_english_title_but_russian_text_names_the_fields_shown_in_russian(client):
    post = PostFactory(
        title_en="Delegation", lead_en="", body_en="", lead_ru="Анонс.", body_ru="<p>Текст.</p>"
    )
    response = client.get(f"/en/news/{post.slug}/")
    assert notice(response) == "This news item is only partly translated; shown in Russian: lead, body."
    assertContains(response, '<h1 lang="en">Delegation</h1>')
    assertContains(response, '<div class="prose" lang="ru">')
    assert set(hreflangs(response)) == {"ru", "x-default"}

    with translation.override("ru"):
        response = client.get(f"/ru/news/{post.slug}/")
    assert notice(response) is None
    assert set(hreflangs(response)) == {"ru", "x-default"}
    assert canonical(response) == f"http://testserver/ru/news/{post.slug}/"


def test_a_lead_in_another_language_than_the_body_is_marked(client):
    post = PostFactory(lead_en="", lead_ru="Анонс по-русски.")
    response = client.get(f"/en/news/{post.slug}/")
    assert notice(response) == "This news item is only partly translated; shown in Russian: lead."
    assertContains(response, '<p class="lead" lang="ru">Анонс по-русски.</p>')


def test_a_translated_post_has_no_notice_and_every_alternate(client):
    post = PostFactory()
    for lang in ("ru", "en"):
        with translation.override(lang):
            response = client.get(f"/{lang}/news/{post.slug}/")
        assert notice(response) is None
        assert set(hreflangs(response)) == {"ru", "en", "x-default"}
        assert canonical(response) == f"http://testserver/{lang}/news/{post.slug}/"


def test_an_event_with_an_english_title_but_russian_description(client):
    event = EventFactory(title_en="Forum", description_en="", description_ru="<p>Программа форума.</p>")
    response = client.get(f"/en/events/{event.slug}/")
    assert notice(response) == "This event is only partly translated; shown in Russian: description."
    assertContains(response, '<h1 lang="en">Forum</h1>')
    assertContains(response, '<div lang="ru"><p>Программа форума.</p></div>')
    assert set(hreflangs(response)) == {"ru", "x-default"}


def test_an_english_only_event_on_the_russian_site(client):
    event = EventFactory(title_ru="", title_en="Forum", description_en="<p>Programme.</p>")
    response = client.get(f"/ru/events/{event.slug}/")
    assert notice(response) == "Это мероприятие ещё не переведено, поэтому показано на английском языке."
    assertContains(response, '<h1 lang="en">Forum</h1>')
    assert set(hreflangs(response)) == {"en"}


def test_an_event_without_a_description_is_judged_by_its_title(client):
    event = EventFactory(title_en="", title_ru="Форум", description_ru="", description_en="")
    response = client.get(f"/en/events/{event.slug}/")
    assert notice(response) == "This event has not been translated yet, so it is shown in Russian."


@pytest.mark.parametrize(
    ("lang", "description", "expected"),
    [
        ("en", {"description_ru": "<p>Описание.</p>", "description_en": ""}, "shown in Russian"),
        ("ru", {"description_en": "<p>About.</p>", "description_ru": ""}, "показано на английском языке"),
    ],
)
def test_a_partner_description_in_the_other_language(client, lang, description, expected):
    partner = PartnerFactory(**description)
    with translation.override(lang):
        response = client.get(f"/{lang}/partners/{partner.slug}/")
    assert expected in notice(response)
    other = "ru" if lang == "en" else "en"
    assertContains(response, f'<div class="prose partner-description" lang="{other}">')
    assert set(hreflangs(response)) == ({"ru", "x-default"} if other == "ru" else {"en"})


def test_cards_mark_titles_and_leads_shown_in_another_language(client):
    PostFactory(title_en="", title_ru="Только по-русски", lead_en="", lead_ru="Анонс по-русски.")
    EventFactory(title_en="", title_ru="Форум по-русски")
    response = client.get("/en/news/")
    assertContains(response, 'lang="ru">Только по-русски</a>')
    assertContains(response, '<p lang="ru">Анонс по-русски.</p>')
    assertContains(client.get("/en/events/"), 'lang="ru">Форум по-русски</a>')
    assertNotContains(client.get("/ru/news/"), 'lang="ru">Только по-русски</a>')


def test_a_russian_page_may_fall_back_to_english_for_one_field_only():
    # modeltranslation decides what is shown; the notice asks it rather than guessing.
    post = PostFactory(title_ru="Заголовок", title_en="Title", body_ru="", body_en="<p>Text.</p>")
    with translation.override("ru"):
        assert post.body == "<p>Text.</p>"
        assert shown_language(post, "body") == "en"
        result = fallback(post, ["title", "lead", "body"])
    assert [(part.lang, [str(name) for name in part.fields]) for part in result.parts] == [("en", ["текст"])]
    assert not result.whole
