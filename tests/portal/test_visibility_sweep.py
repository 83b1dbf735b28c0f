"""Nothing private reaches a visitor: every public surface shows related items only through their rules.

One set of content mixes visible items with hidden ones (a draft and a scheduled post, a draft event
linked from a published post, a draft partner linked to a published post and event and member of a
published association, a draft association, an internal agreement, a public agreement of a draft
partner), each hidden one carrying marker words in both languages. The sweep asks every public page,
feed, export, calendar, sitemap and search in both languages, anonymously and as a signed-in visitor
who is not staff, and checks that no marker appears while the visible counterparts do. Focused tests
per relation follow.
"""

import csv
import io
import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Post
from portal.core.publishing import proposed_data, store_pending
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["ru", "en"]

# What must never reach a visitor, by item: the words each carries in English and in Russian.
HIDDEN = {
    "draft post": ("Zqdraftpost", "Жщчерновикпоста"),
    "scheduled post": ("Zqscheduledpost", "Жщотложенныйпост"),
    "draft event": ("Zqdraftevent", "Жщчерновиксобытия"),
    "draft event's city": ("Zqeventtown", "Жщгородчерновика"),
    "draft partner": ("Zqdraftpartner", "Жщчерновикпартнёра"),
    "draft partner's short name": ("ZQDPSHORT", "ЖЩЧПКРАТКО"),
    "draft partner's city": ("Zqpartnertown", "Жщгородпартнёра"),
    "draft association": ("Zqdraftassociation", "Жщчерновикассоциации"),
    "internal agreement": ("Zqinternalagreement", "Жщвнутреннеесоглашение"),
    "draft partner's public agreement": ("Zqagreementofdraft", "Жщсоглашениечерновика"),
}
HIDDEN_SLUGS = [
    "zq-draft-post",
    "zq-scheduled-post",
    "zq-draft-event",
    "zq-draft-partner",
    "zq-draft-association",
]
# The draft partner's own-language names, shown in no language of the site.
HIDDEN_NAMES = ["Zqnativedraftname", "Zqaliasdraft"]
MARKERS = [word for words in HIDDEN.values() for word in words] + HIDDEN_SLUGS + HIDDEN_NAMES

# The visible counterparts, in English and in Russian.
VISIBLE = {
    "association": ("Visibleassociation", "Видимаяассоциация"),
    "partner": ("Visiblepartner", "Видимыйпартнёр"),
    "post": ("Visiblepost", "Видимаяновость"),
    "second post": ("Visiblesecondpost", "Видимаявтораяновость"),
    "orphan post": ("Visibleorphanpost", "Видимаясиротскаяновость"),
    "event": ("Visibleevent", "Видимоесобытие"),
    "past event": ("Visiblepastevent", "Видимоепрошедшеесобытие"),
    "agreement": ("Visibleagreement", "Видимоесоглашение"),
}


def visible(name, lang):
    english, russian = VISIBLE[name]
    return english if lang == "en" else russian


def hidden(name, lang):
    english, russian = HIDDEN[name]
    return english if lang == "en" else russian


def _names(key, **extra):
    english, russian = VISIBLE.get(key) or HIDDEN[key]
    return {"name_en": f"{english} University", "name_ru": f"Университет {russian}", **extra}


@pytest.fixture
def world(db):
    """Visible content with a hidden twin for every relation a public page shows."""
    now = timezone.now()
    association = PartnerFactory(
        association=True,
        slug="visible-association",
        name_en=VISIBLE["association"][0],
        name_ru=VISIBLE["association"][1],
    )
    draft_association = PartnerFactory(
        association=True,
        draft=True,
        slug="zq-draft-association",
        name_en=HIDDEN["draft association"][0],
        name_ru=HIDDEN["draft association"][1],
    )
    partner = PartnerFactory(slug="visible-partner", latitude=45.75, longitude=126.65, **_names("partner"))
    draft_partner = PartnerFactory(
        draft=True,
        slug="zq-draft-partner",
        country="NZ",
        city_en=HIDDEN["draft partner's city"][0],
        city_ru=HIDDEN["draft partner's city"][1],
        short_name_en=HIDDEN["draft partner's short name"][0],
        short_name_ru=HIDDEN["draft partner's short name"][1],
        native_name=HIDDEN_NAMES[0],
        aliases=HIDDEN_NAMES[1],
        latitude=-36.85,
        longitude=174.76,
        **_names("draft partner"),
    )
    MembershipFactory(association=association, member=partner)
    MembershipFactory(association=draft_association, member=partner)
    MembershipFactory(association=association, member=draft_partner)
    AgreementFactory(partner=partner, title_en=VISIBLE["agreement"][0], title_ru=VISIBLE["agreement"][1])
    AgreementFactory(
        partner=partner,
        is_public=False,
        title_en=HIDDEN["internal agreement"][0],
        title_ru=HIDDEN["internal agreement"][1],
    )
    AgreementFactory(
        partner=draft_partner,
        title_en=HIDDEN["draft partner's public agreement"][0],
        title_ru=HIDDEN["draft partner's public agreement"][1],
    )

    event = EventFactory(slug="visible-event", title_en=VISIBLE["event"][0], title_ru=VISIBLE["event"][1])
    event.organisers.add(partner, draft_partner)
    event.participants.add(draft_partner)
    past_event = EventFactory(
        past=True,
        slug="visible-past-event",
        title_en=VISIBLE["past event"][0],
        title_ru=VISIBLE["past event"][1],
    )
    past_event.organisers.add(partner)
    past_event.participants.add(draft_partner)
    draft_event = EventFactory(
        draft=True,
        slug="zq-draft-event",
        title_en=HIDDEN["draft event"][0],
        title_ru=HIDDEN["draft event"][1],
        city_en=HIDDEN["draft event's city"][0],
        city_ru=HIDDEN["draft event's city"][1],
        starts_at=now + timedelta(days=400),
        ends_at=now + timedelta(days=401),
    )
    draft_event.organisers.add(partner)

    post = PostFactory(
        slug="visible-post",
        title_en=VISIBLE["post"][0],
        title_ru=VISIBLE["post"][1],
        partners=[partner, draft_partner],
        event=draft_event,
    )
    second_post = PostFactory(
        slug="visible-second-post",
        title_en=VISIBLE["second post"][0],
        title_ru=VISIBLE["second post"][1],
        partners=[partner],
        event=event,
        published_at=now - timedelta(hours=2),
    )
    orphan_post = PostFactory(
        slug="visible-orphan-post",
        title_en=VISIBLE["orphan post"][0],
        title_ru=VISIBLE["orphan post"][1],
        partners=[draft_partner],
        published_at=now - timedelta(hours=3),
    )
    draft_post = PostFactory(
        draft=True,
        slug="zq-draft-post",
        title_en=HIDDEN["draft post"][0],
        title_ru=HIDDEN["draft post"][1],
        partners=[partner],
        event=event,
    )
    scheduled_post = PostFactory(
        scheduled=True,
        slug="zq-scheduled-post",
        title_en=HIDDEN["scheduled post"][0],
        title_ru=HIDDEN["scheduled post"][1],
        partners=[partner],
        event=event,
    )
    return SimpleNamespace(**locals())


def _url(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _text(response):
    """The whole response as text; iCalendar lines unfolded, so no word is split across lines."""
    content = b"".join(response) if response.streaming else response.content
    text = content.decode("utf-8-sig")
    if response["Content-Type"].startswith("text/calendar"):
        text = text.replace("\r\n ", "").replace("\r\n\t", "")
    return text


def _surfaces(world, lang):
    """(URL, the visible words it must show) for every public surface in ``lang``."""
    w = world
    year = w.past_event.starts_at.year
    shown = lambda *names: [visible(name, lang) for name in names]  # noqa: E731
    return [
        (_url(lang, "home"), shown("post", "event", "association")),
        (_url(lang, "news:list"), shown("post", "second post", "orphan post", "partner", "association")),
        (_url(lang, "news:list") + "?partner=visible-partner", shown("post", "second post")),
        (_url(lang, "news:list") + "?association=visible-association", shown("post", "second post")),
        (_url(lang, "news:list") + "?country=CN", shown("post")),
        (_url(lang, "news:list") + f"?year={w.post.published_at.year}", shown("post")),
        (_url(lang, "news:detail", slug="visible-post"), shown("post", "partner")),
        (_url(lang, "news:detail", slug="visible-second-post"), shown("second post", "event", "partner")),
        (_url(lang, "news:detail", slug="visible-orphan-post"), shown("orphan post")),
        (_url(lang, "events:list"), shown("event")),
        (_url(lang, "events:list") + f"?year={year}", shown("event", "past event")),
        (_url(lang, "events:detail", slug="visible-event"), shown("event", "partner", "second post")),
        (_url(lang, "events:detail", slug="visible-past-event"), shown("past event", "partner")),
        (_url(lang, "partners:list"), shown("partner", "association")),
        (_url(lang, "partners:list") + "?association=visible-association", shown("partner")),
        (_url(lang, "partners:list") + "?country=CN&kind=university", shown("partner")),
        (_url(lang, "partners:map"), shown("partner")),
        (_url(lang, "partners:map") + "?association=visible-association", shown("partner")),
        (_url(lang, "partners:export_csv"), ["visible-partner", "visible-association"]),
        (_url(lang, "partners:export_json"), ["visible-partner", "visible-association"]),
        (_url(lang, "partners:export_json") + "?association=visible-association", ["visible-partner"]),
        (
            _url(lang, "partners:detail", slug="visible-partner"),
            shown("partner", "association", "agreement", "post", "event", "past event"),
        ),
        (_url(lang, "partners:detail", slug="visible-association"), shown("association", "partner")),
        (_url(lang, "news:feed"), shown("post", "second post")),
        (_url(lang, "news:atom"), shown("post", "second post")),
        (_url(lang, "partner_news_feed", slug="visible-partner"), shown("post", "second post")),
        (_url(lang, "partner_news_feed", slug="visible-association"), []),
        (_url(lang, "events:ical_feed"), shown("event", "past event")),
        (_url(lang, "events:ical", slug="visible-event"), shown("event")),
        (_url(lang, "partner_events_ical", slug="visible-partner"), shown("event", "past event")),
        (_url(lang, "search") + f"?q={visible('post', lang)}", shown("post", "partner")),
        (_url(lang, "search") + f"?q={visible('partner', lang)}", shown("partner", "post")),
        (_url(lang, "search") + f"?q={visible('event', lang)}&partner=visible-partner", shown("event")),
        (_url(lang, "opensearch"), []),
        ("/sitemap.xml", ["/sitemap-news.xml", "/sitemap-events.xml", "/sitemap-partners.xml"]),
        ("/sitemap-news.xml", ["visible-post"]),
        ("/sitemap-events.xml", ["visible-event"]),
        ("/sitemap-partners.xml", ["visible-partner"]),
        ("/robots.txt", ["Sitemap:"]),
    ]


def _hidden_urls(world, lang):
    """The addresses of the hidden items and of staff previews: a 404 like any other unknown address."""
    return [
        _url(lang, "news:preview", pk=world.draft_post.pk),
        _url(lang, "events:preview", pk=world.draft_event.pk),
        _url(lang, "partners:preview", pk=world.draft_partner.pk),
        _url(lang, "news:detail", slug="zq-draft-post"),
        _url(lang, "news:detail", slug="zq-scheduled-post"),
        _url(lang, "events:detail", slug="zq-draft-event"),
        _url(lang, "events:ical", slug="zq-draft-event"),
        _url(lang, "partners:detail", slug="zq-draft-partner"),
        _url(lang, "partners:detail", slug="zq-draft-association"),
        _url(lang, "partner_news_feed", slug="zq-draft-partner"),
        _url(lang, "partner_events_ical", slug="zq-draft-partner"),
    ]


@pytest.fixture(params=["anonymous", "signed-in visitor"])
def visitor(request, client):
    if request.param == "signed-in visitor":
        client.force_login(UserFactory())
    return client


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_hidden_item_reaches_any_public_surface(world, visitor, lang):
    problems = []
    for url, expected in _surfaces(world, lang):
        response = visitor.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        text = _text(response)
        problems += [f"{url} shows {marker!r}" for marker in MARKERS if marker in text]
        problems += [f"{url} lacks {word!r}" for word in expected if word not in text]
    for url in _hidden_urls(world, lang):
        if (status := visitor.get(url).status_code) != 404:
            problems.append(f"{url}: status {status}, not 404")
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_searching_for_any_hidden_word_finds_nothing(world, visitor, lang):
    problems = []
    for marker in MARKERS:
        response = visitor.get(_url(lang, "search"), {"q": marker})
        assert response.status_code == 200
        results = response.context["results"]
        if results.count():
            problems.append(f"{marker!r} finds {[hit.object for hit in results[:10]]}")
        # The page repeats the query itself; nothing else hidden may show.
        text = _text(response).replace(marker, "")
        problems += [f"{marker!r} shows {other!r}" for other in MARKERS if other in text]
    assert problems == []


# --- A post's event -------------------------------------------------------------------------------


def _date(event, lang):
    with translation.override(lang):
        return formats.date_format(event.local_starts_at, "DATE_FORMAT")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_post_shows_its_event_only_if_the_event_is_published(client, world, lang):
    response = client.get(_url(lang, "news:detail", slug="visible-post"))
    assert response.context["post"].event is None
    for word in [
        hidden("draft event", lang),
        hidden("draft event's city", lang),
        _date(world.draft_event, lang),
    ]:
        assertNotContains(response, word)
    assertNotContains(response, 'id="post-event"')

    response = client.get(_url(lang, "news:detail", slug="visible-second-post"))
    assertContains(response, 'id="post-event"')
    assertContains(response, visible("event", lang))
    assertContains(response, _date(world.event, lang))


def test_hiding_a_draft_event_keeps_the_post_pages_query_budget(client, world, django_assert_max_num_queries):
    # The budget of tests/news/test_views.py: one query for the published event instead of a join.
    for slug in ["visible-post", "visible-second-post", "visible-orphan-post"]:
        with django_assert_max_num_queries(8):
            assert client.get(f"/en/news/{slug}/").status_code == 200


# --- A post's and an event's partners --------------------------------------------------------------


def _json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_post_names_only_its_published_partners(client, world, lang):
    response = client.get(_url(lang, "news:detail", slug="visible-post"))
    assert list(response.context["post"].partners.all()) == [world.partner]
    assertContains(response, visible("partner", lang))
    assertNotContains(response, hidden("draft partner", lang))
    assertNotContains(response, "?partner=zq-draft-partner")
    about = _json_ld(response)["about"]
    assert [item["url"] for item in about] == [
        f"http://testserver{_url(lang, 'partners:detail', slug='visible-partner')}"
    ]


def test_post_cards_name_only_published_partners(client, world):
    for url in ["/en/", "/en/news/", f"/en/news/?year={world.post.published_at.year}"]:
        response = client.get(url)
        assertContains(response, "Visiblepost")
        assertContains(response, "Visiblepartner")
        assertNotContains(response, "ZQDPSHORT")
        assertNotContains(response, "Zqdraftpartner")


def test_more_news_about_these_partners_ignores_draft_partners(client, world):
    # The orphan post's only partner is a draft: there is nothing "about these partners" to show.
    response = client.get("/en/news/visible-orphan-post/")
    assert response.context["related_posts"] == []
    assertNotContains(response, 'id="related-news"')
    response = client.get("/en/news/visible-post/")
    assert list(response.context["related_posts"]) == [world.second_post]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_event_names_only_its_published_organisers_and_participants(client, world, lang):
    response = client.get(_url(lang, "events:detail", slug="visible-event"))
    event = response.context["event"]
    assert list(event.organisers.all()) == [world.partner]
    assert list(event.participants.all()) == []
    assertNotContains(response, hidden("draft partner", lang))
    organizer = _json_ld(response)["organizer"]
    assert [item["name"] for item in organizer] == [
        world.partner.name_en if lang == "en" else world.partner.name_ru
    ]
    # The event's news: published posts only, each naming published partners only.
    assert list(event.posts.all()) == [world.second_post]
    assertNotContains(response, hidden("draft post", lang))
    assertNotContains(response, hidden("scheduled post", lang))


def test_an_event_whose_partners_are_all_drafts_falls_back_to_the_office_as_organiser(client, world):
    response = client.get("/en/events/visible-past-event/")
    assert [item["name"] for item in _json_ld(response)["organizer"]] == [world.partner.name_en]
    world.past_event.organisers.set([world.draft_partner])
    response = client.get("/en/events/visible-past-event/")
    assert _json_ld(response)["organizer"]["@type"] == "Organization"
    assertNotContains(response, "Zqdraftpartner")
    assertNotContains(response, "Participants")


# --- A partner's posts, events, agreements and memberships -------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_partner_page_shows_only_visible_news_events_agreements_and_associations(client, world, lang):
    response = client.get(_url(lang, "partners:detail", slug="visible-partner"))
    timeline = response.context["timeline"]
    assert [entry.get("post") or entry.get("event") for entry in timeline] == [
        world.event,
        world.post,
        world.second_post,
        world.past_event,
    ]
    assert [agreement.title_en for agreement in response.context["partner"].public_agreements] == [
        "Visibleagreement"
    ]
    assertNotContains(response, hidden("internal agreement", lang))
    assertNotContains(response, hidden("draft association", lang))
    member_of = _json_ld(response)["memberOf"]
    assert [item["url"] for item in member_of] == [
        f"http://testserver{_url(lang, 'partners:detail', slug='visible-association')}"
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_association_page_lists_only_published_members(client, world, lang):
    response = client.get(_url(lang, "partners:detail", slug="visible-association"))
    members = [membership.member for membership in response.context["partner"].members.all()]
    assert members == [world.partner]
    assert [group["count"] for group in response.context["member_groups"]] == [1]
    assertNotContains(response, hidden("draft partner", lang))
    # Both languages say "1 member" (Russian: "1 участник").
    assertContains(response, 'id="members-heading">1 ')


def test_the_exports_list_only_published_partners_and_associations(client, world):
    data = json.loads(client.get("/en/partners/export.json").content)
    assert data["count"] == 2
    records = {record["slug"]: record for record in data["partners"]}
    assert set(records) == {"visible-partner", "visible-association"}
    assert records["visible-partner"]["associations"] == ["visible-association"]

    rows = list(
        csv.DictReader(io.StringIO(client.get("/en/partners/export.csv").content.decode("utf-8-sig")))
    )
    assert {row["slug"]: row["associations"] for row in rows} == {
        "visible-association": "",
        "visible-partner": "visible-association",
    }


# --- Directory, map, facets and counts ---------------------------------------------------------------


def test_the_directory_and_its_facets_count_only_published_partners(client, world):
    response = client.get("/en/partners/")
    assert list(response.context["object_list"]) == [world.association, world.partner]
    form = response.context["filter_form"]
    assert dict(form.fields["kind"].choices) == {
        "": "All kinds",
        "university": "University (1)",
        "association": "Association (1)",
    }
    assert dict(form.fields["country"].widget.choices) == {"": "All countries", "CN": "China (2)"}
    assert dict(form.fields["association"].widget.choices) == {
        "": "Any or none",
        "visible-association": "Visibleassociation (1)",
    }


def test_a_draft_association_is_an_unknown_filter_in_the_directory_map_and_exports(client, world):
    for url in ["/en/partners/", "/en/partners/map/", "/en/partners/export.csv", "/en/partners/export.json"]:
        response = client.get(url, {"association": "zq-draft-association"})
        unknown = client.get(url, {"association": "no-such-association"})
        assert response.status_code == unknown.status_code == 400
        assertContains(response, "There is no association", status_code=400)
    response = client.get("/en/partners/", {"association": "visible-association"})
    assert list(response.context["object_list"]) == [world.partner]


def test_the_map_shows_and_counts_only_published_partners(client, world):
    response = client.get("/en/partners/map/")
    assert response.context["partner_count"] == 2
    assert [option.value for option in response.context["countries"]] == ["CN"]
    assert list(response.context["located"]) == [world.partner]
    assertNotContains(response, "New Zealand")


def test_the_home_page_counts_only_published_partners_and_members(client, world):
    response = client.get("/en/")
    assert response.context["partner_count"] == 2
    assert response.context["country_count"] == 1
    associations = {
        association.slug: association.member_count for association in response.context["associations"]
    }
    assert associations == {"visible-association": 1}
    assertContains(response, "member of Visibleassociation")


def test_news_facets_count_only_links_to_published_partners(client, world):
    facets = client.get("/en/news/").context["facets"]
    assert [(option["slug"], option["post_count"]) for option in facets["partners"]] == [
        ("visible-partner", 2)
    ]
    assert [(country["code"], country["post_count"]) for country in facets["countries"]] == [("CN", 2)]
    # The orphan post is about a draft member only: it does not count for the association.
    assert [(option["slug"], option["post_count"]) for option in facets["associations"]] == [
        ("visible-association", 2)
    ]


def test_news_filters_ignore_links_to_draft_partners(client, world):
    def listed(**query):
        return {post.slug for post in client.get("/en/news/", query).context["object_list"]}

    assert listed() == {"visible-post", "visible-second-post", "visible-orphan-post"}
    assert listed(association="visible-association") == {"visible-post", "visible-second-post"}
    assert listed(country="NZ") == set()
    assert listed(country="CN") == {"visible-post", "visible-second-post"}


@pytest.mark.parametrize("slug", ["zq-draft-partner", "no-such-partner"])
def test_a_draft_partner_in_the_news_filter_is_an_unknown_partner(client, world, slug):
    response = client.get("/en/news/", {"partner": slug})
    assert list(response.context["object_list"]) == []
    assertContains(response, f"There is no partner “{slug}”.", status_code=400)
    response = client.get("/en/news/", {"association": "zq-draft-association"})
    assert list(response.context["object_list"]) == []
    assertContains(response, "There is no such association.", status_code=400)


# --- Search ------------------------------------------------------------------------------------------


def test_the_search_page_offers_only_published_partners(client, world):
    response = client.get("/en/search/")
    assert set(response.context["partner_choices"]) == {world.partner, world.association}
    response = client.get("/en/search/", {"q": "Visiblepost", "partner": "zq-draft-partner"})
    assert "results" not in response.context
    assertContains(response, "There is no partner “zq-draft-partner”.", status_code=400)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_search_hit_names_only_its_published_partners(client, world, lang):
    response = client.get(_url(lang, "search"), {"q": visible("post", lang)})
    hits = response.context["page_obj"].object_list
    assert [hit.object for hit in hits] == [world.post]
    assert list(hits[0].object.partners.all()) == [world.partner]
    assertNotContains(response, hidden("draft partner's short name", lang))


@pytest.mark.parametrize("word", ["Zqdraftpartner", "Zqpartnertown", "Zqnativedraftname", "Zqaliasdraft"])
def test_a_draft_partners_names_find_neither_it_nor_its_news_and_events(client, world, word):
    response = client.get("/en/search/", {"q": word})
    assert response.context["results"].counts == {"news": 0, "events": 0, "partners": 0}
    # The same words find a published partner, and the news and events it is linked to.
    world.draft_partner.status = "published"
    world.draft_partner.save()
    counts = client.get("/en/search/", {"q": word}).context["results"].counts
    assert counts["partners"] == 1
    assert counts["news"] >= 1
    assert counts["events"] >= 1


# --- Feeds, calendars and the sitemap -------------------------------------------------------------


def test_a_draft_partners_feed_and_calendar_are_404_until_it_is_published(client, world):
    urls = ["/en/partners/zq-draft-partner/feed/", "/en/partners/zq-draft-partner/events.ics"]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    world.draft_partner.status = "published"
    world.draft_partner.save()
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_the_sitemap_lists_only_published_partners(client, world):
    text = client.get("/sitemap-partners.xml").content.decode()
    assert "/partners/visible-partner/" in text
    assert "/partners/visible-association/" in text
    assert "/partners/zq-draft-partner/" not in text
    assert "/partners/zq-draft-association/" not in text


# --- Staff previews: the item whatever its status, its relations as visitors see them ---------------


def test_a_post_preview_shows_only_the_visible_event_and_partners(editor_client, world):
    draft = world.draft_post
    draft.event = world.draft_event
    draft.save()
    draft.partners.add(world.draft_partner)
    response = editor_client.get(_url("en", "news:preview", pk=draft.pk))
    assertContains(response, "Zqdraftpost")
    assertContains(response, "Visiblepartner")
    for word in ["Zqdraftevent", "Zqeventtown", "Zqdraftpartner"]:
        assertNotContains(response, word)


def test_a_preview_of_pending_changes_shows_only_the_visible_event_and_partners(editor, editor_client, world):
    # An editor proposes to link the second post to the draft event and the draft partner.
    proposal = Post.objects.get(pk=world.second_post.pk)
    proposal.event = world.draft_event
    data = proposed_data(proposal, {"partners": [world.partner.pk, world.draft_partner.pk], "topics": []})
    store_pending(editor, world.second_post, data, world.second_post.version)
    response = editor_client.get(_url("en", "news:preview", pk=world.second_post.pk))
    assert response.context["post"].event is None
    assertContains(response, "Visiblepartner")
    for word in ["Zqdraftevent", "Zqeventtown", "Zqdraftpartner", "Visibleevent"]:
        assertNotContains(response, word)
    # Visitors still see the live post, with its published event.
    assertContains(editor_client.get("/en/news/visible-second-post/"), "Visibleevent")


def test_an_event_preview_names_only_published_partners(editor_client, world):
    world.draft_event.participants.add(world.draft_partner)
    response = editor_client.get(_url("en", "events:preview", pk=world.draft_event.pk))
    assertContains(response, "Zqdraftevent")
    assertContains(response, "Visiblepartner")
    assertNotContains(response, "Zqdraftpartner")


def test_a_partner_preview_shows_memberships_visitors_will_see(editor_client, world):
    # A draft: its published association shows (as it will once the draft is published)…
    response = editor_client.get(_url("en", "partners:preview", pk=world.draft_partner.pk))
    assertContains(response, "Zqdraftpartner")
    assert [m.association for m in response.context["partner"].memberships.all()] == [world.association]
    # …a published partner's preview shows no draft association, draft news or internal agreement.
    response = editor_client.get(_url("en", "partners:preview", pk=world.partner.pk))
    assert [m.association for m in response.context["partner"].memberships.all()] == [world.association]
    for word in ["Zqdraftassociation", "Zqinternalagreement", "Zqdraftpost", "Zqdraftevent"]:
        assertNotContains(response, word)
    # An association's preview lists its published members only.
    response = editor_client.get(_url("en", "partners:preview", pk=world.association.pk))
    assert [m.member for m in response.context["partner"].members.all()] == [world.partner]
