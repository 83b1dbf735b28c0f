"""Publishing rights on every path: only a publisher changes what visitors see.

Each test acts in the admin as an editor, a publisher or a superuser, then looks at the public
site as a visitor does: the page's status and the text on it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from news.models import Event, Post, Status
from partners.models import Agreement, Membership, Partner
from portal.core.pending import PendingChange
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    TopicFactory,
    image_file,
    iro_editor,
    iro_publisher,
)
from tests.forms import form_data, new_post_form

pytestmark = pytest.mark.django_db

ROLES = ["editor", "publisher", "superuser"]
PUBLISHES = {"editor": False, "publisher": True, "superuser": True}

# Each kind of published content: its factory, its admin name and the field carrying its title.
KINDS = {
    "post": (PostFactory, "news_post", "title_ru"),
    "event": (EventFactory, "news_event", "title_ru"),
    "partner": (PartnerFactory, "partners_partner", "name_ru"),
}


def staff(role):
    if role == "editor":
        return iro_editor()
    if role == "publisher":
        return iro_publisher()
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


@pytest.fixture
def as_role(request):
    """A client logged in as the role the test is parametrised with."""
    client = Client()
    client.force_login(staff(request.param))
    client.role = request.param
    return client


def visitor_sees(obj, text=None):
    """The public page of ``obj`` as an anonymous visitor gets it: (status, contains ``text``)."""
    response = Client().get(obj.get_absolute_url())
    return response.status_code, (text in response.content.decode()) if text else None


def admin_url(obj, view, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def edit(client, obj, **changes):
    """Open the object's change form as a person would, change some fields and save."""
    form_id = f"{obj._meta.model_name}_form"
    data = form_data(client.get(admin_url(obj, "change")), form_id)
    data.update({name: [value] for name, value in changes.items()})
    return client.post(admin_url(obj, "change"), data)


def refreshed(obj):
    return type(obj).objects.get(pk=obj.pk)


# Adding


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_a_new_post_goes_live_only_when_a_publisher_publishes_it(as_role):
    data = form_data(as_role.get(reverse("admin:news_post_add")), "post_form")
    data.update(
        new_post_form(
            title_ru="Новая новость",
            status=Status.PUBLISHED,
            published_at_0="2020-01-15",
            publish_incomplete="on",  # Russian only: the publisher has confirmed
        )
    )
    assert as_role.post(reverse("admin:news_post_add"), data).status_code == 302
    post = Post.objects.get(title_ru="Новая новость")
    assert visitor_sees(post)[0] == (200 if PUBLISHES[as_role.role] else 404)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_a_new_partner_is_public_only_when_a_publisher_publishes_it(as_role):
    form = form_data(as_role.get(reverse("admin:partners_partner_add")), "partner_form")
    form.update(
        name_ru=["Новый партнёр"],
        kind=["university"],
        country=["CN"],
        status=[Status.PUBLISHED],
        publish_incomplete=["on"],
    )
    assert as_role.post(reverse("admin:partners_partner_add"), form).status_code == 302
    partner = Partner.objects.get(name_ru="Новый партнёр")
    assert visitor_sees(partner)[0] == (200 if PUBLISHES[as_role.role] else 404)
    directory = Client().get(reverse("partners:list")).content.decode()
    assert ("Новый партнёр" in directory) is PUBLISHES[as_role.role]


# Changing a published item


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_a_change_to_a_published_item_goes_live_only_from_a_publisher(as_role, kind):
    factory, _admin, title = KINDS[kind]
    obj = factory(**{title: "Опубликованный текст"})
    response = edit(as_role, obj, **{title: "Исправленный текст"})
    assert response.status_code == 302
    shown = "Исправленный текст" if PUBLISHES[as_role.role] else "Опубликованный текст"
    assert visitor_sees(obj, shown) == (200, True)
    assert getattr(refreshed(obj), title) == shown
    assert PendingChange.objects.for_item(obj).exists() is not PUBLISHES[as_role.role]


def test_an_editors_change_is_kept_pending_and_previewed_in_both_languages(editor_client):
    post = PostFactory(title_ru="Старый заголовок", title_en="Old title")
    edit(editor_client, post, title_ru="Новый заголовок", title_en="New title", body_en="<p>Extra words</p>")
    assert visitor_sees(post, "Старый заголовок") == (200, True)
    for lang, expected, stale in [
        ("ru", "Новый заголовок", "Старый заголовок"),
        ("en", "New title", "Old title"),
    ]:
        with_lang = reverse("news:preview", kwargs={"pk": post.pk}).replace("/ru/", f"/{lang}/", 1)
        preview = editor_client.get(with_lang)
        assertContains(preview, expected)
        assertNotContains(preview, f"<h1>{stale}")
        assertContains(preview, "visitors still see the published version" if lang == "en" else "посетители")
    # The change form starts from the pending text, and says so.
    form = editor_client.get(admin_url(post, "change"))
    assertContains(form, "Новый заголовок")
    assertContains(form, admin_url(post, "pending"))


def test_a_publisher_reviews_the_diff_per_language_and_publishes(client):
    post = PostFactory(title_ru="Старый заголовок", title_en="Old title", body_en="<p>One two three</p>")
    client.force_login(iro_editor())
    edit(client, post, title_en="New title", body_en="<p>One two four</p>")
    client.force_login(iro_publisher())
    review = client.get(admin_url(post, "pending"))
    assert review.status_code == 200
    assertContains(review, "<del>three</del>", html=False)
    assertContains(review, "<ins>four</ins>", html=False)
    assertContains(review, "<del>Old</del>", html=False)
    (group,) = review.context["groups"]
    assert group["language"] == "Английский"
    assert {change.label for change in group["changes"]} == {"заголовок", "текст"}
    assert client.post(admin_url(post, "pending"), {"publish": "1"}).status_code == 302
    assert visitor_sees(post, "New title")[1] is False  # the Russian page shows the Russian title
    response = Client().get(post.get_absolute_url().replace("/ru/", "/en/", 1))
    assertContains(response, "New title")
    assertContains(response, "One two four")
    assert not PendingChange.objects.exists()
    assert Version.objects.get_for_object(post).first().revision.comment.startswith("Опубликована правка")


def test_a_publisher_discards_pending_changes(client):
    post = PostFactory(title_ru="Старый заголовок")
    client.force_login(iro_editor())
    edit(client, post, title_ru="Новый заголовок")
    client.force_login(iro_publisher())
    client.post(admin_url(post, "pending"), {"discard": "1"})
    assert not PendingChange.objects.exists()
    assert visitor_sees(post, "Старый заголовок") == (200, True)
    assertNotContains(client.get(admin_url(post, "change")), "Новый заголовок")


def test_an_editor_cannot_publish_pending_changes(editor_client):
    post = PostFactory(title_ru="Старый заголовок")
    edit(editor_client, post, title_ru="Новый заголовок")
    review = editor_client.get(admin_url(post, "pending"))
    assertNotContains(review, 'name="publish"')
    editor_client.post(admin_url(post, "pending"), {"publish": "1"})
    assert visitor_sees(post, "Старый заголовок") == (200, True)
    assert PendingChange.objects.exists()


def test_pending_relations_wait_for_the_publisher_too(client):
    first, second = PartnerFactory(name_ru="Первый партнёр"), PartnerFactory(name_ru="Второй партнёр")
    post = PostFactory(partners=[first])
    client.force_login(iro_editor())
    edit(client, post, partners=str(second.pk))
    assert list(refreshed(post).partners.all()) == [first]
    client.force_login(iro_publisher())
    review = client.get(admin_url(post, "pending"))
    assertContains(review, "Второй партнёр")
    client.post(admin_url(post, "pending"), {"publish": "1"})
    assert list(refreshed(post).partners.all()) == [second]


def test_publishing_an_item_with_the_action_publishes_its_pending_changes(client):
    post = PostFactory(title_ru="Старый заголовок")
    client.force_login(iro_editor())
    edit(client, post, title_ru="Новый заголовок")
    client.force_login(iro_publisher())
    client.post(
        reverse("admin:news_post_changelist"), {"action": "publish_selected", "_selected_action": [post.pk]}
    )
    assert visitor_sees(post, "Новый заголовок") == (200, True)
    assert not PendingChange.objects.exists()


def test_the_second_of_two_editors_pending_changes_is_refused(client):
    post = PostFactory(title_ru="Исходный заголовок")
    olga, ivan = iro_editor(username="olga"), iro_editor(username="ivan")
    client.force_login(olga)
    olgas_form = form_data(client.get(admin_url(post, "change")), "post_form")
    client.force_login(ivan)
    edit(client, post, title_ru="Заголовок Ивана")
    client.force_login(olga)
    olgas_form["title_ru"] = ["Заголовок Ольги"]
    response = client.post(admin_url(post, "change"), olgas_form)
    assert response.status_code == 200
    assertContains(response, "Заголовок Ольги")
    publishing_form = response.context["adminform"].form
    assert [error.code for error in publishing_form.non_field_errors().as_data()] == ["concurrent_edit"]
    assert PendingChange.objects.get().data["title_ru"] == "Заголовок Ивана"


def test_an_editor_cannot_change_the_gallery_of_a_published_post(editor_client):
    post = PostFactory()
    form = editor_client.get(admin_url(post, "change"))
    assertNotContains(form, 'name="images-__prefix__-image"')
    draft = PostFactory(draft=True)
    assertContains(editor_client.get(admin_url(draft, "change")), 'name="images-__prefix__-image"')


def test_the_changelist_marks_items_with_pending_changes(client):
    post = PostFactory(title_ru="Опубликованная новость")
    client.force_login(iro_editor())
    edit(client, post, title_ru="Опубликованная новость, правка")
    listing = client.get(reverse("admin:news_post_changelist"))
    assertContains(listing, "pending-badge")


# Deleting


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_deleting_a_published_item_needs_the_publish_permission(as_role, kind):
    factory, _admin, _title = KINDS[kind]
    obj = factory()
    as_role.post(admin_url(obj, "delete"), {"post": "yes"})
    assert visitor_sees(obj)[0] == (404 if PUBLISHES[as_role.role] else 200)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_bulk_deleting_published_posts_needs_the_publish_permission(as_role):
    posts = [PostFactory(), PostFactory(draft=True)]
    as_role.post(
        reverse("admin:news_post_changelist"),
        {"action": "delete_selected", "_selected_action": [post.pk for post in posts], "post": "yes"},
    )
    assert visitor_sees(posts[0])[0] == (404 if PUBLISHES[as_role.role] else 200)


def test_an_editor_is_told_why_a_published_item_cannot_be_deleted(editor_client):
    post = PostFactory(title_ru="Живая новость")
    response = editor_client.get(admin_url(post, "delete"), follow=True)
    assertContains(response, "только выпускающий редактор")


def test_an_editor_deletes_a_draft(editor_client):
    post = PostFactory(draft=True)
    editor_client.post(admin_url(post, "delete"), {"post": "yes"})
    assert not Post.objects.filter(pk=post.pk).exists()


# Publishing actions


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_the_publish_and_unpublish_actions_are_a_publishers(as_role):
    draft, live = PostFactory(draft=True), PostFactory()
    changelist = reverse("admin:news_post_changelist")
    as_role.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    as_role.post(changelist, {"action": "unpublish_selected", "_selected_action": [live.pk]})
    assert visitor_sees(draft)[0] == (200 if PUBLISHES[as_role.role] else 404)
    assert visitor_sees(live)[0] == (404 if PUBLISHES[as_role.role] else 200)


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_the_partner_publish_action_is_a_publishers(as_role):
    partner = PartnerFactory(draft=True)
    changelist = reverse("admin:partners_partner_changelist")
    as_role.post(
        changelist, {"action": "publish_selected", "_selected_action": [partner.pk], "confirm": "yes"}
    )
    assert visitor_sees(partner)[0] == (200 if PUBLISHES[as_role.role] else 404)


# History: restore and recover


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_restoring_an_earlier_version_of_a_published_post(as_role):
    publisher = Client()
    publisher.force_login(iro_publisher())
    post = PostFactory(title_ru="Первая версия")
    edit(publisher, post, title_ru="Первая версия")
    edit(publisher, post, title_ru="Вторая версия")
    first = Version.objects.get_for_object(post).last()
    url = admin_url(post, "revision", first.pk)
    response = as_role.post(url, form_data(as_role.get(url), "post_form"))
    assert response.status_code == 302
    shown = "Первая версия" if PUBLISHES[as_role.role] else "Вторая версия"
    assert visitor_sees(post, shown) == (200, True)
    if not PUBLISHES[as_role.role]:
        assert PendingChange.objects.for_item(post).get().data["title_ru"] == "Первая версия"


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_restoring_a_published_version_of_an_unpublished_post(as_role):
    publisher = Client()
    publisher.force_login(iro_publisher())
    post = PostFactory(title_ru="Когда-то опубликована")
    edit(publisher, post, title_ru="Когда-то опубликована")
    publisher.post(
        reverse("admin:news_post_changelist"), {"action": "unpublish_selected", "_selected_action": [post.pk]}
    )
    assert visitor_sees(post)[0] == 404
    published = Version.objects.get_for_object(post).last()
    url = admin_url(post, "revision", published.pk)
    assert as_role.post(url, form_data(as_role.get(url), "post_form")).status_code == 302
    assert visitor_sees(post)[0] == (200 if PUBLISHES[as_role.role] else 404)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_recovering_a_deleted_published_item(as_role, kind):
    factory, admin_name, title = KINDS[kind]
    publisher = Client()
    publisher.force_login(iro_publisher())
    obj = factory(**{title: "Удалённый и восстановленный"})
    edit(publisher, obj, **{title: "Удалённый и восстановленный"})
    publisher.post(admin_url(obj, "delete"), {"post": "yes"})
    assert visitor_sees(obj)[0] == 404
    (version,) = Version.objects.get_deleted(type(obj))
    url = reverse(f"admin:{admin_name}_recover", args=[version.pk])
    response = as_role.post(url, form_data(as_role.get(url), f"{obj._meta.model_name}_form"))
    assert response.status_code == 302
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert visitor_sees(obj)[0] == (200 if PUBLISHES[as_role.role] else 404)


# Agreements, memberships, topics


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_only_a_publisher_makes_an_agreement_public(as_role):
    partner = PartnerFactory()
    form = form_data(as_role.get(reverse("admin:partners_agreement_add")), "agreement_form")
    form.update(
        partner=[str(partner.pk)], kind=["student_exchange"], signed_on=["2024-05-01"], is_public=["on"]
    )
    form.update(title_ru=["Соглашение об обмене студентами"])
    assert as_role.post(reverse("admin:partners_agreement_add"), form).status_code == 302
    assert Agreement.objects.get().is_public is PUBLISHES[as_role.role]
    page = Client().get(partner.get_absolute_url()).content.decode()
    assert ("Соглашение об обмене студентами" in page) is PUBLISHES[as_role.role]


def test_an_editor_cannot_change_or_delete_a_public_agreement(editor_client):
    agreement = AgreementFactory(is_public=True, title_ru="Публичное соглашение")
    form = form_data(editor_client.get(admin_url(agreement, "change")), "agreement_form")
    assert "title_ru" not in form
    editor_client.post(admin_url(agreement, "change"), {**form, "title_ru": ["Правка"]})
    editor_client.post(admin_url(agreement, "delete"), {"post": "yes"})
    assert refreshed(agreement).title_ru == "Публичное соглашение"


def test_an_editor_edits_an_internal_agreement(editor_client):
    agreement = AgreementFactory(is_public=False, title_ru="Внутреннее соглашение")
    edit(editor_client, agreement, title_ru="Внутреннее соглашение, правка")
    assert refreshed(agreement).title_ru == "Внутреннее соглашение, правка"
    assert refreshed(agreement).is_public is False


@pytest.mark.parametrize("as_role", ROLES, indirect=True)
def test_a_membership_between_published_partners_is_a_publishers(as_role):
    association = PartnerFactory(association=True)
    member = PartnerFactory(name_ru="Новый член ассоциации")
    form = form_data(as_role.get(reverse("admin:partners_membership_add")), "membership_form")
    form.update(association=[str(association.pk)], member=[str(member.pk)], role=["member"])
    response = as_role.post(reverse("admin:partners_membership_add"), form)
    assert Membership.objects.exists() is PUBLISHES[as_role.role]
    if not PUBLISHES[as_role.role]:
        assertContains(response, "только выпускающий редактор")


def test_an_editor_adds_a_draft_partner_to_an_association(editor_client):
    association = PartnerFactory(association=True)
    member = PartnerFactory(draft=True)
    form = form_data(editor_client.get(reverse("admin:partners_membership_add")), "membership_form")
    form.update(association=[str(association.pk)], member=[str(member.pk)], role=["member"])
    assert editor_client.post(reverse("admin:partners_membership_add"), form).status_code == 302
    assert Membership.objects.filter(member=member).exists()


def test_an_editor_cannot_delete_a_visible_membership(editor_client):
    membership = MembershipFactory()
    editor_client.post(admin_url(membership, "delete"), {"post": "yes"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_editor_cannot_rename_a_topic_of_published_news(editor_client):
    topic = TopicFactory(name_ru="Космос")
    PostFactory(topics=[topic])
    unused = TopicFactory(name_ru="Неиспользуемая тема")
    assert editor_client.post(admin_url(topic, "change"), {"name_ru": "Переименовано"}).status_code == 403
    assert refreshed(topic).name_ru == "Космос"
    editor_client.post(admin_url(unused, "delete"), {"post": "yes"})
    assert not type(unused).objects.filter(pk=unused.pk).exists()


# Publishing with incomplete translations


def test_publishing_without_an_english_body_asks_the_publisher_to_confirm(publisher_client):
    post = PostFactory(draft=True, title_en="Title only", lead_en="A lead.", body_en="")
    response = edit(publisher_client, post, status=Status.PUBLISHED)
    assert response.status_code == 200
    assertContains(response, "Английский — не заполнено: текст")
    assertContains(response, 'type="checkbox" name="publish_incomplete"')
    assert refreshed(post).status == Status.DRAFT
    data = form_data(response, "post_form")
    data["publish_incomplete"] = ["on"]
    assert publisher_client.post(admin_url(post, "change"), data).status_code == 302
    assert refreshed(post).status == Status.PUBLISHED


def test_publishing_a_complete_post_needs_no_confirmation(publisher_client):
    post = PostFactory(draft=True)
    assert edit(publisher_client, post, status=Status.PUBLISHED).status_code == 302
    assert refreshed(post).status == Status.PUBLISHED


def test_the_publish_action_confirms_incomplete_translations(publisher_client):
    post = PostFactory(draft=True, title_en="", lead_en="", body_en="")
    changelist = reverse("admin:news_post_changelist")
    page = publisher_client.post(changelist, {"action": "publish_selected", "_selected_action": [post.pk]})
    assert page.status_code == 200
    assertContains(page, "Английский — не заполнено: заголовок, анонс, текст")
    assert refreshed(post).status == Status.DRAFT
    publisher_client.post(
        changelist, {"action": "publish_selected", "_selected_action": [post.pk], "confirm": "yes"}
    )
    assert refreshed(post).status == Status.PUBLISHED


def test_events_and_partners_publish_through_the_same_rules(publisher_client):
    event = EventFactory(draft=True)
    partner = PartnerFactory(draft=True)
    for obj in (event, partner):
        publisher_client.post(
            reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist"),
            {"action": "publish_selected", "_selected_action": [obj.pk], "confirm": "yes"},
        )
    assert refreshed(event).status == Status.PUBLISHED == refreshed(partner).status
    assert Event.objects.published().count() == 1


# Previews of partners


def test_staff_preview_a_draft_partner_that_visitors_cannot_see(editor_client):
    partner = PartnerFactory(draft=True, name_ru="Черновой партнёр")
    assert visitor_sees(partner)[0] == 404
    preview_url = reverse("partners:preview", kwargs={"pk": partner.pk})
    assert Client().get(preview_url).status_code == 404
    preview = editor_client.get(preview_url)
    assertContains(preview, "Черновой партнёр")
    assert preview["X-Robots-Tag"] == "noindex"
    assert "no-cache" in preview["Cache-Control"]


def test_a_preview_shows_pending_relations_as_visitors_would_see_them(client):
    shown, hidden = (
        PartnerFactory(name_ru="Опубликованный партнёр"),
        PartnerFactory(draft=True, name_ru="Черновой"),
    )
    post = PostFactory(title_ru="Новость о партнёрах")
    client.force_login(iro_editor())
    data = form_data(client.get(admin_url(post, "change")), "post_form")
    data["partners"] = [str(shown.pk), str(hidden.pk)]
    client.post(admin_url(post, "change"), data)
    preview = client.get(reverse("news:preview", kwargs={"pk": post.pk}))
    assertContains(preview, "Опубликованный партнёр")
    assertNotContains(preview, "Черновой")
    # The form keeps both, so that the editor's choice is not lost.
    form = client.get(admin_url(post, "change"))
    assert {str(shown.pk), str(hidden.pk)} <= set(form_data(form, "post_form")["partners"])


def test_a_pending_cover_waits_under_a_name_nobody_can_guess(editor_client):
    post = PostFactory(cover_alt_ru="Старая обложка", cover_alt_en="Old cover")
    data = form_data(editor_client.get(admin_url(post, "change")), "post_form")
    upload = image_file(name="secret-visit-plans.jpg")
    editor_client.post(admin_url(post, "change"), {**data, "cover_image": upload})
    assert not refreshed(post).cover_image
    stored = PendingChange.objects.get().data["cover_image"]
    assert stored.startswith("news/") and "secret" not in stored


@pytest.mark.parametrize("object_id", ["%3A", "abc", "99999999999999999999"])
def test_a_forged_id_in_a_restore_is_not_found(editor_client, object_id):
    response = editor_client.post(f"/ru/admin/partners/partner/{object_id}/history/1/", {})
    assert response.status_code == 404
