from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Event, Post, Status
from partners.models import Partner
from portal.core.publishing import store_pending
from portal.site.dashboard import dashboard_for, stale_translations
from tests.factories import (
    AgreementFactory,
    EventFactory,
    PartnerFactory,
    PostFactory,
    UserFactory,
    iro_editor,
    iro_publisher,
)

pytestmark = pytest.mark.django_db


def _dashboard(user):
    request = RequestFactory().get("/en/admin/")
    request.user = user
    with translation.override("en"):
        return dashboard_for(request)


def _missing(dashboard, key, lang):
    work = next(work for work in dashboard.translations if work.key == key)
    return next(missing.listing for missing in work.missing if missing.language.code == lang)


def _stale(dashboard, key):
    return next(work.stale for work in dashboard.translations if work.key == key)


def _stamp(post, **stamps):
    """Give ``post`` explicit per-language change times, bypassing save() (which would restamp)."""
    Post.objects.filter(pk=post.pk).update(
        translations_updated_at={lang: moment.isoformat() for lang, moment in stamps.items()}
    )


def _staff_with(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def en_client(editor_client):
    with translation.override("en"):
        yield editor_client


def test_a_post_missing_english_is_listed_with_links_that_work(editor, en_client):
    untranslated = PostFactory(title_ru="Только по-русски", title_en="", lead_en="", body_en="")
    PostFactory(title_ru="Полный перевод", title_en="Fully translated")

    dashboard = _dashboard(editor)
    missing_en = _missing(dashboard, "post", "en")
    assert missing_en.count == 1
    assert [entry.obj for entry in missing_en.entries] == [untranslated]
    assert _missing(dashboard, "post", "ru").count == 0

    response = en_client.get("/en/admin/")
    change_url = reverse("admin:news_post_change", args=[untranslated.pk])
    assertContains(response, f'href="{change_url}"')
    assertContains(response, f'href="{missing_en.all_url}"')
    assert en_client.get(change_url).status_code == 200
    changelist = en_client.get(missing_en.all_url)
    assertContains(changelist, "Только по-русски")
    assertNotContains(changelist, "Fully translated")


def test_missing_text_follows_the_admins_translation_check_fields(editor):
    # The partner admin counts the description: a partner without one is not fully translated.
    partner = PartnerFactory(description_ru="Описание", description_en="")
    dashboard = _dashboard(editor)
    assert [entry.obj for entry in _missing(dashboard, "partner", "en").entries] == [partner]
    assert _missing(dashboard, "partner", "ru").count == 0
    assert _missing(dashboard, "event", "en").count == 0


def test_each_entry_says_which_text_is_missing(editor, en_client):
    body_only = PostFactory(title_en="No English body", body_en="")
    lead_and_body = PostFactory(title_en="No English lead or body", lead_en="", body_en="")
    PostFactory(title_ru="", title_en="No Russian title")
    EventFactory(description_ru="<p>Описание.</p>", description_en="")

    dashboard = _dashboard(editor)
    missing = {entry.obj: entry.missing for entry in _missing(dashboard, "post", "en").entries}
    assert missing == {body_only: ("body",), lead_and_body: ("lead", "body")}
    assert [entry.missing for entry in _missing(dashboard, "post", "ru").entries] == [("title",)]
    assert [entry.missing for entry in _missing(dashboard, "event", "en").entries] == [("description",)]

    response = en_client.get("/en/admin/")
    text = " ".join(response.content.decode().split())
    behind = '</a> <span class="office-dashboard__behind">'
    assert f"No English body{behind}English: body missing</span>" in text
    assert f"No English lead or body{behind}English: lead, body missing</span>" in text
    assert 'No Russian title</a> <span class="office-dashboard__behind">Russian: title missing</span>' in text
    assertContains(response, "English: description missing")
    assertNotContains(response, "Missing English")

    with translation.override("ru"):
        response = en_client.get("/ru/admin/")
    assertContains(response, "Английский: не заполнено — анонс, текст")
    assertContains(response, "Русский: не заполнено — заголовок")
    assertNotContains(response, "Нет версии")


def test_russian_edited_after_the_english_makes_the_english_stale(editor, en_client):
    post = PostFactory(title_en="Delegation from Harbin")
    post.body_ru = "<p>Исправленный текст.</p>"
    post.save()

    stale = _stale(_dashboard(editor), "post")
    assert stale.count == 1
    [entry] = stale.entries
    assert entry.obj == post
    assert [lang.code for lang in entry.behind] == ["en"]

    response = en_client.get("/en/admin/")
    assertContains(response, f'href="{reverse("admin:news_post_change", args=[post.pk])}"')
    assertContains(response, "Delegation from Harbin")


def test_translating_never_makes_the_source_stale():
    post = PostFactory(title_en="", lead_en="", body_en="")
    post.title_en, post.lead_en, post.body_en = "Delegation", "A lead.", "<p>Text.</p>"
    post.save()
    assert stale_translations(Post).count == 0

    post.body_ru = "<p>Новый абзац.</p>"
    post.save()
    assert [entry.obj for entry in stale_translations(Post).entries] == [post]

    # The English catches up: nothing is behind any more, the Russian included.
    post.body_en = "<p>A new paragraph.</p>"
    post.save()
    assert stale_translations(Post).count == 0


def test_editing_both_languages_in_one_save_is_not_stale():
    post = PostFactory()
    post.title_ru, post.title_en = "Новый заголовок", "New title"
    post.save()
    assert stale_translations(Post).count == 0


def test_a_language_already_missing_is_not_also_listed_as_stale():
    english_missing = PostFactory(lead_en="")
    english_missing.body_ru = "<p>Правка.</p>"
    english_missing.save()
    russian_behind = PostFactory()
    russian_behind.title_en = "Edited in English"
    russian_behind.save()

    stale = stale_translations(Post)
    assert [(entry.obj, [lang.code for lang in entry.behind]) for entry in stale.entries] == [
        (russian_behind, ["ru"])
    ]


def test_agreements_expiring_within_90_days_and_expired_ones(editor, en_client):
    today = timezone.localdate()
    soon = AgreementFactory(title_en="Expires in a month", valid_until=today + timedelta(days=30))
    AgreementFactory(title_en="Expires in four months", valid_until=today + timedelta(days=120))
    expired = AgreementFactory(title_en="Expired last week", valid_until=today - timedelta(days=7))
    AgreementFactory(title_en="Open-ended", valid_until=None)

    dashboard = _dashboard(editor)
    assert [entry.obj for entry in dashboard.expiring_agreements.entries] == [soon]
    assert dashboard.expiring_agreements.count == 1
    assert [entry.obj for entry in dashboard.expired_agreements.entries] == [expired]
    assert dashboard.expired_agreements.count == 1
    assert dashboard.expiring_agreements.entries[0].partner_url == reverse(
        "admin:partners_partner_change", args=[soon.partner_id]
    )

    response = en_client.get("/en/admin/")
    assertContains(response, "Expires in a month")
    assertContains(response, "Expired last week")
    assertNotContains(response, "Expires in four months")
    assertNotContains(response, "Open-ended")
    listed = en_client.get(dashboard.expiring_agreements.all_url)
    assertContains(listed, "Expires in a month")
    assertNotContains(listed, "Expires in four months")
    listed = en_client.get(dashboard.expired_agreements.all_url)
    assertContains(listed, "Expired last week")
    assertNotContains(listed, "Expires in a month")


def test_expired_agreements_are_most_recent_first_and_limited(editor):
    today = timezone.localdate()
    agreements = [
        AgreementFactory(signed_on=today - timedelta(days=900), valid_until=today - timedelta(days=days))
        for days in range(1, 14)
    ]
    expired = _dashboard(editor).expired_agreements
    assert expired.count == 13
    assert [entry.obj for entry in expired.entries] == agreements[:10]


def test_scheduled_and_draft_posts_show_and_published_ones_do_not(editor, en_client):
    later = PostFactory(title_en="Scheduled for next week", published_at=timezone.now() + timedelta(days=7))
    sooner = PostFactory(title_en="Scheduled for tomorrow", scheduled=True)
    draft = PostFactory(title_en="Still a draft", draft=True)
    PostFactory(title_en="Already live")

    dashboard = _dashboard(editor)
    assert [entry.obj for entry in dashboard.scheduled_posts.entries] == [sooner, later]
    assert [entry.obj for entry in dashboard.draft_posts.entries] == [draft]

    response = en_client.get("/en/admin/")
    for post in [later, sooner, draft]:
        assertContains(response, f'href="{reverse("admin:news_post_change", args=[post.pk])}"')
    assertNotContains(response, "Already live")
    assertContains(en_client.get(dashboard.scheduled_posts.all_url), "Scheduled for tomorrow")
    assertContains(en_client.get(dashboard.draft_posts.all_url), "Still a draft")


def test_a_user_who_cannot_view_posts_sees_no_post_sections(client):
    PostFactory(title_en="Secret draft", draft=True)
    PostFactory(title_en="Untranslated post", title_ru="Без перевода", lead_ru="", body_ru="")
    user = _staff_with("view_event", "view_partner", "view_agreement")

    dashboard = _dashboard(user)
    assert [work.key for work in dashboard.translations] == ["event", "partner"]
    assert dashboard.scheduled_posts is None
    assert dashboard.draft_posts is None
    assert dashboard.expiring_agreements is not None

    client.force_login(user)
    response = client.get("/en/admin/")
    assert response.status_code == 200
    assertContains(response, 'id="dashboard-event-stale"')
    assertNotContains(response, 'id="dashboard-post-stale"')
    assertNotContains(response, 'id="dashboard-publication"')
    assertNotContains(response, "Secret draft")
    assertNotContains(response, "Untranslated post")


def test_agreements_need_their_own_permission_and_partner_links_the_partners(client):
    AgreementFactory(valid_until=timezone.localdate() + timedelta(days=10))
    no_agreements = _dashboard(_staff_with("view_post"))
    assert no_agreements.expiring_agreements is None
    assert no_agreements.expired_agreements is None
    assert [work.key for work in no_agreements.translations] == ["post"]

    without_partners = _dashboard(_staff_with("view_agreement"))
    assert without_partners.translations == []
    assert without_partners.expiring_agreements.entries[0].partner_url is None

    user = _staff_with()
    assert _dashboard(user).is_empty
    client.force_login(user)
    assertNotContains(client.get("/en/admin/"), 'class="office-dashboard"')


def test_the_dashboard_is_only_on_the_site_index(en_client):
    assertContains(en_client.get("/en/admin/"), 'class="office-dashboard"')
    response = en_client.get("/en/admin/news/")
    assert response.status_code == 200
    assertNotContains(response, 'class="office-dashboard"')


def _content(size):
    """``size`` each of posts, events, partners and agreements, with something in every dashboard list."""
    now = timezone.now()
    today = timezone.localdate()
    for n in range(size):
        post = PostFactory(
            title_en="" if n % 3 == 0 else f"Post {n}",
            lead_en="",
            draft=n % 4 == 0,
            published_at=now + timedelta(days=n - size // 2),
        )
        _stamp(post, ru=now, en=now - timedelta(days=1))
        EventFactory(description_en="" if n % 2 else "Text", description_ru="Текст")
        agreement = AgreementFactory(
            signed_on=today - timedelta(days=1000), valid_until=today + timedelta(days=(n * 7) % 200 - 100)
        )
        for item in (post, agreement.partner):
            if item.status == Status.PUBLISHED:
                store_pending(None, item, {"_relations": {}}, item.version)
    assert Post.objects.count() == Event.objects.count() == size
    assert Partner.objects.count() == size


@pytest.mark.parametrize("size", [3, 100])
def test_the_dashboard_takes_a_constant_number_of_queries(
    editor, en_client, size, django_assert_max_num_queries
):
    _content(size)
    # 14 dashboard lists (3 per translated model, 2 for agreements, 2 for posts, pending changes) and
    # one query per kind of item with pending changes (posts, partners); the admin itself needs the
    # session, the user, their permissions (2) and the recent actions.
    with django_assert_max_num_queries(21):
        response = en_client.get("/en/admin/")
    assert response.status_code == 200
    editor.get_all_permissions()  # loaded once per request by the admin anyway
    with django_assert_max_num_queries(16):
        dashboard = _dashboard(editor)
    assert dashboard.pending_changes.count == Post.objects.exclude(status=Status.DRAFT).count() + size
    assert len(dashboard.pending_changes.entries) == min(dashboard.pending_changes.count, 10)
    assert _missing(dashboard, "post", "en").count == size
    assert len(_missing(dashboard, "post", "en").entries) == min(size, 10)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_dashboard_renders_in_both_languages(editor_client, lang):
    PostFactory(title_ru="Черновик о визите", title_en="Draft about the visit", draft=True)
    PostFactory(title_ru="Без английского", title_en="", lead_en="", body_en="")
    AgreementFactory(title_ru="Скоро истекает", title_en="Expiring soon", valid_until=timezone.localdate())
    with translation.override(lang):
        response = editor_client.get(f"/{lang}/admin/")
    assert response.status_code == 200
    assertContains(response, f'<html lang="{lang}"')
    assertContains(response, "Черновик о визите" if lang == "ru" else "Draft about the visit")
    assertContains(response, "Скоро истекает" if lang == "ru" else "Expiring soon")
    assertContains(response, "Без английского")  # the only title it has, in either language
    assertContains(response, 'id="dashboard-post-missing-en"')
    if lang == "en":
        assertContains(response, "Translation work")
        assertContains(response, "Text missing in English")
        assertContains(response, "English: title, lead, body missing")
    else:
        assertContains(response, "Не хватает текста на английском языке")
        assertContains(response, "Английский: не заполнено — заголовок, анонс, текст")
    # The app list is still there.
    assertContains(response, f'href="/{lang}/admin/news/post/"')


def test_the_dashboard_lists_pending_changes_with_a_link_to_review_them(client):
    post = PostFactory(title_ru="Новость с правками")
    editor = iro_editor(username="olga")
    store_pending(
        editor, post, {"title_ru": "Новость с правками, исправленная", "_relations": {}}, post.version
    )
    client.force_login(iro_publisher())
    response = client.get(reverse("admin:index"))
    assertContains(response, "Новость с правками")
    assertContains(response, reverse("admin:news_post_pending", args=[post.pk]))
    assertContains(response, "olga")
