"""The anonymous page cache: served without rendering, never stale, never anyone's own page.

Edits are made inside ``django_capture_on_commit_callbacks(execute=True)``: the content version
changes when a transaction commits, and a test's own transaction never does.
"""

import time
from datetime import timedelta

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Post
from partners.models import Agreement
from portal.core import content_version
from portal.core.pagecache import page_lifetime
from portal.core.pending import PendingChange
from portal.core.publishing import proposed_data, publish_pending, store_pending
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    PostImageFactory,
    TopicFactory,
    pdf_file,
)

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/3"


def _redis_is_running():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


needs_redis = pytest.mark.skipif(not _redis_is_running(), reason=f"needs Redis at {REDIS_URL}")


@pytest.fixture(params=["locmem", pytest.param("redis", marks=needs_redis)])
def page_cache(request, settings):
    """The page cache on, in the process's memory (version in the database) or in Redis."""
    settings.PAGE_CACHE_SECONDS = 600
    if request.param == "redis":
        settings.CACHES = {
            **settings.CACHES,
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        }
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks at its end, as a real commit would.

    Set up inside one too: writes made outside any are never committed, and a commit would carry
    them together with the next one (one bump for both).
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _hit(response):
    return getattr(response, "page_cache_hit", False)


# --- Served from the cache --------------------------------------------------------------------


def test_a_second_anonymous_visit_is_served_from_the_cache(client, page_cache, django_assert_max_num_queries):
    PostFactory(title_ru="Визит в Харбин")
    first = client.get(reverse("news:list"))
    assert not _hit(first)
    # The version's one query, or none when it lives in Redis.
    with django_assert_max_num_queries(0 if page_cache == "redis" else 1):
        second = client.get(reverse("news:list"))
    assert _hit(second)
    assert second.content == first.content
    assertContains(second, "Визит в Харбин")


def test_every_public_page_is_kept(client, page_cache):
    partner = PartnerFactory()
    post = PostFactory(partners=[partner])
    event = EventFactory()
    urls = [
        reverse("home"),
        reverse("news:list"),
        reverse("news:list") + "?page=1",
        post.get_absolute_url(),
        reverse("news:feed"),
        reverse("news:atom"),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("events:ical_feed"),
        reverse("events:ical", kwargs={"slug": event.slug}),
        reverse("partners:list"),
        partner.get_absolute_url(),
        reverse("search") + "?q=visit",
        "/robots.txt",
        "/sitemap.xml",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert _hit(client.get(url)), url


def test_each_language_and_query_is_kept_apart(client, page_cache):
    PostFactory(title_ru="Русский заголовок", title_en="English title")
    assertContains(client.get("/ru/news/"), "Русский заголовок")
    english = client.get("/en/news/")
    assert not _hit(english)
    assertContains(english, "English title")
    assert not _hit(client.get("/en/news/?page=1"))


def test_no_page_cache_when_its_lifetime_is_zero(client, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("news:list"))
    second = client.get(reverse("news:list"))
    assert not _hit(second)
    assert "public" not in second.get("Cache-Control", "")


def test_a_display_mode_cookie_gets_its_own_copy(client, page_cache, settings):
    settings.PAGE_CACHE_VARY_COOKIES = ("display_mode",)
    client.get(reverse("home"))
    assert _hit(client.get(reverse("home")))
    client.cookies["display_mode"] = "low-vision"
    assert not _hit(client.get(reverse("home")))
    assert _hit(client.get(reverse("home")))


# --- Never stale: every kind of public content changes the version -----------------------------


def _edit_post(post):
    post.title_ru = "Новый заголовок"
    post.save()


def _edit_event(post):
    post.event.title_ru = "Новый заголовок"
    post.event.save()


def _rename_topic(post):
    topic = post.topics.get()
    topic.name_ru = "Новый заголовок"
    topic.save()


def _add_topic(post):
    post.topics.add(TopicFactory(name_ru="Новый заголовок"))


def _edit_partner(post):
    partner = post.partners.get()
    partner.name_ru = "Новый заголовок"
    partner.save()


def _link_partner(post):
    post.partners.add(PartnerFactory(name_ru="Новый заголовок"))


def _add_gallery_image(post):
    PostImageFactory(post=post, caption_ru="Новый заголовок")


def _delete_post(post):
    post.delete()


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (_edit_post, True),
        (_edit_event, True),
        (_rename_topic, True),
        (_add_topic, True),
        (_edit_partner, True),
        (_link_partner, True),
        (_add_gallery_image, True),
        (_delete_post, False),
    ],
)
def test_a_post_page_changes_at_once_whatever_changed(client, page_cache, committed, change, shown):
    with committed():
        post = PostFactory(partners=[PartnerFactory()], topics=[TopicFactory()], event=EventFactory())
    url = post.get_absolute_url()
    client.get(url)
    assert _hit(client.get(url))
    with committed():
        change(post)
    response = client.get(url)
    assert not _hit(response)
    if shown:
        assertContains(response, "Новый заголовок")
    else:
        assert response.status_code == 404


def test_a_partner_page_changes_with_its_memberships_and_agreements(client, page_cache, committed):
    with committed():
        association = PartnerFactory(association=True)
    url = association.get_absolute_url()
    client.get(url)
    with committed():
        MembershipFactory(association=association, member=PartnerFactory(name_ru="Новый член"))
    assertContains(client.get(url), "Новый член")
    with committed():
        AgreementFactory(partner=association, title_ru="Новое соглашение")
    assertContains(client.get(url), "Новое соглашение")
    assert _hit(client.get(url))
    with committed():
        Agreement.objects.get(partner=association).delete()
    assertNotContains(client.get(url), "Новое соглашение")


def test_publishing_and_unpublishing_through_the_admin_show_at_once(client, page_cache, committed, publisher):
    with committed():
        draft = PostFactory(draft=True, title_ru="Пока черновик")
    anonymous = client.__class__()
    anonymous.get(reverse("news:list"))
    client.force_login(publisher)
    changelist = reverse("admin:news_post_changelist")
    with committed():
        client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assertContains(anonymous.get(reverse("news:list")), "Пока черновик")
    with committed():
        client.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    assertNotContains(anonymous.get(reverse("news:list")), "Пока черновик")


def test_a_published_pending_change_shows_at_once(client, page_cache, committed, publisher, editor):
    with committed():
        post = PostFactory(title_ru="Старый заголовок")
    client.get(post.get_absolute_url())
    with committed():
        post.title_ru = "Исправленный заголовок"
        store_pending(editor, post, proposed_data(post, {}), post.version)
    # Kept aside: visitors still see the live page, from the cache.
    assertContains(client.get(post.get_absolute_url()), "Старый заголовок")
    assert PendingChange.objects.count() == 1
    with committed():
        publish_pending(publisher, Post.objects.get(pk=post.pk))
    assertContains(client.get(post.get_absolute_url()), "Исправленный заголовок")


def test_the_version_changes_once_when_the_transaction_commits(page_cache, committed):
    with committed():
        PartnerFactory()  # the version exists, set up is committed
    before = content_version.current_version()
    with committed():
        PostFactory(partners=[PartnerFactory()], topics=[TopicFactory()])
        EventFactory()
        assert content_version.current_version() == before
    assert content_version.current_version() == before + 1


# --- Never anyone's own page -------------------------------------------------------------------


def test_staff_are_never_served_a_kept_page(client, page_cache, publisher):
    client.get(reverse("home"))
    assert _hit(client.get(reverse("home")))
    client.force_login(publisher)
    response = client.get(reverse("home"))
    assert not _hit(response)
    assert "private" in response["Cache-Control"]


def test_staff_pages_are_never_kept_for_visitors(client, page_cache, publisher):
    draft = PostFactory(draft=True, title_ru="Секретный черновик")
    client.force_login(publisher)
    preview = client.get(reverse("news:preview", kwargs={"pk": draft.pk}))
    assertContains(preview, "preview-banner")
    client.get(reverse("home"))
    client.get(reverse("admin:index"))
    anonymous = client.__class__()
    for url in (reverse("home"), reverse("news:preview", kwargs={"pk": draft.pk})):
        response = anonymous.get(url)
        assert not _hit(response), url
        assertNotContains(response, "preview-banner", status_code=response.status_code)
        assertNotContains(response, "Секретный черновик", status_code=response.status_code)
        assertNotContains(response, "csrfmiddlewaretoken", status_code=response.status_code)


def test_a_visitor_with_messages_is_not_served_a_kept_page(client, page_cache):
    client.get(reverse("home"))
    client.cookies["messages"] = "anything"
    assert not _hit(client.get(reverse("home")))


def test_the_admin_and_previews_are_never_kept(client, page_cache, publisher):
    login = reverse("admin:login")
    client.get(login)
    assert not _hit(client.get(login))
    post = PostFactory(draft=True)
    assert client.get(reverse("news:preview", kwargs={"pk": post.pk})).status_code == 404
    assert not _hit(client.get(reverse("news:preview", kwargs={"pk": post.pk})))


def test_agreement_documents_are_never_kept(client, page_cache, editor):
    public = AgreementFactory(document=pdf_file())
    internal = AgreementFactory(is_public=False, document=pdf_file())
    for agreement in (public, internal):
        url = agreement.get_document_url()
        client.get(url)
        assert not _hit(client.get(url))
    client.force_login(editor)
    assert client.get(internal.get_document_url()).status_code == 200
    client.logout()
    assert client.get(internal.get_document_url()).status_code == 404


def test_a_head_request_is_answered_from_the_kept_page(client, page_cache):
    kept = client.get(reverse("home"))
    head = client.head(reverse("home"))
    assert _hit(head)
    assert head.status_code == 200
    assert head["ETag"] == kept["ETag"]
    assert not head.content


@pytest.mark.parametrize("name", ["home", "news:list", "events:list", "partners:list", "partners:map"])
def test_a_kept_page_costs_at_most_the_version_query(client, page_cache, name, django_assert_max_num_queries):
    PostFactory(partners=[PartnerFactory()])
    EventFactory()
    client.get(reverse(name))
    with django_assert_max_num_queries(0 if page_cache == "redis" else 1):
        assert _hit(client.get(reverse(name)))


def test_errors_and_redirects_are_not_kept(client, page_cache):
    for url in ["/", "/ru/news/no-such-post/", "/ru/news/?year=abc"]:
        client.get(url)
        assert not _hit(client.get(url)), url


# --- Never past a change by the clock ----------------------------------------------------------


def test_a_scheduled_post_caps_the_lifetime(page_cache):
    assert page_lifetime() == 600
    PostFactory(published_at=timezone.now() + timedelta(seconds=30))
    # The lifetime is remembered per content version: a new post came with a new one.
    content_version._bump_now()
    assert 25 <= page_lifetime() <= 30


def test_an_event_ending_caps_the_lifetime(page_cache):
    now = timezone.now()
    EventFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(seconds=45))
    content_version._bump_now()
    assert 40 <= page_lifetime() <= 45


def test_an_agreement_expiring_today_caps_the_lifetime_at_midnight(page_cache):
    AgreementFactory(valid_until=timezone.localdate())
    content_version._bump_now()
    tomorrow = content_version.start_of_day(timezone.localdate() + timedelta(days=1))
    assert page_lifetime() <= min(600, (tomorrow - timezone.now()).total_seconds())


def test_drafts_and_internal_agreements_do_not_cap_it(page_cache):
    PostFactory(draft=True, published_at=timezone.now() + timedelta(seconds=30))
    AgreementFactory(is_public=False, valid_until=timezone.localdate())
    content_version._bump_now()
    assert page_lifetime() == 600


@pytest.mark.slow
def test_a_scheduled_post_appears_at_its_time(client, page_cache, committed):
    with committed():
        post = PostFactory(published_at=timezone.now() + timedelta(seconds=2), title_ru="Запланировано")
    response = client.get(reverse("news:list"))
    assertNotContains(response, "Запланировано")
    assert int(dict(_directives(response))["s-maxage"]) <= 2
    time.sleep(max(0, (post.published_at - timezone.now()).total_seconds()) + 0.05)
    assertContains(client.get(reverse("news:list")), "Запланировано")


# --- Conditional GET and headers ---------------------------------------------------------------


def _directives(response):
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        yield name, value


@pytest.mark.parametrize(
    "url",
    [
        "/ru/",
        "/ru/news/",
        "/ru/news/feed/",
        "/ru/news/atom/",
        "/ru/events/feed.ics",
        "/sitemap.xml",
        "/robots.txt",
    ],
)
def test_a_visitor_who_has_the_page_gets_a_304(client, page_cache, url, django_assert_max_num_queries):
    PostFactory()
    first = client.get(url)
    etag = first["ETag"]
    with django_assert_max_num_queries(1):
        again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content


def test_a_304_without_the_page_cache_too(client):
    PostFactory()
    etag = client.get("/ru/news/")["ETag"]
    assert client.get("/ru/news/", headers={"if-none-match": etag}).status_code == 304


def test_a_feed_answers_if_modified_since(client, page_cache):
    PostFactory()
    first = client.get("/ru/news/feed/")
    assert (
        client.get("/ru/news/feed/", headers={"if-modified-since": first["Last-Modified"]}).status_code == 304
    )


def test_anonymous_pages_may_be_kept_by_a_cdn_briefly(client, page_cache, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 60
    for response in (client.get("/ru/news/"), client.get("/ru/news/")):
        directives = dict(_directives(response))
        assert "public" in directives
        assert directives["max-age"] == "0"
        assert 0 < int(directives["s-maxage"]) <= 60
        vary = {field.strip().lower() for field in response["Vary"].split(",")}
        assert "cookie" in vary
        assert "accept-language" not in vary


def test_only_the_root_redirect_varies_by_language(client, page_cache):
    assert "Accept-Language" in client.get("/")["Vary"]
    for url in ["/robots.txt", "/sitemap.xml", "/ru/"]:
        assert "accept-language" not in client.get(url)["Vary"].lower(), url


def test_staff_pages_are_private_and_the_admin_never_stored(client, page_cache, publisher):
    client.force_login(publisher)
    home = client.get("/ru/")
    assert dict(_directives(home)) == {"private": "", "max-age": "0"}
    admin = client.get(reverse("admin:index"))
    assert "no-store" in admin["Cache-Control"]


def test_redis_holds_the_version_without_a_query(page_cache, django_assert_num_queries):
    if page_cache != "redis":
        pytest.skip("the database holds the version with the in-memory cache")
    with django_assert_num_queries(0):
        before = content_version.current_version()
        content_version._bump_now()
        assert content_version.current_version() == before + 1


def test_a_lost_version_starts_again_at_a_number_never_used(page_cache):
    before = content_version.current_version()
    if page_cache == "redis":
        caches["default"].delete(content_version.CACHE_KEY)
    else:
        content_version.ContentVersion.objects.all().delete()
    content_version._bump_now()
    assert content_version.current_version() > before
