"""Input the database cannot take is a friendly 404 or 400, never a 500."""

import pytest
from django.core.exceptions import BadRequest
from django.http import HttpResponse, QueryDict
from django.test import Client, RequestFactory
from pytest_django.asserts import assertContains, assertTemplateUsed

from portal.core.middleware import RejectUnstorableInputMiddleware
from tests.factories import EventFactory, PartnerFactory, PostFactory


@pytest.mark.parametrize(
    "url",
    [
        "/ru/news/%00/",
        "/ru/admin/news/post/%00/history/",
        "/ru/admin/news/event/%00/change/",
        "/ru/%ED%A0%80/",
    ],
)
def test_nul_in_the_path_is_the_friendly_404(superuser_client, url):
    response = superuser_client.get(url)
    assert response.status_code == 404
    assertTemplateUsed(response, "404.html")


def test_404_for_an_unstorable_path_is_in_the_language_of_the_address(client, db):
    assertContains(client.get("/en/news/%00/"), "Page not found", status_code=404)
    assertContains(client.get("/ru/news/%00/"), "Страница не найдена", status_code=404)


@pytest.mark.parametrize(
    "url",
    [
        "/ru/news/?partner=a%00b",
        "/ru/partners/?association=%00",
        "/ru/search/?q=%00",
        "/ru/events/?year=%00",
        "/sitemap-news.xml?p=%00",
        "/ru/news/?a%00=1",
    ],
)
def test_nul_in_the_query_string_is_a_friendly_400(client, db, url):
    PostFactory()
    response = client.get(url)
    assert response.status_code == 400
    assertTemplateUsed(response, "400.html")


def test_400_page_is_in_the_language_of_the_address(client, db):
    english = client.get("/en/news/?q=%00")
    assertContains(english, "Bad request", status_code=400)
    assertContains(english, '<html lang="en">', status_code=400)
    assertContains(client.get("/ru/news/?q=%00"), "Некорректный запрос", status_code=400)


@pytest.mark.parametrize(
    "url",
    [
        "/ru/admin/news/post/?status__exact=a%00b",
        "/ru/admin/news/post/?partners__country=%00",
        "/ru/admin/autocomplete/?app_label=news&model_name=post&field_name=partners&term=%00",
    ],
)
def test_nul_in_the_admin_is_a_400_on_every_database(superuser_client, url):
    PostFactory()
    assert superuser_client.get(url).status_code == 400


def test_nul_in_posted_form_data_is_a_400(superuser_client):
    post = PostFactory()
    response = superuser_client.post(
        "/ru/admin/news/post/", {"action": "publish_selected", "_selected_action": f"{post.pk}\x00"}
    )
    assert response.status_code == 400


def test_a_session_cookie_with_nul_is_ignored_not_a_500(db):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00"
    response = client.get("/ru/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_forged_host_gets_the_friendly_400_without_links_to_that_host(client, db):
    response = client.get("/ru/news/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assertTemplateUsed(response, "400.html")
    assert b"evil.example" not in response.content


def test_lone_surrogates_are_refused_too():
    request = RequestFactory().get("/ru/search/")
    request.GET = QueryDict(mutable=True)
    request.GET["q"] = "\ud800"
    with pytest.raises(BadRequest):
        RejectUnstorableInputMiddleware(lambda request: HttpResponse())(request)


@pytest.mark.parametrize(
    "url",
    [
        "/ru/admin/news/post/99999999999999999999/change/",
        "/ru/admin/news/post/?id__exact=99999999999999999999",
        "/ru/admin/news/post/?p=99999999999999999999",
        "/ru/admin/news/post/?o=99999999999999999999",
        "/ru/admin/news/post/recover/99999999999999999999/",
        "/ru/admin/r/99999999999999999999/1/",
        "/ru/news/preview/99999999999999999999/",
        "/sitemap-news.xml?p=99999999999999999999",
    ],
)
def test_huge_numbers_in_admin_and_preview_addresses_are_not_a_500(superuser_client, url):
    PostFactory()
    EventFactory()
    PartnerFactory()
    assert superuser_client.get(url).status_code < 500
