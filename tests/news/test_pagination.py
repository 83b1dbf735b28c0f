"""The news list's pages: found by position (keyset), so a deep page costs what the first does.

A visitor walks the list with "Older" and "Newer" links that keep the filters; walking to the end and
back shows every post exactly once, in order, even when posts are published meanwhile. A damaged or
forged link is refused with a 400 and a usable page; a page past the end is a 404; old ?page=N links
still work to a small depth.
"""

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news import facets
from news.forms import PostFilterForm
from news.models import Post, Status
from news.views import POST_ORDER
from portal.core.keyset import LEGACY_PAGE_LIMIT, Cursor, KeysetPaginator, sign_cursor
from tests.factories import MembershipFactory, PartnerFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

PAGE_SIZE = 10


def news(lang):
    return f"/{lang}/news/"


def slugs(response):
    return [post.slug for post in response.context["page_obj"]]


def link(response, rel):
    """The href of the pagination link with ``rel``, as a browser would follow it; None if absent."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


@pytest.fixture
def archive():
    """27 posts about partners of an association in China, with a topic, in one year, some published
    at the same instant (the id breaks the tie), and posts that match none of that."""
    asrtu = PartnerFactory(association=True, slug="asrtu", country="RU")
    hit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="hit", country="CN")).member
    bit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="bit", country="CN")).member
    space = TopicFactory(slug="space")
    year = timezone.localtime().year - 1
    noon = timezone.make_aware(timezone.datetime(year, 6, 1, 12))
    matching = []
    for n in range(27):
        # Every third post shares its time with the one before it.
        published_at = noon - timedelta(hours=n - n % 3 // 2)
        matching.append(
            PostFactory(
                slug=f"match-{n}",
                published_at=published_at,
                partners=[hit if n % 2 else bit],
                topics=[space],
            )
        )
    PostFactory(slug="other-partner", published_at=noon, partners=[PartnerFactory(country="DE")])
    PostFactory(slug="other-year", published_at=noon.replace(year=year - 1))
    PostFactory(slug="draft", draft=True, published_at=noon, partners=[hit], topics=[space])
    return {"year": year, "matching": matching}


def in_list_order(posts):
    return [post.slug for post in sorted(posts, key=lambda post: (post.published_at, post.pk), reverse=True)]


FILTERS = [
    pytest.param({}, id="no-filter"),
    pytest.param({"partner": ["hit", "bit"]}, id="two-partners"),
    pytest.param({"country": "CN"}, id="country"),
    pytest.param({"association": "asrtu"}, id="association"),
    pytest.param({"topic": "space"}, id="topic"),
    pytest.param({"year": "YEAR"}, id="year"),
    pytest.param({"partner": ["hit", "bit"], "topic": "space", "year": "YEAR"}, id="combined"),
]


def expected(archive, query):
    if not query:
        return in_list_order(Post.objects.published())
    if "year" in query and len(query) == 1:
        return in_list_order(
            post for post in Post.objects.published() if post.published_at.year == archive["year"]
        )
    return in_list_order(archive["matching"])


def with_year(query, archive):
    return {name: archive["year"] if value == "YEAR" else value for name, value in query.items()}


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("query", FILTERS)
def test_walking_to_the_end_and_back_shows_every_post_once_in_order(client, archive, lang, query):
    query = with_year(query, archive)
    response = client.get(news(lang), query)
    pages = [slugs(response)]
    while url := link(response, "next"):
        # Every link keeps the filters.
        assert all(f"{name}=" in url for name in query)
        response = client.get(url)
        assert response.status_code == 200
        pages.append(slugs(response))
    assert [slug for page in pages for slug in page] == expected(archive, query)
    assert all(len(page) == PAGE_SIZE for page in pages[:-1])

    backwards = [slugs(response)]
    while url := link(response, "prev"):
        response = client.get(url)
        assert response.status_code == 200
        backwards.append(slugs(response))
    assert backwards[::-1] == pages
    # The way back ends on the list's own address.
    assert "after=" not in response.request["QUERY_STRING"]
    assert "before=" not in response.request["QUERY_STRING"]


def test_pages_are_numbered_on_the_way_and_lead_back_to_the_newest(client, archive):
    first = client.get(news("en"))
    assertContains(first, '<span aria-current="page">Page 1 of 3</span>')
    assertNotContains(first, 'rel="prev"')
    second = client.get(link(first, "next"))
    assertContains(second, '<span aria-current="page">Page 2 of 3</span>')
    # Back from page 2 is the list's own address.
    assert link(second, "prev") == news("en")
    third = client.get(link(second, "next"))
    assertContains(third, '<span aria-current="page">Page 3 of 3</span>')
    assertContains(third, f'<a href="{news("en")}"><span aria-hidden="true">⇤</span> Newest</a>')
    assert "before=" in link(third, "prev")
    assert link(third, "next") is None
    assertContains(third, "<title>News — page 3 — ")


def test_the_navigation_reads_naturally_in_russian(client, archive):
    with translation.override("ru"):
        first = client.get(news("ru"))
        third = client.get(link(client.get(link(first, "next")), "next"))
    assertContains(first, '<nav class="pagination" aria-label="Страницы">')
    assertContains(first, "Старше <span")
    assertContains(third, "Новее</a>")
    assertContains(third, "К самым новым</a>")
    assertContains(third, '<span aria-current="page">Страница 3 из 3</span>')


def test_posts_published_while_browsing_neither_repeat_nor_hide_an_item(client, archive):
    first = client.get(news("en"))
    expected_next = in_list_order(Post.objects.published())[PAGE_SIZE : 2 * PAGE_SIZE]
    for n in range(3):
        PostFactory(slug=f"fresh-{n}", published_at=timezone.now() - timedelta(minutes=n))
    second = client.get(link(first, "next"))
    assert slugs(second) == expected_next
    assert not set(slugs(second)) & set(slugs(first))
    # The list itself now starts with the new posts.
    assert slugs(client.get(news("en")))[:3] == ["fresh-0", "fresh-1", "fresh-2"]


def test_a_post_unpublished_while_browsing_is_not_shown_and_nothing_is_skipped(client, archive):
    first = client.get(news("en"))
    order = in_list_order(Post.objects.published())
    Post.objects.filter(slug=order[PAGE_SIZE]).update(status=Status.DRAFT)
    assert slugs(client.get(link(first, "next"))) == order[PAGE_SIZE + 1 : 2 * PAGE_SIZE + 1]


def forged(url):
    """``url`` with the signed position's page number changed, keeping the signature."""
    return re.sub(r"(after|before)=(\d+)", lambda m: f"{m.group(1)}={int(m.group(2)) + 1}", url)


@pytest.mark.parametrize(
    "position",
    [
        pytest.param("forged", id="forged"),
        pytest.param("garbage", id="malformed"),
        pytest.param("x" * 500, id="too-long"),
        pytest.param("both", id="after-and-before"),
    ],
)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_damaged_or_forged_position_is_a_400_with_a_message_and_a_usable_page(
    client, archive, position, lang
):
    second = link(client.get(news(lang), {"partner": "hit"}), "next")
    url = {
        "forged": forged(second),
        "garbage": f"{news(lang)}?partner=hit&after=garbage",
        "x" * 500: f"{news(lang)}?partner=hit&after={'x' * 500}",
        "both": second + "&before=" + second.rsplit("after=", 1)[1],
    }[position]
    assert url != second
    response = client.get(url)
    assert response.status_code == 400
    message = {
        "en": "The link to this page of the list is damaged or out of date",
        "ru": "Ссылка на эту страницу списка повреждена или устарела",
    }[lang]
    alert = response.content.decode().split('role="alert"')[1].split("</div>")[0]
    assert message in alert
    assert slugs(response) == []
    # Still a page of the site, with its filters and a way back.
    assertContains(response, f'<form class="filters" method="get" action="{news(lang)}">', status_code=400)
    assertContains(response, f'href="{news(lang)}"', status_code=400)


def test_a_position_past_the_end_is_a_404(client, archive):
    last = Post.objects.published().order_by(*POST_ORDER).last()
    after_last = sign_cursor(Cursor((last.published_at, last.pk), True, 4), PostFilterForm.cursor_salt)
    assert client.get(news("en"), {"after": after_last}).status_code == 404
    first = Post.objects.published().order_by(*POST_ORDER).first()
    before_first = sign_cursor(Cursor((first.published_at, first.pk), False, 2), PostFilterForm.cursor_salt)
    assert client.get(news("en"), {"before": before_first}).status_code == 404
    # The same position with a filter that leaves nothing beyond it.
    assert client.get(news("en"), {"after": after_last, "partner": "hit"}).status_code == 404


def test_the_last_page_of_a_filter_links_to_no_further_page(client, archive):
    response = client.get(news("en"), {"partner": "hit"})
    assert link(response, "next") is not None
    last = client.get(link(response, "next"))
    assert link(last, "next") is None


def test_old_numbered_links_still_open_the_same_page(client, archive):
    second = client.get(link(client.get(news("en"), {"topic": "space"}), "next"))
    old = client.get(news("en"), {"topic": "space", "page": "2"})
    assert old.status_code == 200
    assert slugs(old) == slugs(second)
    assertContains(old, '<span aria-current="page">Page 2 of 3</span>')
    # Its own links lead on by position.
    assert "after=" in link(old, "next")
    assert link(old, "prev") == f"{news('en')}?topic=space"
    assert client.get(news("en"), {"topic": "space", "page": "4"}).status_code == 404


def test_old_numbered_links_deeper_than_the_limit_are_404(client, archive):
    assert client.get(news("en"), {"page": LEGACY_PAGE_LIMIT + 1}).status_code == 404


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{}, {"partner": ["hit", "bit"], "topic": "space"}])
def test_a_deep_page_runs_the_same_queries_as_the_first(client, archive, query, django_assert_num_queries):
    first = client.get(news("en"), query)
    third = link(client.get(link(first, "next")), "next")
    count = queries_of(client, f"{news('en')}?{first.request['QUERY_STRING']}")
    with django_assert_num_queries(count):
        client.get(third)
    with django_assert_num_queries(count):
        client.get(news("en"), {**query, "page": 2})
    # More posts make no more queries once committed (the commit brings the counts in line).
    PostFactory.create_batch(30, partners=[archive["matching"][1].partners.first()])
    facets.catch_up()
    with django_assert_num_queries(count):
        client.get(third)


def test_the_news_list_takes_its_total_from_the_maintained_counts(client):
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            slug=f"bulk-{n}",
            title_en=f"Bulk {n}",
            title_ru=f"Пакет {n}",
            status=Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(1001)
    )
    facets.rebuild()  # a bulk load sends no signals (as after an import)
    response = client.get(news("en"))
    assertContains(response, "1001 news items")
    assertContains(response, '<span aria-current="page">Page 1 of 101</span>')
    with translation.override("ru"):
        assertContains(client.get(news("ru")), "1001 новость")


def test_without_a_known_total_the_count_stops_at_a_thousand():
    now = timezone.now()
    Post.objects.bulk_create(
        Post(slug=f"bulk-{n}", title_en=f"Bulk {n}", status=Status.PUBLISHED, published_at=now)
        for n in range(1001)
    )
    paginator = KeysetPaginator(Post.objects.published(), 10, POST_ORDER, salt="test")
    page = paginator.page()
    assert (paginator.count, paginator.capped, page.total_pages) == (1000, True, None)


def test_a_known_total_saves_the_count(django_assert_num_queries):
    PostFactory.create_batch(3)
    paginator = KeysetPaginator(Post.objects.published(), 2, POST_ORDER, salt="test", total=3)
    with django_assert_num_queries(1):
        page = paginator.page()
        assert (len(page), paginator.count, paginator.capped, page.total_pages) == (2, 3, False, 2)
