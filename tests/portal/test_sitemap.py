from xml.etree import ElementTree

import pytest
from django.utils.timezone import localdate

from tests.factories import EventFactory, PartnerFactory, PostFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


def sitemap(client):
    """The sitemap as {location: {"lastmod": …, "alternates": {hreflang: href}}}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
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


@pytest.mark.parametrize("count", [3, 100])
def test_sitemap_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    for _ in range(count):
        PostFactory()
        EventFactory()
        PartnerFactory()

    # One query each for posts, events and partners.
    with django_assert_max_num_queries(3):
        entries = sitemap(client)

    assert len(entries) == 2 * (4 + 3 * count)


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
