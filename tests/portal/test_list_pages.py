"""One policy for the query strings of every list page: the news list, the events archive, the partner
directory and map, and search.

Input the page cannot use is refused with a 400, a message that says why and a page that can still be
used (its filters and a way back); a page number that is not a page is a 404. Each list paginates
through the same partial, which keeps the filters and drops empty parameters.
"""

import html
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def content():
    hit = PartnerFactory(slug="hit", name_en="Harbin Institute of Technology", country="CN")
    PostFactory(title_en="Harbin delegation", partners=[hit])
    EventFactory(past=True, title_en="Harbin summer school")
    return hit


# (page, an invalid query string, the message it gets, what keeps the page usable)
INVALID_INPUT = [
    pytest.param(
        "/en/news/",
        {"partner": "<b>nobody</b>", "page": "1"},
        "There is no partner “&lt;b&gt;nobody&lt;/b&gt;”.",
        '<form class="filters" method="get" action="/en/news/">',
        id="news",
    ),
    pytest.param(
        "/en/events/",
        {"year": "<b>1999</b>"},
        "The year must be a number such as 2016.",
        '<nav aria-label="Archive by year">',
        id="events-archive",
    ),
    pytest.param(
        "/en/partners/",
        {"country": "<b>ZZ</b>", "page": "1"},
        "“&lt;b&gt;ZZ&lt;/b&gt;” is not a country code",
        '<form method="get" action="/en/partners/"',
        id="partners-directory",
    ),
    pytest.param(
        "/en/partners/map/",
        {"country": "<b>ZZ</b>"},
        "“&lt;b&gt;ZZ&lt;/b&gt;” is not a country code",
        '<form method="get" action="/en/partners/map/"',
        id="partners-map",
    ),
    pytest.param(
        "/en/search/",
        {"q": "Harbin", "type": "<b>videos</b>", "page": "1"},
        "There is no kind of result “&lt;b&gt;videos&lt;/b&gt;”.",
        '<form class="search-page" role="search" method="get" action="/en/search/">',
        id="search",
    ),
]


@pytest.mark.parametrize(("path", "query", "message", "navigation"), INVALID_INPUT)
def test_invalid_input_is_a_400_with_the_reason_and_a_usable_page(
    client, content, path, query, message, navigation
):
    response = client.get(path, query)
    assert response.status_code == 400
    alert = response.content.decode().split('role="alert"')[1].split("</div>")[0]
    assert message in alert
    assertNotContains(response, "<b>", status_code=400)
    # Still a page of the site: the menu, the page's own filters or archive, and nothing listed.
    assertContains(response, 'aria-label="Main menu"', status_code=400)
    assertContains(response, navigation, status_code=400)
    assertNotContains(response, "Harbin delegation", status_code=400)
    assertNotContains(response, "Harbin summer school", status_code=400)


@pytest.mark.parametrize(("path", "query", "message", "navigation"), INVALID_INPUT)
def test_the_same_page_without_the_bad_input_is_a_200(client, content, path, query, message, navigation):
    valid = {name: value for name, value in query.items() if "<b>" not in value}
    response = client.get(path, valid)
    assert response.status_code == 200
    assertNotContains(response, 'role="alert"')
    assertContains(response, navigation)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_message_is_in_the_language_of_the_page(client, content, lang):
    message = {"ru": "Партнёра «nobody» нет", "en": "There is no partner “nobody”"}[lang]
    assertContains(client.get(f"/{lang}/news/", {"partner": "nobody"}), message, status_code=400)


@pytest.mark.parametrize("path", ["/en/partners/export.csv", "/en/partners/export.json"])
def test_the_exports_refuse_the_same_input_with_a_400_in_their_own_format(client, content, path):
    response = client.get(path, {"country": "ZZ"})
    assert response.status_code == 400
    assert "ZZ" in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/en/news/", {}),
        ("/en/news/", {"partner": "hit"}),
        ("/en/partners/", {}),
        ("/en/partners/", {"country": "CN"}),
        ("/en/search/", {"q": "Harbin"}),
    ],
)
@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc", "1.5"])
def test_a_page_number_that_is_not_a_page_is_404(client, content, path, query, page):
    assert client.get(path, {**query, "page": "1"}).status_code == 200
    assert client.get(path, {**query, "page": page}).status_code == 404


@pytest.mark.parametrize(
    ("path", "per_page", "make", "query", "next_page"),
    [
        # The news list links to its next page by position (keyset pagination, see
        # tests/news/test_pagination.py); the lists that stay small, by number.
        ("/en/news/", 10, lambda n: PostFactory.create_batch(n, title_en="Harbin news"), {}, "after="),
        (
            "/en/news/",
            10,
            lambda n: PostFactory.create_batch(n, partners=[PartnerFactory(slug="hit")]),
            {"partner": "hit"},
            "after=",
        ),
        (
            "/en/partners/",
            20,
            lambda n: PartnerFactory.create_batch(n, country="CN"),
            {"country": "CN"},
            "page=2",
        ),
        (
            "/en/search/",
            10,
            lambda n: PostFactory.create_batch(n, title_en="Harbin news"),
            {"q": "Harbin"},
            "page=2",
        ),
    ],
)
def test_every_list_paginates_alike(client, path, per_page, make, query, next_page):
    make(per_page + 1)
    kept = "".join(f"{name}={value}&amp;" for name, value in query.items())
    first = client.get(path, {**query, "topic": "", "type": ""} if "q" in query else {**query, "kind": ""})
    # The next page keeps the filters and drops the empty ones.
    assertContains(first, f'<a href="{path}?{kept}{next_page}')
    assertContains(first, '" rel="next">')
    assertContains(first, '<span aria-current="page">Page 1 of 2</span>')
    assertNotContains(first, 'rel="prev"')
    href = re.search(r'<a href="([^"]+)" rel="next">', first.content.decode()).group(1)
    second = client.get(html.unescape(href))
    # Back to page 1 is the list's own address, without page=1.
    back = f"{path}?{kept[: -len('&amp;')]}" if kept else path
    assertContains(second, f'<a href="{back}" rel="prev">')
    assertContains(second, '<span aria-current="page">Page 2 of 2</span>')
    assertNotContains(second, 'rel="next"')
