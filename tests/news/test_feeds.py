import html
from datetime import timedelta

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from tests.factories import PartnerFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

FEEDS = ["news:feed", "news:atom"]


def url(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def parse(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return feedparser.parse(response.content)


def hours_ago(hours):
    return timezone.now() - timedelta(hours=hours)


def test_rss_feed_lists_published_posts_newest_first_with_their_details(client):
    space = TopicFactory(name_ru="Космические исследования", name_en="Space research")
    older = PostFactory(published_at=hours_ago(3), title_ru="Старая новость")
    newest = PostFactory(
        published_at=hours_ago(1),
        title_ru="Свежая новость",
        lead_ru="Подписано соглашение.",
        topics=[space],
    )
    middle = PostFactory(published_at=hours_ago(2), title_ru="Вчерашняя новость")

    response = client.get(url("ru", "news:feed"))
    feed = feedparser.parse(response.content)

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert not feed.bozo
    assert feed.version == "rss20"
    assert feed.feed.language == "ru"
    assert feed.feed.link == "http://testserver/ru/news/"
    assert [entry.title for entry in feed.entries] == [newest.title_ru, middle.title_ru, older.title_ru]
    entry = feed.entries[0]
    assert entry.link == f"http://testserver/ru/news/{newest.slug}/"
    assert entry.id == entry.link
    assert entry.summary == "Подписано соглашение."
    assert [tag.term for tag in entry.tags] == ["Космические исследования"]
    assert entry.published_parsed[:5] == newest.published_at.utctimetuple()[:5]
    assert entry.author == str(settings.SITE_NAME)


def test_atom_feed_has_updated_dates_and_the_office_as_author(client):
    post = PostFactory()

    feed = parse(client, url("en", "news:atom"))

    assert not feed.bozo
    assert feed.version == "atom10"
    entry = feed.entries[0]
    assert entry.id == f"http://testserver/en/news/{post.slug}/"
    assert entry.updated_parsed[:5] == post.updated_at.utctimetuple()[:5]
    assert entry.published_parsed[:5] == post.published_at.utctimetuple()[:5]
    assert entry.author == "International Relations Office"
    assert feed.feed.updated_parsed is not None


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_feeds_speak_the_language_of_their_prefix(client, name, lang):
    topic = TopicFactory(name_ru="Биотехнологии", name_en="Biotechnology")
    post = PostFactory(
        title_ru="Лекции гостей из Тяньцзиня",
        title_en="Guest lectures from Tianjin",
        lead_ru="Гости прочитали курс.",
        lead_en="The guests gave a course.",
        topics=[topic],
    )

    feed = parse(client, url(lang, name))

    entry = feed.entries[0]
    assert feed.feed.language == lang
    assert entry.title == getattr(post, f"title_{lang}")
    assert entry.summary == getattr(post, f"lead_{lang}")
    assert [tag.term for tag in entry.tags] == [getattr(topic, f"name_{lang}")]
    assert entry.link == f"http://testserver/{lang}/news/{post.slug}/"


@pytest.mark.parametrize("name", FEEDS)
def test_english_feed_falls_back_to_the_russian_text(client, name):
    PostFactory(title_ru="Только по-русски", title_en="", lead_ru="Русский анонс.", lead_en="")

    feed = parse(client, url("en", name))

    assert feed.entries[0].title == "Только по-русски"
    assert feed.entries[0].summary == "Русский анонс."


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_show_only_published_posts(client, name):
    published = PostFactory(title_ru="Опубликованная новость")
    PostFactory(draft=True, title_ru="Черновик новости")
    PostFactory(scheduled=True, title_ru="Запланированная новость")
    PostFactory(draft=True, scheduled=True, title_ru="Запланированный черновик")

    feed = parse(client, url("ru", name))

    assert [entry.title for entry in feed.entries] == [published.title_ru]


@pytest.mark.parametrize("name", FEEDS)
def test_a_lead_is_shown_as_the_editor_typed_it(client, name):
    lead = "Соглашение <b>подписано</b> & вступило в силу"
    PostFactory(lead_ru=lead)

    feed = parse(client, url("ru", name))

    # A reader renders the description as HTML: its visible text must be the lead, tags and all.
    assert html.unescape(strip_tags(feed.entries[0].summary)) == lead


def test_feed_is_limited_to_the_latest_posts(client):
    for hours in range(35):
        PostFactory(published_at=hours_ago(hours + 1))

    feed = parse(client, url("ru", "news:feed"))

    assert len(feed.entries) == 30


def test_partner_feed_has_only_that_partners_published_posts(client):
    partner = PartnerFactory(name_ru="Харбинский политехнический университет", name_en="Harbin Institute")
    other = PartnerFactory()
    own_old = PostFactory(partners=[partner], published_at=hours_ago(2))
    own_new = PostFactory(partners=[partner, other], published_at=hours_ago(1))
    PostFactory(partners=[other])
    PostFactory()
    PostFactory(partners=[partner], draft=True)
    PostFactory(partners=[partner], scheduled=True)

    feed = parse(client, url("en", "partner_news_feed", slug=partner.slug))

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [own_new.title_en, own_old.title_en]
    assert feed.feed.title == "Harbin Institute: news"
    assert feed.feed.link == f"http://testserver/en/partners/{partner.slug}/"
    assert feed.entries[0].link == f"http://testserver/en/news/{own_new.slug}/"


def test_partner_feed_of_an_unknown_partner_is_not_found(client):
    assert client.get(url("ru", "partner_news_feed", slug="no-such-partner")).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/ru/partners/%00/feed/",
        "/ru/partners/<script>alert(1)<%2Fscript>/feed/",
        "/en/partners/" + "a" * 5000 + "/feed/",
        "/ru/partners/пример/feed/",
        "/ru/news/feed/%00",
    ],
)
def test_odd_partner_slugs_are_not_found(client, address):
    PartnerFactory()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("count", [3, 100])
@pytest.mark.parametrize("name", FEEDS)
def test_news_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, name, count):
    topics = TopicFactory.create_batch(2)
    partners = PartnerFactory.create_batch(2)
    for _ in range(count):
        PostFactory(topics=topics, partners=partners)

    # The posts, then their topics.
    with django_assert_max_num_queries(2):
        feed = parse(client, url("en", name))

    assert len(feed.entries) == min(count, 30)


@pytest.mark.parametrize("count", [3, 100])
def test_partner_feed_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    topics = TopicFactory.create_batch(2)
    partner = PartnerFactory()
    for _ in range(count):
        PostFactory(topics=topics, partners=[partner])

    # The partner, its posts, their topics.
    with django_assert_max_num_queries(3):
        feed = parse(client, url("ru", "partner_news_feed", slug=partner.slug))

    assert len(feed.entries) == min(count, 30)
