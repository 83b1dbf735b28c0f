import re

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_default_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_root_follows_the_browsers_language(client):
    response = client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
    assert response["Location"] == "/en/"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_public_pages_answer_in_both_languages(client, lang):
    partner = PartnerFactory()
    post = PostFactory(partners=[partner])
    event = EventFactory()
    with translation.override(lang):
        urls = [
            reverse("home"),
            reverse("news:list"),
            post.get_absolute_url(),
            reverse("events:list"),
            event.get_absolute_url(),
            reverse("partners:list"),
            partner.get_absolute_url(),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()


def test_drafts_and_scheduled_posts_are_not_public(client):
    live = PostFactory(title_ru="Опубликованная новость")
    draft = PostFactory(draft=True, title_ru="Черновик новости")
    scheduled = PostFactory(scheduled=True, title_ru="Запланированная новость")
    response = client.get(reverse("news:list"))
    assertContains(response, live.title_ru)
    assertNotContains(response, draft.title_ru)
    assertNotContains(response, scheduled.title_ru)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_draft_events_are_not_public(client):
    draft = EventFactory(draft=True, title_ru="Черновик события")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assertNotContains(client.get(reverse("events:list")), "Черновик события")


def test_the_language_switcher_keeps_the_page(client):
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    assertContains(response, f'href="/en/news/{post.slug}/"')


def test_english_page_falls_back_to_russian_text(client):
    post = PostFactory(title_ru="Только по-русски", title_en="")
    with translation.override("en"):
        url = post.get_absolute_url()
    assertContains(client.get(url), "Только по-русски")


def test_pages_are_served_with_a_strict_content_security_policy(client):
    policy = client.get("/ru/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize(("lang", "text"), [("ru", "Страница не найдена"), ("en", "Page not found")])
def test_missing_pages_get_a_friendly_404_in_the_right_language(client, lang, text):
    response = client.get(f"/{lang}/news/no-such-news/")
    assert response.status_code == 404
    assertContains(response, text, status_code=404)
    assertContains(response, f'<html lang="{lang}">', status_code=404)


def test_server_errors_get_a_page_in_both_languages(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/en/"))
    assert response.status_code == 500
    assertContains(response, "Ошибка на сервере", status_code=500)
    assertContains(response, "Server error", status_code=500)


def test_canonical_and_alternates_keep_only_meaningful_parameters(client):
    PartnerFactory(slug="hit")
    response = client.get("/en/news/?utm_source=mail&partner=hit&junk=" + "x" * 300)
    html = response.content.decode()
    assert '<link rel="canonical" href="http://testserver/en/news/?partner=hit">' in html
    assert 'hreflang="ru" href="http://testserver/ru/news/?partner=hit"' in html
    assert "utm_source" not in html.split("</head>")[0]


def _switcher_link(response, lang):
    html = response.content.decode()
    return re.search(rf'<a href="([^"]*)" hreflang="{lang}" lang="{lang}">', html).group(1)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_404_has_no_canonical_and_no_alternates(client, lang):
    response = client.get(f"/{lang}/news/no-such-news/")
    assert response.status_code == 404
    assertNotContains(response, 'rel="canonical"', status_code=404)
    assertNotContains(response, 'hreflang="x-default"', status_code=404)
    assertNotContains(response, '<link rel="alternate" hreflang', status_code=404)
    assertNotContains(response, 'property="og:url"', status_code=404)


def test_the_language_switcher_of_a_404_leads_to_the_other_home_page(client):
    draft = PostFactory(draft=True)
    for path, other in [
        ("/ru/news/no-such-news/", "/en/"),
        (f"/ru/news/{draft.slug}/", "/en/"),
        ("/ru/no/such/page/", "/en/"),
    ]:
        response = client.get(path)
        assert response.status_code == 404
        assert _switcher_link(response, "en") == other
    with translation.override("en"):
        response = client.get(f"/en/news/{draft.slug}/")
    assert _switcher_link(response, "ru") == "/ru/"


def test_the_language_switcher_of_a_404_keeps_an_address_that_exists_in_the_other_language(client):
    # A page number beyond the last is a 404; the list itself exists in English.
    response = client.get("/ru/news/?page=99")
    assert response.status_code == 404
    assert _switcher_link(response, "en") == "/en/news/"
    assert client.get("/en/news/").status_code == 200


def test_the_server_error_page_leads_home_in_each_language(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/en/news/"))
    assertContains(response, '<a href="/ru/" lang="ru">Главная</a>', status_code=500)
    assertContains(response, '<a href="/en/" lang="en">Home</a>', status_code=500)
    assertNotContains(response, 'rel="canonical"', status_code=500)
