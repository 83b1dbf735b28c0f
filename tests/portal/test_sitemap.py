import math
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.cache import caches
from django.utils import timezone
from django.utils.http import http_date
from django.utils.timezone import localdate

from news.models import Event, Post
from partners.models import Partner
from portal.core.translation_utils import complete_in, complete_languages
from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"
SECTIONS = ["pages", "news", "events", "partners"]


def index(client):
    """The sitemap index as [(location, lastmod)]."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    return [
        (node.findtext("s:loc", namespaces=NS), node.findtext("s:lastmod", namespaces=NS))
        for node in root.findall("s:sitemap", NS)
    ]


def section_page(client, location):
    """One page of a section as {location: {"lastmod": …, "alternates": {hreflang: href}}}."""
    response = client.get(location.removeprefix(HOST))
    assert response.status_code == 200, location
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    entries = {}
    for url in root.findall("s:url", NS):
        entries[url.findtext("s:loc", namespaces=NS)] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link[@rel='alternate']", NS)
            },
        }
    return entries


def sitemap(client):
    """Every entry of every page the index lists, as ``section_page`` gives them."""
    entries = {}
    for location, _lastmod in index(client):
        page = section_page(client, location)
        assert not set(page) & set(entries), "an address is listed twice"
        entries.update(page)
    return entries


def both_languages(path):
    """The sitemap entry expected for ``path`` (without a language prefix) in each language."""
    alternates = {"ru": f"{HOST}/ru{path}", "en": f"{HOST}/en{path}", "x-default": f"{HOST}{path}"}
    return {f"{HOST}/{lang}{path}": alternates for lang in ["ru", "en"]}


def test_sitemap_lists_every_public_page_in_both_languages(client):
    partner = PartnerFactory()
    post = PostFactory(partners=[partner])
    event = EventFactory()

    entries = sitemap(client)

    expected = {}
    for path in [
        "/",
        "/news/",
        "/events/",
        "/partners/",
        f"/news/{post.slug}/",
        f"/events/{event.slug}/",
        f"/partners/{partner.slug}/",
    ]:
        expected.update(both_languages(path))
    assert {location: entry["alternates"] for location, entry in entries.items()} == expected


def test_sitemap_lists_an_untranslated_item_only_in_the_language_it_is_written_in(client):
    # As on the page itself: /en/news/… of a Russian-only post shows Russian text, no English version.
    russian = PostFactory(title_en="", lead_en="", body_en="")
    english = EventFactory(title_ru="", description_ru="", description_en="<p>Programme.</p>")

    entries = sitemap(client)

    assert entries[f"{HOST}/ru/news/{russian.slug}/"]["alternates"] == {
        "ru": f"{HOST}/ru/news/{russian.slug}/",
        "x-default": f"{HOST}/news/{russian.slug}/",
    }
    assert f"{HOST}/en/news/{russian.slug}/" not in entries
    assert entries[f"{HOST}/en/events/{english.slug}/"]["alternates"] == {
        "en": f"{HOST}/en/events/{english.slug}/"
    }
    assert f"{HOST}/ru/events/{english.slug}/" not in entries


def test_sitemap_gives_the_last_modification_of_content(client):
    post = PostFactory()
    event = EventFactory()
    partner = PartnerFactory()

    entries = sitemap(client)

    # Dates as the office sees them, in the site's time zone.
    assert entries[f"{HOST}/en/news/{post.slug}/"]["lastmod"] == str(localdate(post.updated_at))
    assert entries[f"{HOST}/ru/events/{event.slug}/"]["lastmod"] == str(localdate(event.updated_at))
    assert entries[f"{HOST}/ru/partners/{partner.slug}/"]["lastmod"] == str(localdate(partner.updated_at))
    assert entries[f"{HOST}/ru/news/"]["lastmod"] is None


def test_sitemap_has_no_drafts_or_scheduled_posts(client):
    published = PostFactory()
    draft = PostFactory(draft=True)
    scheduled = PostFactory(scheduled=True)
    live_event = EventFactory()
    past_event = EventFactory(past=True)
    draft_event = EventFactory(draft=True)

    locations = set(sitemap(client))

    assert f"{HOST}/ru/news/{published.slug}/" in locations
    assert f"{HOST}/ru/events/{live_event.slug}/" in locations
    assert f"{HOST}/en/events/{past_event.slug}/" in locations
    for hidden in [draft, scheduled, draft_event]:
        assert not [location for location in locations if hidden.slug in location], hidden.slug


def test_every_sitemap_address_answers(client):
    PostFactory(partners=[PartnerFactory()])
    EventFactory()

    entries = sitemap(client)

    for location, entry in entries.items():
        assert client.get(location.removeprefix(HOST)).status_code == 200, location
        # x-default is the address without a language: it sends the visitor to their language.
        response = client.get(entry["alternates"]["x-default"].removeprefix(HOST))
        assert response.status_code == 302
        assert response["Location"] == location.removeprefix(HOST).replace("/en/", "/ru/", 1)


@pytest.mark.parametrize("count", [3, 60])
def test_each_sitemap_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PostFactory()
        EventFactory()
        PartnerFactory()

    # The index: the last primary key and edit of each model, and when the latest post appeared.
    with django_assert_max_num_queries(4):
        locations = [location for location, _lastmod in index(client)]
    assert len(locations) == 4
    # A page: its latest edit and (for news) when its latest post appeared, then its rows; the
    # list pages' date is the latest of the other sections'.
    for location in locations:
        with django_assert_max_num_queries(4):
            section_page(client, location)
    assert len(sitemap(client)) == 2 * (4 + 3 * count)


def test_the_index_lists_every_page_of_every_section_with_its_last_change(client, settings):
    settings.SITEMAP_URL_LIMIT = 6  # three items a page, in two languages
    posts = [PostFactory() for _ in range(7)]
    events = [EventFactory() for _ in range(2)]
    partner = PartnerFactory()

    listed = index(client)

    def pages(section, last_pk):
        first = f"{HOST}/sitemap-{section}.xml"
        return [first] + [f"{first}?p={page}" for page in range(2, math.ceil(last_pk / 3) + 1)]

    expected = [
        *pages("pages", 4),
        *pages("news", posts[-1].pk),
        *pages("events", events[-1].pk),
        *pages("partners", partner.pk),
    ]
    assert [location for location, _lastmod in listed] == expected
    lastmod = dict(listed)
    latest_post = max(post.updated_at for post in posts)
    assert lastmod[f"{HOST}/sitemap-news.xml"] == timezone.localtime(latest_post).isoformat()
    assert lastmod[f"{HOST}/sitemap-partners.xml"] == timezone.localtime(partner.updated_at).isoformat()
    # The list pages change with what they list.
    latest = max(latest_post, partner.updated_at, *(event.updated_at for event in events))
    assert lastmod[f"{HOST}/sitemap-pages.xml"] == timezone.localtime(latest).isoformat()


def test_no_sitemap_page_lists_more_addresses_than_the_limit(client, settings):
    settings.SITEMAP_URL_LIMIT = 6
    # Pages are ranges of ids: ids from 1 (whatever the sequences), so that the pages are few.
    posts = [PostFactory(pk=pk) for pk in range(1, 9)]
    for pk in range(1, 5):
        EventFactory(pk=pk)
        PartnerFactory(pk=pk)

    everything = {}
    for location, _lastmod in index(client):
        page = section_page(client, location)
        assert len(page) <= 6, location
        everything.update(page)

    # Together the pages list everything, in both languages: 4 list pages, 8 posts, 4 events, 4 partners.
    assert len(everything) == 2 * (4 + 8 + 4 + 4)
    for post in posts:
        assert f"{HOST}/en/news/{post.slug}/" in everything


def test_a_news_page_lists_only_published_posts_with_their_alternates(client, settings):
    settings.SITEMAP_URL_LIMIT = 6
    # Pages are ranges of ids: ids from 1 (whatever the sequences), so that the pages are few.
    published = PostFactory(pk=1)
    draft = PostFactory(pk=2, draft=True)
    scheduled = PostFactory(pk=3, scheduled=True)
    russian_only = PostFactory(pk=4, title_en="", lead_en="", body_en="")

    entries = {}
    for location, _lastmod in index(client):
        if "/sitemap-news.xml" in location:
            entries.update(section_page(client, location))

    assert entries.keys() == {
        f"{HOST}/ru/news/{published.slug}/",
        f"{HOST}/en/news/{published.slug}/",
        f"{HOST}/ru/news/{russian_only.slug}/",
    }
    assert entries[f"{HOST}/en/news/{published.slug}/"]["alternates"] == {
        "ru": f"{HOST}/ru/news/{published.slug}/",
        "en": f"{HOST}/en/news/{published.slug}/",
        "x-default": f"{HOST}/news/{published.slug}/",
    }
    assert draft.slug not in str(entries) and scheduled.slug not in str(entries)


def test_a_scheduled_post_dates_its_page_from_its_publication(client):
    post = PostFactory()
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now() - timedelta(days=30))
    later = PostFactory()
    appears = timezone.now() - timedelta(minutes=5)
    # Saved (updated_at) a week ago for publication five minutes ago: its page appeared just now.
    Post.objects.filter(pk=later.pk).update(
        updated_at=timezone.now() - timedelta(days=7), published_at=appears
    )

    entries = section_page(client, f"{HOST}/sitemap-news.xml")

    assert entries[f"{HOST}/ru/news/{later.slug}/"]["lastmod"] == str(localdate(appears))
    assert dict(index(client))[f"{HOST}/sitemap-news.xml"] == timezone.localtime(appears).isoformat()


def test_a_sitemap_page_answers_304_until_something_on_it_changes(client):
    post = PostFactory()
    other = PostFactory()
    EventFactory()
    PartnerFactory()
    day_ago = timezone.now() - timedelta(days=1)
    Post.objects.update(updated_at=day_ago, published_at=day_ago)
    Event.objects.update(updated_at=day_ago)
    Partner.objects.update(updated_at=day_ago)

    last_modified = client.get("/sitemap-news.xml")["Last-Modified"]
    assert last_modified == http_date(day_ago.timestamp())
    unchanged = {"If-Modified-Since": last_modified}
    assert client.get("/sitemap-news.xml", headers=unchanged).status_code == 304
    index_unchanged = {"If-Modified-Since": client.get("/sitemap.xml")["Last-Modified"]}
    assert client.get("/sitemap.xml", headers=index_unchanged).status_code == 304

    # Unpublishing a post changes the page, though the page no longer lists it.
    post.status = "draft"
    post.save()
    response = client.get("/sitemap-news.xml", headers=unchanged)
    assert response.status_code == 200
    assert post.slug not in response.content.decode()
    assert other.slug in response.content.decode()
    assert client.get("/sitemap.xml", headers=index_unchanged).status_code == 200


def test_the_page_cache_keeps_sitemap_pages_until_the_next_edit(
    client, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600
    caches["default"].clear()
    with django_capture_on_commit_callbacks(execute=True):
        PostFactory()
    client.get("/sitemap-news.xml")

    # Only the content version is read (from the database, with the in-memory cache).
    with django_assert_max_num_queries(1):
        kept = client.get("/sitemap-news.xml")
    assert getattr(kept, "page_cache_hit", False)

    with django_capture_on_commit_callbacks(execute=True):
        newer = PostFactory()
    assert newer.slug in client.get("/sitemap-news.xml").content.decode()
    caches["default"].clear()


@pytest.mark.parametrize(
    "url",
    ["/sitemap-nothing.xml", "/sitemap-news.xml?p=0", "/sitemap-news.xml?p=x", "/sitemap-news.xml?p=99999"],
)
def test_unknown_sections_and_pages_are_404(client, url):
    PostFactory()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("title_en", "lead_en", "body_en", "lead_ru"),
    [
        ("T", "L", "<p>B</p>", "Л"),
        ("T", "", "<p>B</p>", "Л"),
        ("T", "", "<p>B</p>", ""),
        ("", "", "", "Л"),
        ("T", "L", "", "Л"),
    ],
)
def test_the_database_decides_an_items_languages_as_the_page_does(title_en, lead_en, body_en, lead_ru):
    post = PostFactory(title_en=title_en, lead_en=lead_en, body_en=body_en, lead_ru=lead_ru)
    post.refresh_from_db()

    in_database = [
        lang
        for lang in ["ru", "en"]
        if Post.objects.filter(complete_in(Post.page_text_fields, lang), pk=post.pk)
    ]

    assert in_database == complete_languages(post, Post.page_text_fields)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert "Disallow: /ru/admin/" in lines
    assert "Disallow: /en/admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert [line for line in lines if line.startswith("Disallow:")] == [
        "Disallow: /ru/admin/",
        "Disallow: /en/admin/",
    ]


def test_robots_txt_follows_the_languages_setting(client, settings):
    settings.LANGUAGES = [("ru", "Russian"), ("en", "English"), ("zh-hans", "中文")]

    lines = client.get("/robots.txt").content.decode().splitlines()

    assert "Disallow: /zh-hans/admin/" in lines
