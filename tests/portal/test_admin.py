from datetime import UTC, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Event, Post, Status
from partners.models import Partner
from tests.factories import (
    IRO_GROUP,
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    TopicFactory,
)
from tests.forms import new_post_form

pytestmark = pytest.mark.django_db

EDITOR_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, models in {
        "news": ["post", "event", "topic"],
        "partners": ["partner", "membership", "agreement"],
    }.items()
    for model in models
    for action in ["add", "change", "delete", "view"]
}

FACTORIES = {
    "news_post": PostFactory,
    "news_event": EventFactory,
    "news_topic": TopicFactory,
    "partners_partner": PartnerFactory,
    "partners_membership": MembershipFactory,
    "partners_agreement": AgreementFactory,
}


def test_the_iro_group_has_exactly_an_editors_permissions():
    group = Group.objects.get(name=IRO_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }
    assert granted == EDITOR_PERMISSIONS


def test_a_group_member_has_the_editors_permissions_and_no_others(editor):
    assert editor.get_all_permissions() == EDITOR_PERMISSIONS
    assert not editor.has_perm("auth.change_user")
    assert Permission.objects.count() > len(EDITOR_PERMISSIONS)


def test_the_editor_cannot_manage_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = editor_client.get(reverse("admin:index"))
    assertNotContains(index, reverse("admin:auth_user_changelist"))
    assertContains(index, reverse("admin:news_post_changelist"))


# What an editor may change and delete: nothing visitors see yet (publishing rules: test_publishing.py).
EDITABLE = {
    "news_post": lambda: PostFactory(draft=True),
    "news_event": lambda: EventFactory(draft=True),
    "news_topic": TopicFactory,
    "partners_partner": lambda: PartnerFactory(draft=True),
    "partners_membership": lambda: MembershipFactory(member=PartnerFactory(draft=True)),
    "partners_agreement": lambda: AgreementFactory(is_public=False),
}


@pytest.mark.parametrize("model", EDITABLE)
def test_every_admin_page_loads_for_the_editor(editor_client, model):
    obj = EDITABLE[model]()
    for url in [
        reverse(f"admin:{model}_changelist"),
        reverse(f"admin:{model}_add"),
        reverse(f"admin:{model}_change", args=[obj.pk]),
        reverse(f"admin:{model}_history", args=[obj.pk]),
        reverse(f"admin:{model}_delete", args=[obj.pk]),
    ]:
        response = editor_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", ["news_post", "news_event", "partners_partner"])
def test_changelists_search_and_filter(editor_client, model):
    FACTORIES[model]()
    url = reverse(f"admin:{model}_changelist")
    for query in ["?q=university", "?missing=en", "?missing=ru", "?missing=none", "?is_demo__exact=1"]:
        assert editor_client.get(url + query).status_code == 200, query


def test_changelist_shows_the_title_in_both_languages(editor_client):
    PostFactory(title_ru="Визит делегации из Харбина", title_en="Delegation from Harbin")
    response = editor_client.get(reverse("admin:news_post_changelist"))
    assertContains(response, "Визит делегации из Харбина")
    assertContains(response, "Delegation from Harbin")


def test_missing_translation_filter_finds_posts_without_english(editor_client):
    PostFactory(title_ru="Только по-русски", title_en="", lead_en="", body_en="")
    PostFactory(title_ru="Полный перевод", title_en="Fully translated")
    response = editor_client.get(reverse("admin:news_post_changelist") + "?missing=en")
    assertContains(response, "Только по-русски")
    assertNotContains(response, "Полный перевод")
    assertContains(response, "translation-badge--missing")


def test_the_publish_action_publishes_drafts(publisher_client):
    drafts = [PostFactory(draft=True), PostFactory(draft=True)]
    response = publisher_client.post(
        reverse("admin:news_post_changelist"),
        {"action": "publish_selected", "_selected_action": [p.pk for p in drafts]},
        follow=True,
    )
    assert response.status_code == 200
    assert Post.objects.published().count() == 2
    assertContains(response, "2")


def test_the_unpublish_action_hides_posts_and_events(publisher_client):
    post = PostFactory()
    event = EventFactory()
    publisher_client.post(
        reverse("admin:news_post_changelist"), {"action": "unpublish_selected", "_selected_action": [post.pk]}
    )
    publisher_client.post(
        reverse("admin:news_event_changelist"),
        {"action": "unpublish_selected", "_selected_action": [event.pk]},
    )
    assert not Post.objects.published().exists()
    assert not Event.objects.published().exists()


def test_publish_keeps_a_future_date_scheduled(publisher_client):
    post = PostFactory(draft=True, published_at=timezone.now() + timedelta(days=1))
    publisher_client.post(
        reverse("admin:news_post_changelist"), {"action": "publish_selected", "_selected_action": [post.pk]}
    )
    assert list(Post.objects.scheduled()) == [post]
    assert not Post.objects.published().exists()


def test_editor_creates_a_partner_a_linked_post_and_an_event_in_both_languages(editor_client):
    response = editor_client.post(
        reverse("admin:partners_partner_add"),
        {
            "kind": Partner.Kind.UNIVERSITY,
            "name_ru": "Харбинский политехнический университет",
            "name_en": "Harbin Institute of Technology",
            "short_name_ru": "ХПИ",
            "short_name_en": "HIT",
            "native_name": "哈尔滨工业大学",
            "slug": "",
            "country": "CN",
            "city_ru": "Харбин",
            "city_en": "Harbin",
            "description_ru": "",
            "description_en": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "agreements-TOTAL_FORMS": "0",
            "agreements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    hit = Partner.objects.get(native_name="哈尔滨工业大学")
    assert hit.slug == "harbin-institute-of-technology"

    response = editor_client.post(
        reverse("admin:news_event_add"),
        {
            "title_ru": "Сессия по трансферу технологий",
            "title_en": "Technology transfer session",
            "slug": "",
            "kind": Event.Kind.SESSION,
            "status": Status.PUBLISHED,
            "description_ru": "",
            "description_en": "",
            "timezone": "Asia/Shanghai",
            "starts_at_0": "2026-10-15",
            "starts_at_1": "09:00:00",
            "ends_at_0": "2026-10-16",
            "ends_at_1": "18:00:00",
            "country": "CN",
            "city_ru": "Циндао",
            "city_en": "Qingdao",
            "venue_ru": "",
            "venue_en": "",
            "organisers": [hit.pk],
            "participants": [],
            "registration_url": "",
            "cover_alt_ru": "",
            "cover_alt_en": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="technology-transfer-session")
    # Typed in Qingdao time, stored as the right instant.
    assert event.local_starts_at.hour == 9
    assert timezone.localtime(event.starts_at, UTC).hour == 1
    assert list(event.organisers.all()) == [hit]

    response = editor_client.post(
        reverse("admin:news_post_add"),
        new_post_form(
            title_ru="Делегация ХПИ посетила университет",
            title_en="HIT delegation visits the university",
            body_ru="Текст.",
            body_en="Text.",
            partners=[hit.pk],
            event=event.pk,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(slug="hit-delegation-visits-the-university")
    assert post.title_ru == "Делегация ХПИ посетила университет"
    assert list(post.partners.all()) == [hit]
    assert post.event == event
    assert post.status == Status.DRAFT


def test_the_event_form_shows_times_in_the_events_zone(editor_client):
    event = EventFactory(timezone="Asia/Shanghai")
    response = editor_client.get(reverse("admin:news_event_change", args=[event.pk]))
    local = event.local_starts_at
    assertContains(response, f'value="{local:%H:%M:%S}"')


def test_an_english_only_post_can_be_saved(editor_client):
    response = editor_client.post(reverse("admin:news_post_add"), new_post_form(title_en="English only"))
    assert response.status_code == 302
    assert Post.objects.get(slug="english-only").title_en == "English only"


def test_a_post_without_any_title_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        reverse("admin:news_post_add"), new_post_form(body_ru="Текст без заголовка")
    )
    assert response.status_code == 200
    assertContains(response, "Заполните это поле хотя бы на одном языке.")
    assert not Post.objects.exists()


def test_view_on_site_links_to_the_public_page(editor_client):
    post = PostFactory()
    response = editor_client.get(reverse("admin:news_post_change", args=[post.pk]))
    assertContains(
        response, reverse("admin:view_on_site", args=[response.context["content_type_id"], post.pk])
    )


def test_the_tabbed_editor_is_served_locally(editor_client):
    response = editor_client.get(reverse("admin:news_post_add"))
    assertContains(response, "vendor/jquery-ui/jquery-ui.min.js")
    assertNotContains(response, "googleapis")


def test_the_admin_follows_the_language_and_links_to_the_other_one(editor_client):
    response = editor_client.get("/ru/admin/")
    assertContains(response, "Управление международных связей: администрирование")
    assertContains(response, 'href="/en/admin/"')
    response = editor_client.get("/en/admin/news/post/")
    assertContains(response, "News posts")
    assertContains(response, 'href="/ru/admin/news/post/"')
