"""Site search: the page, its filters and what it never shows, on any database; and the SQLite fallback.

The words searched for here appear in the text in exactly the form typed, so that the same tests hold for
PostgreSQL's full-text search and for the plain fallback. Morphology, ranking and highlighting of
inflected forms are in test_search_postgres.py.
"""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from portal.site.search import ResultType, search
from tests.factories import EventFactory, PartnerFactory, PostFactory, iro_publisher

pytestmark = pytest.mark.django_db

SEARCH = "/en/search/"
only_on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="tests the plain fallback, which only SQLite uses"
)
HOSTILE = [
    "",
    " ",
    "x" * 1000,
    '"',
    "'",
    "\"unbalanced 'quotes",
    "& | ! : * ( ) <-> <2>",
    "harbin & !",
    "!!!harbin:*",
    "'); DROP TABLE news_post; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "\\",
    "%_%",
    "harbin\x00",
    "😀 🇨🇳",
]


def found(response):
    """(type, title) of each hit on the page, in order."""
    return [(hit.type, str(hit.object)) for hit in response.context["page_obj"]]


@pytest.fixture
def hit():
    """Harbin Institute of Technology, its news, an event and a draft and a scheduled post about it."""
    with translation.override("en"):
        partner = PartnerFactory(
            slug="hit",
            name_en="Harbin Institute of Technology",
            name_ru="Харбинский политехнический университет",
            short_name_en="HIT",
            native_name="哈尔滨工业大学",
            aliases="HIT, Harbin Tech, 哈工大, ХПИ",
            city_en="Harbin",
            city_ru="Харбин",
        )
    return {
        "partner": partner,
        "visit": PostFactory(
            title_en="Delegation from Harbin visits the campus",
            title_ru="Делегация из Харбина посетила кампус",
            partners=[partner],
        ),
        "summer_school": PostFactory(
            title_en="Summer school on nanomaterials",
            title_ru="Летняя школа по наноматериалам",
            partners=[partner],
        ),
        "forum": EventFactory(title_en="Harbin forum of technical universities", title_ru="Форум в Харбине"),
        "draft": PostFactory(draft=True, title_en="Harbin draft", partners=[partner]),
        "scheduled": PostFactory(scheduled=True, title_en="Harbin scheduled", partners=[partner]),
        "draft_event": EventFactory(draft=True, title_en="Harbin draft event"),
        "other": PostFactory(title_en="Visit to Qingdao", title_ru="Визит в Циндао"),
    }


def test_every_page_has_a_search_box_in_its_header(client, hit):
    for url in ["/en/", "/en/news/", "/en/events/", "/en/partners/", f"/en/news/{hit['visit'].slug}/"]:
        response = client.get(url)
        assertContains(response, '<form class="site-search" role="search" method="get" action="/en/search/">')
        assertContains(response, '<label class="visually-hidden" for="site-search-q">Search the site</label>')
    assertContains(client.get("/ru/news/"), 'action="/ru/search/"')


def test_browsers_can_add_the_portal_as_a_search_engine(client):
    page = client.get("/en/")
    assertContains(page, '<link rel="search" type="application/opensearchdescription+xml"')
    assertContains(page, 'href="/en/opensearch.xml"')
    response = client.get("/en/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    namespace = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(response.content)
    assert len(root.find("os:ShortName", namespace).text) <= 16
    assert root.find("os:Language", namespace).text == "en"
    templates = {url.get("type"): url.get("template") for url in root.findall("os:Url", namespace)}
    assert templates["text/html"] == "http://testserver/en/search/?q={searchTerms}"
    russian = ET.fromstring(client.get("/ru/opensearch.xml").content)
    assert russian.find("os:Url", namespace).get("template") == "http://testserver/ru/search/?q={searchTerms}"


def test_search_finds_news_events_and_partners_and_keeps_the_query(client, hit):
    response = client.get(SEARCH, {"q": "Harbin"})
    results = found(response)
    assert (ResultType.NEWS, hit["visit"].title_en) in results
    assert (ResultType.EVENTS, hit["forum"].title_en) in results
    assert (ResultType.PARTNERS, "Harbin Institute of Technology") in results
    assert (ResultType.NEWS, "Visit to Qingdao") not in results
    assertContains(response, 'name="q" value="Harbin"')
    assertContains(response, "<mark>Harbin</mark>")
    assertContains(response, '<meta name="robots" content="noindex">')


@pytest.mark.parametrize("as_staff", [False, True])
def test_drafts_and_scheduled_items_never_appear(client, hit, as_staff):
    if as_staff:
        client.force_login(iro_publisher())
    response = client.get(SEARCH, {"q": "Harbin"})
    titles = [title for _type, title in found(response)]
    assert hit["visit"].title_en in titles
    for name in ("draft", "scheduled", "draft_event"):
        assert hit[name].title_en not in titles
    assertNotContains(response, "Harbin draft")
    assertNotContains(response, "Harbin scheduled")


def test_search_reads_the_visitors_language(client, hit):
    assert (ResultType.NEWS, hit["visit"].title_ru) in found(client.get("/ru/search/", {"q": "Харбина"}))
    assert found(client.get("/ru/search/", {"q": "Delegation"})) == []
    assert found(client.get(SEARCH, {"q": "Делегация"})) == []


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("en", "HIT"),
        ("en", "哈尔滨工业大学"),
        ("ru", "哈工大"),
        ("ru", "Харбинский политехнический университет"),
        ("en", "Harbin Tech"),
    ],
)
def test_a_partner_is_found_by_any_of_its_names_with_its_news(client, hit, lang, query):
    page = client.get(f"/{lang}/search/", {"q": query}).context["page_obj"]
    pks = {result.object.pk for result in page}
    assert (ResultType.PARTNERS, hit["partner"].pk) in {(result.type, result.object.pk) for result in page}
    # Its news, found through the partner although their text does not name it that way.
    assert hit["summer_school"].pk in pks
    assert hit["other"].pk not in pks


def test_renaming_a_partner_finds_its_news_by_the_new_name_at_once(client, hit):
    partner = hit["partner"]
    assert found(client.get(SEARCH, {"q": "Gongda"})) == []
    partner.aliases = f"{partner.aliases}, Gongda"
    partner.save()
    pks = {h.object.pk for h in client.get(SEARCH, {"q": "Gongda"}).context["page_obj"]}
    assert {partner.pk, hit["visit"].pk, hit["summer_school"].pk} <= pks


def test_results_can_be_narrowed_by_type(client, hit):
    response = client.get(SEARCH, {"q": "Harbin", "type": "events"})
    assert found(response) == [(ResultType.EVENTS, hit["forum"].title_en)]
    # The counts still tell what the other kinds would give.
    choices = {value: (count, checked) for value, _label, count, checked in response.context["type_choices"]}
    assert choices["events"] == (1, True)
    assert choices["news"][0] >= 2
    assert choices["partners"] == (1, False)
    both = found(client.get(SEARCH + "?q=Harbin&type=events&type=partners"))
    assert {kind for kind, _title in both} == {ResultType.EVENTS, ResultType.PARTNERS}


def test_results_can_be_narrowed_by_partner_as_on_the_news_list(client, hit):
    elsewhere = PartnerFactory(slug="elsewhere")
    PostFactory(title_en="Harbin seen from elsewhere", partners=[elsewhere])
    response = client.get(SEARCH, {"q": "Harbin", "partner": "hit"})
    titles = {title for _kind, title in found(response)}
    assert hit["visit"].title_en in titles
    assert "Harbin seen from elsewhere" not in titles
    assert "Harbin Institute of Technology" in titles
    assertContains(response, 'name="partner" value="hit" checked')
    assert "Harbin seen from elsewhere" in {
        title for _kind, title in found(client.get(SEARCH, {"q": "Harbin", "partner": "elsewhere"}))
    }


@pytest.mark.parametrize(
    "params",
    [{"q": "Harbin", "partner": "no-such-partner"}, {"q": "Harbin", "type": "videos"}, {"q": "x" * 1000}],
)
def test_invalid_filters_or_an_overlong_query_give_a_message_and_no_results(client, hit, params):
    response = client.get(SEARCH, params)
    assert response.status_code == 400
    assertContains(response, 'role="alert"', status_code=400)
    assert "page_obj" not in response.context


def test_an_empty_or_useless_query_gets_a_helpful_message(client, hit):
    assertContains(client.get(SEARCH, {"q": ""}), "Type a word or two")
    assertContains(client.get(SEARCH, {"q": "&|!:*"}), "There is nothing to search for in “&amp;|!:*”")
    nothing = client.get(SEARCH, {"q": "xylophone"})
    assertContains(nothing, "0 results for “xylophone”")
    assertContains(nothing, "Nothing matches your search.")
    intro = client.get(SEARCH)
    assertContains(intro, "Search published news, events and partner organisations.")


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hostile_queries_never_fail_and_are_escaped(client, hit, query, lang):
    response = client.get(f"/{lang}/search/", {"q": query, "partner": "hit", "type": "news"})
    # NUL cannot reach PostgreSQL: the whole site answers it with its 400 page (portal.core.middleware);
    # an overlong query is refused by the search form, with a 400 too.
    status = 400 if "\x00" in query or len(query) > 200 else 200
    assertNotContains(response, "<script>alert(1)", status_code=status)
    assertNotContains(response, "<img src=x", status_code=status)


def test_titles_and_snippets_are_escaped_except_for_the_highlight(client):
    PostFactory(
        title_en="<b>Harbin</b> & friends",
        lead_en="Harbin <script>alert(1)</script>",
        body_en="<p>Text about Harbin &amp; more.</p>",
    )
    response = client.get(SEARCH, {"q": "Harbin"})
    assertContains(response, "&lt;b&gt;<mark>Harbin</mark>&lt;/b&gt; &amp; friends")
    assertNotContains(response, "<script>alert(1)")
    assertContains(response, "&lt;script&gt;")
    assertContains(response, "<mark>Harbin</mark> &amp; more")


def test_results_are_paginated_with_the_query_and_filters_kept(client, hit):
    PostFactory.create_batch(12, title_en="Harbin once more", partners=[hit["partner"]])
    response = client.get(SEARCH, {"q": "Harbin", "type": "news"})
    count = response.context["paginator"].count
    assert count == 14
    assert len(found(response)) == 10
    assertContains(response, f'href="{SEARCH}?q=Harbin&amp;type=news&amp;page=2" rel="next"')
    second = client.get(SEARCH, {"q": "Harbin", "type": "news", "page": 2, "partner": ""})
    assert len(found(second)) == 4
    assertContains(second, f'href="{SEARCH}?q=Harbin&amp;type=news" rel="prev"')


@pytest.mark.parametrize("count", [3, 100])
def test_the_search_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    partners = PartnerFactory.create_batch(3, name_en="Harbin University")
    for n in range(count):
        PostFactory(title_en=f"Harbin news {n}", partners=partners)
        if n % 10 == 0:
            event = EventFactory(title_en=f"Harbin event {n}")
            event.organisers.set(partners)
    # Ranking: named partners, then one query per kind; the page: one per kind shown, partners of the
    # news shown, the partner filter's choices; the session-less request itself runs none.
    with django_assert_max_num_queries(9):
        response = client.get(SEARCH, {"q": "Harbin"})
    assert response.context["paginator"].count == count + (count + 9) // 10 + 3


def test_the_service_returns_typed_hits(hit):
    results = search("campus", "en", types=["news"], partners=[hit["partner"]])
    assert results.count() == 1
    (found_hit,) = results[0:10]
    assert found_hit.type == ResultType.NEWS
    assert found_hit.object == hit["visit"]
    assert "<mark>campus</mark>" in found_hit.title
    assert found_hit.rank > 0


# --- The plain fallback (SQLite) -------------------------------------------------------------------


@only_on_sqlite
def test_fallback_ignores_case_in_any_script(client, hit):
    assert (ResultType.NEWS, hit["visit"].title_ru) in found(client.get("/ru/search/", {"q": "ХАРБИНА"}))
    assert (ResultType.NEWS, hit["visit"].title_en) in found(client.get(SEARCH, {"q": "harbin"}))


@only_on_sqlite
def test_fallback_matches_parts_of_words_but_knows_no_grammar(client, hit):
    results = found(client.get("/ru/search/", {"q": "Харбин"}))
    assert (ResultType.NEWS, hit["visit"].title_ru) in results  # «Харбина» contains «Харбин»
    assert found(client.get("/ru/search/", {"q": "Харбину"})) == []


@only_on_sqlite
def test_fallback_wants_every_word_and_ranks_title_before_text(client):
    in_title = PostFactory(title_en="Harbin laboratories", body_en="Nothing else.")
    in_body = PostFactory(title_en="Another visit", body_en="<p>Harbin laboratories were shown.</p>")
    PostFactory(title_en="Only Harbin here", body_en="")
    results = search("harbin laboratories", "en")
    assert [hit.object for hit in results[0:10]] == [in_title, in_body]
    snippet = results[1:2][0].snippet
    assert "<mark>Harbin</mark> <mark>laboratories</mark> were shown." in snippet
    assert "<p>" not in snippet
