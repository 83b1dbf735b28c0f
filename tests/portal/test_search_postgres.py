"""Full-text search on PostgreSQL: morphology, ranking, highlighting, the vectors and their indexes.

The stems used here were checked with ts_debug: Snowball does not reduce every pair of forms to one stem
(«портал»/«портала» do not meet), so each test uses forms that really share one.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from pytest_django.asserts import assertContains

from news.models import Event, Post, Status
from partners.models import Partner
from portal.site import search as search_module
from portal.site.search import ResultType, search
from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="full-text search needs PostgreSQL (DATABASE_URL=postgres://…): runs in CI",
    ),
    pytest.mark.django_db,
]


def news(query, lang, **kwargs):
    """The news found for ``query``, best first."""
    results = search(query, lang, types=[ResultType.NEWS], **kwargs)
    return [hit.object for hit in results[0 : results.count()]]


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_russian_inflected_forms_find_each_other():
    title = PostFactory(title_ru="Делегация университета")
    lead = PostFactory(title_ru="Визит", lead_ru="Встреча с университетом прошла успешно.")
    body = PostFactory(title_ru="Новости", body_ru="<p>Все университеты Харбина.</p>")
    PostFactory(draft=True, title_ru="Черновик об университете")
    PostFactory(scheduled=True, title_ru="Скоро: университеты")
    PostFactory(title_ru="Другая тема", lead_ru="Лаборатории.", body_ru="<p>Ничего.</p>")
    assert set(news("университетов", "ru")) == {title, lead, body}
    assert set(news("Университет", "ru")) == {title, lead, body}


def test_english_inflected_forms_find_each_other():
    one = PostFactory(title_en="Exchange agreement signed")
    many = PostFactory(title_en="Visit", body_en="<p>They confirmed previous agreements.</p>")
    transferring = PostFactory(title_en="Transferring technologies to industry")
    PostFactory(draft=True, title_en="Draft agreement")
    assert set(news("agreements", "en")) == {one, many}
    assert set(news("agreement", "en")) == {one, many}
    assert news("technology transfer", "en") == [transferring]


def test_each_language_is_searched_with_its_own_morphology():
    post = PostFactory(title_ru="Соглашения подписаны", title_en="Agreements signed")
    assert news("соглашение", "ru") == [post]
    assert news("agreement", "en") == [post]
    assert news("соглашение", "en") == []
    assert news("agreement", "ru") == []


def test_ranking_title_before_lead_before_text_before_partner_then_newest_first():
    polytech = PartnerFactory(name_en="Peter the Great Polytechnic University", aliases="Polytech")
    both = PostFactory(title_en="Polytech opens a laboratory", partners=[polytech], published_at=hours_ago(9))
    title = PostFactory(title_en="Polytech opens a museum", published_at=hours_ago(8))
    lead = PostFactory(title_en="A museum", lead_en="Polytech opens a museum.", published_at=hours_ago(1))
    body_old = PostFactory(
        title_en="News", lead_en="", body_en="<p>At Polytech.</p>", published_at=hours_ago(7)
    )
    body_new = PostFactory(
        title_en="News", lead_en="", body_en="<p>At Polytech.</p>", published_at=hours_ago(6)
    )
    partner_only = PostFactory(title_en="Summer school", partners=[polytech], published_at=hours_ago(2))
    PostFactory(title_en="Unrelated", published_at=hours_ago(3))
    assert news("Polytech", "en") == [both, title, lead, body_new, body_old, partner_only]


def test_highlights_inflected_forms_in_title_and_snippet(client):
    PostFactory(
        title_ru="Делегация университета",
        lead_ru="",
        body_ru="<p>Гости из Харбина встретились с <strong>университетами</strong> города.</p>",
    )
    response = client.get("/ru/search/", {"q": "университетов"})
    (hit,) = response.context["page_obj"]
    assert hit.title == "Делегация <mark>университета</mark>"
    assert "встретились с <mark>университетами</mark> города" in hit.snippet
    assert "<strong>" not in hit.snippet
    assertContains(response, "Делегация <mark>университета</mark>")


def test_snippets_keep_the_texts_characters_and_nothing_else(client):
    PostFactory(
        title_en="Agreements",
        lead_en='Agreements: say "yes" & <no>',
        body_en="<p>Agreements on R&amp;D &lt;x&gt; with <em>partners</em>.</p>",
    )
    (hit,) = client.get("/en/search/", {"q": "agreements"}).context["page_obj"]
    assert "<mark>Agreements</mark>: say &quot;yes&quot; &amp; &lt;no&gt;" in hit.snippet
    assert "<mark>Agreements</mark> on R&amp;D &lt;x&gt; with partners" in hit.snippet
    assert set(re.findall(r"<(/?\w+)", hit.snippet)) == {"mark", "/mark"}


def test_websearch_syntax_phrases_exclusions_and_or():
    adjacent = PostFactory(title_en="Technology transfer in Qingdao")
    apart = PostFactory(title_en="Transfer of students and technology")
    harbin = PostFactory(title_en="Technology transfer in Harbin")
    assert set(news('"technology transfer"', "en")) == {adjacent, harbin}
    assert set(news("technology transfer -Qingdao", "en")) == {apart, harbin}
    assert set(news("Qingdao or Harbin", "en")) == {adjacent, harbin}


@pytest.mark.parametrize(
    "query",
    [
        "&|!:*",
        "agreement:*",
        "agreement & !",
        "(agreement",
        "agreement <-> <-> ",
        "'agreement'",
        "\\agreement",
    ],
)
def test_tsquery_operators_are_words_or_nothing_never_syntax(client, query):
    PostFactory(title_en="Exchange agreement signed")
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200


def test_a_query_of_stop_words_only_says_so(client):
    PostFactory(title_en="The forum of the universities")
    response = client.get("/en/search/", {"q": "the of and"})
    assertContains(response, "has only very common words")
    assert "page_obj" not in response.context or not response.context["page_obj"].object_list


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("ru", "HIT"),
        ("en", "ХПИ"),
        ("ru", "Харбинского политехнического университета"),
        ("en", "哈尔滨工业大学"),
    ],
)
def test_a_partner_and_its_news_and_events_are_found_across_scripts(lang, query):
    hit = PartnerFactory(
        name_en="Harbin Institute of Technology",
        name_ru="Харбинский политехнический университет",
        native_name="哈尔滨工业大学",
        aliases="HIT, Harbin Tech, 哈工大, ХПИ",
    )
    post = PostFactory(title_en="Summer school", title_ru="Летняя школа", partners=[hit])
    organised = EventFactory(title_en="A forum", title_ru="Форум")
    organised.organisers.set([hit])
    attended = EventFactory(title_en="A session", title_ru="Сессия")
    attended.participants.set([hit])
    PostFactory(title_en="Summer school elsewhere", title_ru="Летняя школа где-то ещё")
    found = {(hit_.type, hit_.object.pk) for hit_ in search(query, lang)[0:20]}
    assert found == {
        (ResultType.PARTNERS, hit.pk),
        (ResultType.NEWS, post.pk),
        (ResultType.EVENTS, organised.pk),
        (ResultType.EVENTS, attended.pk),
    }


def test_a_word_in_a_partners_description_does_not_bring_all_its_news():
    partner = PartnerFactory(description_en="<p>Famous for its nanomaterials.</p>")
    PostFactory(title_en="A visit", partners=[partner])
    results = search("nanomaterials", "en")
    assert [hit.object for hit in results[0:10]] == [partner]


def test_vectors_follow_every_kind_of_write_without_a_save():
    post = PostFactory(title_en="Old title")
    Post.objects.filter(pk=post.pk).update(title_en="Cryogenics laboratory opened")
    assert news("cryogenics", "en") == [post]
    bulk = Post.objects.bulk_create(
        [Post(slug="bulk", title_en="Cryogenics again", status=Status.PUBLISHED, published_at=hours_ago(5))]
    )
    assert set(news("cryogenics", "en")) == {post, *bulk}
    Partner.objects.filter(pk=PartnerFactory().pk).update(aliases="Cryo U")
    assert search("Cryo", "en").counts[ResultType.PARTNERS] == 1
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(description_en="<p>Cryogenics.</p>")
    assert search("cryogenics", "en").counts[ResultType.EVENTS] == 1


def test_vectors_are_gin_indexed_and_kept_in_the_row():
    for model in (Post, Event, Partner):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
            cursor.execute(
                "SELECT attname, attstorage FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attname IN %s",
                [table, ("search_ru", "search_en")],
            )
            storage = dict(cursor.fetchall())
        indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] and c["type"] == "gin"}
        assert indexed == {("search_ru",), ("search_en",)}, table
        if model is not Partner:
            assert storage == {"search_ru": "m", "search_en": "m"}, table


def test_a_broad_query_ranks_only_the_newest_matches(client, monkeypatch):
    monkeypatch.setattr(search_module._PostgresBackend, "window", 3)
    posts = [PostFactory(title_en="Laboratory news", published_at=hours_ago(n)) for n in range(1, 6)]
    results = search("laboratory", "en")
    assert results.capped
    assert {hit.object for hit in results[0:10]} == set(posts[:3])
    assertContains(client.get("/en/search/", {"q": "laboratory"}), "More than 3 results")


def test_done_when_russian_finds_the_other_inflected_forms_and_no_drafts(client, demo):
    response = client.get("/ru/search/", {"q": "университетов"})
    assert response.status_code == 200
    found = [hit.object for hit in response.context["page_obj"]]
    results = search("университетов", "ru", types=[ResultType.NEWS])
    posts = [hit.object for hit in results[0 : results.count()]]
    published = set(Post.objects.published())
    assert posts and set(posts) <= published
    texts = [" ".join(filter(None, [p.title_ru, p.lead_ru, p.body_ru])).lower() for p in posts]
    assert any("университетов" not in text and "университет" in text for text in texts)
    assert found


def test_done_when_english_finds_agreement_for_agreements(client, demo):
    response = client.get("/en/search/", {"q": "agreements"})
    posts = [hit.object for hit in response.context["page_obj"] if hit.type == ResultType.NEWS]
    assert set(posts) <= set(Post.objects.published())
    texts = [" ".join(filter(None, [p.title_en, p.lead_en, p.body_en])).lower() for p in posts]
    assert any("agreements" not in text and "agreement" in text for text in texts)
    assert all(post.status == Status.PUBLISHED for post in posts)


@pytest.mark.parametrize(
    "query", ["", "&|!:*", "x" * 1000, "'; DROP TABLE news_post; --", "<b>", '"unclosed']
)
def test_done_when_hostile_queries_never_fail(client, demo, query):
    # The search form refuses an overlong query with a 400 and a message, like any list's bad input.
    status = 400 if len(query) > 200 else 200
    for lang in ("ru", "en"):
        response = client.get(f"/{lang}/search/", {"q": query})
        assert response.status_code == status
        assert ('role="alert"' in response.content.decode()) == (status == 400)
