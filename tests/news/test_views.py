import html
import json
import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news import facets
from news.models import Post
from tests.factories import EventFactory, MembershipFactory, PartnerFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

NEWS = "/en/news/"


def titles(response):
    return [post.title for post in response.context["page_obj"]]


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


@pytest.fixture
def network():
    """Two Chinese universities in an association, a Russian one outside it, and news about each."""
    asrtu = PartnerFactory(association=True, slug="asrtu", name_en="ASRTU", country="RU")
    hit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="hit", country="CN")).member
    bit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="bit", country="CN")).member
    spbpu = PartnerFactory(slug="spbpu", country="RU")
    space = TopicFactory(slug="space", name_en="Space research")
    last_year = timezone.now() - timedelta(days=400)
    return {
        "asrtu": asrtu,
        "hit": hit,
        "bit": bit,
        "spbpu": spbpu,
        "space": space,
        "about_hit": PostFactory(title_en="About HIT", partners=[hit], topics=[space]),
        "about_bit": PostFactory(title_en="About BIT", partners=[bit], published_at=last_year),
        "about_spbpu": PostFactory(title_en="About SPbPU", partners=[spbpu]),
        "about_asrtu": PostFactory(title_en="About ASRTU", partners=[asrtu]),
        "about_none": PostFactory(title_en="About nobody"),
        "hit_draft": PostFactory(draft=True, title_en="HIT draft", partners=[hit]),
        "hit_scheduled": PostFactory(scheduled=True, title_en="HIT scheduled", partners=[hit]),
    }


def test_news_list_is_newest_first_and_counts_results(client, network):
    response = client.get(NEWS)
    assert titles(response)[-1] == "About BIT"
    assert response.context["paginator"].count == 5
    assertContains(response, "5 news items")


def test_filter_by_one_partner(client, network):
    response = client.get(NEWS, {"partner": "hit"})
    assert titles(response) == ["About HIT"]
    assertContains(response, "1 news item")


def test_filter_by_several_partners_gives_news_about_any_of_them(client, network):
    response = client.get(NEWS + "?partner=hit&partner=spbpu")
    assert set(titles(response)) == {"About HIT", "About SPbPU"}


def test_filter_by_partner_country(client, network):
    assert set(titles(client.get(NEWS, {"country": "CN"}))) == {"About HIT", "About BIT"}


def test_filter_by_association_gives_news_about_it_and_its_members(client, network):
    response = client.get(NEWS, {"association": "asrtu"})
    assert set(titles(response)) == {"About HIT", "About BIT", "About ASRTU"}


def test_filters_combine(client, network):
    this_year = timezone.localtime().year
    response = client.get(NEWS, {"association": "asrtu", "country": "CN", "year": this_year})
    assert titles(response) == ["About HIT"]
    assert titles(client.get(NEWS, {"topic": "space", "partner": "bit"})) == []


def test_filter_by_topic_and_year(client, network):
    assert titles(client.get(NEWS, {"topic": "space"})) == ["About HIT"]
    last_year = timezone.localtime(network["about_bit"].published_at).year
    assert titles(client.get(NEWS, {"year": last_year})) == ["About BIT"]


def test_active_filters_can_be_removed_one_by_one(client, network):
    response = client.get(NEWS + "?partner=hit&partner=bit&topic=space")
    chips = {label: query.urlencode() for label, query in response.context["active_filters"]}
    assert chips["Space research"] == "partner=hit&partner=bit"
    remove_hit = chips[network["hit"].display_name]
    assert remove_hit == "partner=bit&topic=space"
    assertContains(response, f'href="{NEWS}?{remove_hit.replace("&", "&amp;")}"')


def test_filter_options_show_counts_of_published_news(client, network):
    facets = client.get(NEWS).context["facets"]
    partner_counts = {partner["slug"]: partner["post_count"] for partner in facets["partners"]}
    assert partner_counts == {"hit": 1, "bit": 1, "spbpu": 1, "asrtu": 1}
    assert {c["code"]: c["post_count"] for c in facets["countries"]} == {"CN": 2, "RU": 2}
    assert [(a["slug"], a["post_count"]) for a in facets["associations"]] == [("asrtu", 3)]


@pytest.mark.parametrize(
    "query",
    [
        {"partner": "no-such-university"},
        {"topic": "nope"},
        {"association": "hit"},
        {"country": "XX"},
        {"year": "abc"},
        {"year": "99999999999999999999"},
        {"partner": "<script>alert(1)</script>"},
        {"partner": "x" * 5000},
    ],
)
def test_invalid_filters_give_an_empty_result_and_a_message(client, network, query):
    response = client.get(NEWS, query)
    assert response.status_code == 400
    assert titles(response) == []
    assertContains(response, 'role="alert"', status_code=400)
    assertNotContains(response, "<script>alert(1)</script>", status_code=400)


@pytest.mark.parametrize("page", ["0", "abc", "99999", "-1"])
def test_bad_page_numbers_are_404(client, network, page):
    assert client.get(NEWS, {"page": page}).status_code == 404


def test_pagination_keeps_the_filters(client):
    hit = PartnerFactory(slug="hit")
    PostFactory.create_batch(12, partners=[hit])
    PostFactory.create_batch(3)
    response = client.get(NEWS, {"partner": "hit"})
    assert response.context["paginator"].count == 12
    # The next page is found by position (tests/news/test_pagination.py); its link keeps the filter.
    assertContains(response, f'href="{NEWS}?partner=hit&amp;after=')
    # An old numbered link still opens the page.
    second = client.get(NEWS, {"partner": "hit", "page": 2, "topic": ""})
    assert len(titles(second)) == 2
    # Back to page 1 is the list's own address with the filters; the empty filter is dropped.
    assertContains(second, f'href="{NEWS}?partner=hit" rel="prev"')


def test_detail_shows_partners_event_reference_and_related_news(client, network):
    event = EventFactory(title_en="Technology transfer session")
    post = network["about_hit"]
    post.event = event
    post.reference_note_en = "ASRTU is a non-profit organization."
    post.save()
    more = PostFactory(title_en="More about HIT", partners=[network["hit"]])
    response = client.get(f"/en/news/{post.slug}/")
    assertContains(response, "Technology transfer session")
    assertContains(response, "ASRTU is a non-profit organization.")
    assertContains(response, network["hit"].get_absolute_url().replace("/ru/", "/en/"))
    assertContains(response, f"{NEWS}?partner=hit")
    assert list(response.context["related_posts"]) == [more]
    assertNotContains(response, "HIT draft")
    assertNotContains(response, "HIT scheduled")


def test_detail_declares_languages_canonical_and_structured_data(client, network):
    post = network["about_hit"]
    response = client.get(f"/en/news/{post.slug}/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f'<link rel="canonical" href="http://testserver/en/news/{post.slug}/">' in html
    assert f'hreflang="ru" href="http://testserver/ru/news/{post.slug}/"' in html
    assert f'hreflang="x-default" href="http://testserver/ru/news/{post.slug}/"' in html
    assert '<meta property="og:type" content="article">' in html
    (article,) = json_ld(response)
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == "About HIT"
    assert article["about"][0]["url"].endswith("/en/partners/hit/")


def test_json_ld_cannot_be_broken_out_of(client):
    post = PostFactory(title_en="</script><script>alert(1)</script>")
    response = client.get(f"/en/news/{post.slug}/")
    assertNotContains(response, "<script>alert(1)")
    assert json_ld(response)[0]["headline"] == "</script><script>alert(1)</script>"


def test_untranslated_post_is_shown_in_russian_with_a_notice(client):
    post = PostFactory(title_en="", lead_en="", body_en="", title_ru="Визит делегации", body_ru="Текст.")
    response = client.get(f"/en/news/{post.slug}/")
    assertContains(response, "Визит делегации")
    assertContains(response, "has not been translated yet")
    assertContains(response, '<div class="prose" lang="ru">')
    translated = PostFactory()
    assertNotContains(client.get(f"/en/news/{translated.slug}/"), "has not been translated yet")


def test_lists_never_show_blank_titles(client):
    PostFactory(title_en="", title_ru="Только по-русски")
    assert titles(client.get(NEWS)) == ["Только по-русски"]


def test_language_switcher_keeps_filters_and_page(client):
    hit = PartnerFactory(slug="hit")
    PostFactory.create_batch(11, partners=[hit])
    response = client.get(NEWS, {"partner": "hit", "page": 2})
    assertContains(response, 'href="/ru/news/?partner=hit&amp;page=2"')


def test_events_list_upcoming_first_then_archive_by_year(client):
    soon = EventFactory(title_en="Soon", starts_at=timezone.now() + timedelta(days=3))
    later = EventFactory(title_en="Later", starts_at=timezone.now() + timedelta(days=30))
    recent = EventFactory(title_en="Recently", starts_at=timezone.now() - timedelta(days=400))
    old = EventFactory(title_en="Long ago", starts_at=timezone.now() - timedelta(days=800))
    EventFactory(draft=True, title_en="Draft event")
    response = client.get("/en/events/")
    assert list(response.context["object_list"]) == [soon, later]
    # The archive opens on the latest year with past events and links to the others.
    assert list(response.context["past_events"]) == [recent]
    old_year = timezone.localtime(old.starts_at).year
    assertContains(response, f'href="?year={old_year}"')
    assertNotContains(response, "Draft event")
    assert list(client.get("/en/events/", {"year": old_year}).context["past_events"]) == [old]


def _next_link(response):
    found = re.search(r'<a href="([^"]+)" rel="next">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def _titles(events):
    return [event.title_en for event in events]


def test_upcoming_events_come_in_pages_of_twenty_soonest_first(client):
    now = timezone.now()
    for day in range(1, 26):
        EventFactory(title_en=f"In {day:02} days", starts_at=now + timedelta(days=day))
    first = client.get("/en/events/")
    assert _titles(first.context["object_list"]) == [f"In {day:02} days" for day in range(1, 21)]
    assertContains(first, "Page 1 of 2")
    second = client.get(_next_link(first))
    assert second.status_code == 200
    assert _titles(second.context["object_list"]) == [f"In {day:02} days" for day in range(21, 26)]
    assert _next_link(second) is None


def test_a_years_archive_comes_in_pages_and_the_overview_links_to_it(client):
    year = timezone.localtime().year - 2
    start = timezone.make_aware(datetime(year, 3, 1, 12))
    for day in range(25):
        EventFactory(title_en=f"Past {day:02}", starts_at=start + timedelta(days=day))
    EventFactory(title_en="Upcoming")
    overview = client.get("/en/events/")
    assert _titles(overview.context["past_events"]) == [f"Past {day:02}" for day in range(24, 4, -1)]
    assertContains(overview, f'<a href="?year={year}">All past events of {year}')
    first = client.get("/en/events/", {"year": year})
    assert _titles(first.context["past_events"]) == [f"Past {day:02}" for day in range(24, 4, -1)]
    # The upcoming events stay on their first page while the archive pages on.
    second = client.get(_next_link(first))
    assert f"year={year}" in _next_link(first)
    assert _titles(second.context["past_events"]) == [f"Past {day:02}" for day in range(4, -1, -1)]
    assert _titles(second.context["object_list"]) == ["Upcoming"]


def test_a_position_in_one_events_list_is_refused_in_the_other(client):
    now = timezone.now()
    for day in range(1, 23):
        EventFactory(starts_at=now + timedelta(days=day))
    past = EventFactory(past=True)
    year = timezone.localtime(past.starts_at).year
    cursor = parse_qs(urlsplit(_next_link(client.get("/en/events/"))).query)["after"][0]
    response = client.get("/en/events/", {"year": year, "after": cursor})
    assert response.status_code == 400
    assertContains(response, "damaged or out of date", status_code=400)


@pytest.mark.parametrize("query", [{}, {"year": "last"}])
def test_the_events_page_runs_the_same_few_queries_however_many_events(client, query):
    def grow(count):
        partner = PartnerFactory()
        now = timezone.now()
        for n in range(count):
            for starts_at in (now + timedelta(days=n + 1), now - timedelta(days=n + 10)):
                EventFactory(starts_at=starts_at).organisers.add(partner)

    def queries():
        last = timezone.localtime(timezone.now() - timedelta(days=10)).year
        wanted = {"year": last} if query else {}
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/events/", wanted).status_code == 200
        return len(captured)

    grow(25)  # two pages of each list: "page 1 of 2" needs a count, bounded (portal/core/keyset.py)
    few = queries()
    grow(60)
    assert queries() == few <= 8


# "²" and "①" pass str.isdigit() but not int(): they once made the page a 500.
@pytest.mark.parametrize("year", ["abc", "1900", "<b>", "²", "①", "99999999999999999999", "-1"])
def test_events_archive_rejects_unknown_years_politely(client, year):
    EventFactory(past=True)
    response = client.get("/en/events/", {"year": year})
    assert response.status_code == 400
    assert list(response.context["past_events"]) == []
    assertContains(response, 'role="alert"', status_code=400)
    assertNotContains(response, "<b>", status_code=400)


def test_event_detail_lists_partners_news_and_structured_data(client):
    hit = PartnerFactory(name_en="Harbin Institute of Technology")
    event = EventFactory(title_en="Session in Qingdao", city_en="Qingdao", country="CN")
    event.organisers.add(hit)
    PostFactory(title_en="Report from Qingdao", event=event)
    PostFactory(draft=True, title_en="Draft report", event=event)
    response = client.get(f"/en/events/{event.slug}/")
    assertContains(response, "Harbin Institute of Technology")
    assertContains(response, "Report from Qingdao")
    assertNotContains(response, "Draft report")
    (data,) = json_ld(response)
    assert data["@type"] == "Event"
    assert data["startDate"].endswith("+08:00")
    assert data["location"]["address"]["addressCountry"] == "CN"


def test_home_shows_featured_latest_events_and_the_network(client, network):
    Post.objects.filter(pk=network["about_spbpu"].pk).update(is_featured=True)
    EventFactory(title_en="Upcoming forum")
    with translation.override("en"):
        response = client.get(reverse("home"))
    assert response.context["featured_posts"] == [network["about_spbpu"]]
    assert network["about_spbpu"] not in response.context["latest_posts"]
    assertContains(response, "Upcoming forum")
    assertContains(response, "members of ASRTU")
    assertNotContains(response, "HIT draft")


def _build_content(count):
    partners = PartnerFactory.create_batch(3)
    topics = TopicFactory.create_batch(2)
    event = EventFactory()
    for partner in partners:
        MembershipFactory(member=partner)
    for _ in range(count):
        post = PostFactory(partners=partners, topics=topics, event=event)
        event.organisers.add(*partners)
    facets.catch_up()  # as the commit does (the test's transaction never commits)
    return post, event


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [("home", 8), ("news:list", 12), ("events:list", 5)],
)
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, url_name, budget):
    _build_content(3)
    with translation.override("en"):
        url = reverse(url_name)
    with django_assert_max_num_queries(budget):
        client.get(url)
    _build_content(150)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_detail_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    post, event = _build_content(3)
    with django_assert_max_num_queries(8):
        client.get(post.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(event.get_absolute_url())
    post, event = _build_content(150)
    with django_assert_max_num_queries(8):
        assert client.get(post.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(event.get_absolute_url()).status_code == 200
