"""The office's editorial workflow in the admin: roles, preview, revisions, concurrent edits."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from news.models import Post, Status
from tests.factories import EventFactory, PostFactory, UserFactory, iro_editor
from tests.forms import form_data

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:news_post_changelist"


def change_url(post):
    return reverse("admin:news_post_change", args=[post.pk])


def edit(client, post, **changes):
    """Open the post's change form as a person would, change some fields and save."""
    data = form_data(client.get(change_url(post)), "post_form")
    data.update({name: [value] for name, value in changes.items()})
    return client.post(change_url(post), data)


# Roles


def test_an_editors_attempt_to_publish_through_the_form_is_ignored(editor_client):
    post = PostFactory(draft=True, title_ru="Черновик")
    response = edit(editor_client, post, status=Status.PUBLISHED, title_ru="Черновик, исправленный")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title_ru == "Черновик, исправленный"
    assert post.status == Status.DRAFT
    assert not Post.objects.published().exists()


def test_an_editor_sees_the_status_but_cannot_change_it(editor_client):
    post = PostFactory(draft=True)
    response = editor_client.get(change_url(post))
    assertNotContains(response, 'name="status"')
    assertContains(response, "field-status")


def test_an_editor_cannot_unpublish_or_reschedule_a_published_post(editor_client):
    post = PostFactory()
    published_at = post.published_at
    edit(editor_client, post, status=Status.DRAFT, published_at_0="2030-01-01", published_at_1="10:00:00")
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    assert post.published_at == published_at


def test_an_editors_publish_action_is_refused(editor_client):
    post = PostFactory(draft=True)
    response = editor_client.post(
        reverse(CHANGELIST), {"action": "publish_selected", "_selected_action": [post.pk]}, follow=True
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.status == Status.DRAFT
    assertNotContains(editor_client.get(reverse(CHANGELIST)), "publish_selected")


def test_a_new_post_by_an_editor_is_a_draft(editor_client):
    data = form_data(editor_client.get(reverse("admin:news_post_add")), "post_form")
    data.update(title_ru=["Новость редактора"], status=[Status.PUBLISHED])
    assert editor_client.post(reverse("admin:news_post_add"), data).status_code == 302
    assert Post.objects.get(title_ru="Новость редактора").status == Status.DRAFT


def test_a_publisher_schedules_a_post_for_tomorrow(publisher_client, client):
    post = PostFactory(draft=True, title_en="Tomorrow's news")
    tomorrow = timezone.localtime() + timedelta(days=1)
    response = edit(
        publisher_client,
        post,
        status=Status.PUBLISHED,
        published_at_0=tomorrow.strftime("%d.%m.%Y"),
        published_at_1=tomorrow.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.is_scheduled
    # Invisible until then, with no job to run: visibility is computed from the date.
    client.logout()
    assert client.get(f"/en/news/{post.slug}/").status_code == 404
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/en/news/{post.slug}/").status_code == 200


def test_a_publisher_can_unpublish(publisher_client):
    post = PostFactory()
    edit(publisher_client, post, status=Status.DRAFT)
    post.refresh_from_db()
    assert post.status == Status.DRAFT


# Preview


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_staff_preview_a_draft_in_both_languages(editor_client, lang):
    post = PostFactory(draft=True, title_ru="Черновик новости", title_en="Draft news")
    with translation.override(lang):
        url = reverse("news:preview", kwargs={"pk": post.pk})
    response = editor_client.get(url)
    assert response.status_code == 200
    assertContains(response, {"ru": "Черновик новости", "en": "Draft news"}[lang])
    assertContains(response, "preview-banner")
    assertContains(response, '<meta name="robots" content="noindex">')
    assert "no-cache" in response["Cache-Control"]


def test_the_change_form_links_to_previews_in_both_languages(editor_client):
    post = PostFactory(draft=True)
    response = editor_client.get(change_url(post))
    assertContains(response, f'href="/ru/news/preview/{post.pk}/"')
    assertContains(response, f'href="/en/news/preview/{post.pk}/"')


def test_visitors_and_non_staff_get_404_for_a_preview(client):
    post = PostFactory(draft=True)
    url = reverse("news:preview", kwargs={"pk": post.pk})
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(post.get_absolute_url()).status_code == 404


def test_staff_preview_a_draft_event(editor_client):
    event = EventFactory(draft=True, title_ru="Черновик события")
    response = editor_client.get(reverse("events:preview", kwargs={"pk": event.pk}))
    assertContains(response, "Черновик события")


# Revisions


def test_every_save_keeps_a_version_and_an_earlier_one_can_be_restored(editor_client):
    post = PostFactory(draft=True, title_ru="Первая версия")
    edit(editor_client, post, title_ru="Первая версия")
    edit(editor_client, post, title_ru="Вторая версия")
    versions = Version.objects.get_for_object(post)
    assert versions.count() == 2
    history = editor_client.get(reverse("admin:news_post_history", args=[post.pk]))
    assert history.status_code == 200
    first = versions.last()
    revision_url = reverse("admin:news_post_revision", args=[post.pk, first.pk])
    page = editor_client.get(revision_url)
    assertContains(page, "Первая версия")
    assert editor_client.post(revision_url, form_data(page, "post_form")).status_code == 302
    post.refresh_from_db()
    assert post.title_ru == "Первая версия"


def test_a_deleted_post_can_be_recovered(editor_client):
    post = PostFactory(draft=True, title_ru="Удалённая новость")
    edit(editor_client, post, title_ru="Удалённая новость")
    editor_client.post(reverse("admin:news_post_delete", args=[post.pk]), {"post": "yes"})
    assert not Post.objects.filter(pk=post.pk).exists()
    recover_list = editor_client.get(reverse("admin:news_post_recoverlist"))
    assertContains(recover_list, "Удалённая новость")
    (version,) = Version.objects.get_deleted(Post)
    recover_url = reverse("admin:news_post_recover", args=[version.pk])
    assert (
        editor_client.post(recover_url, form_data(editor_client.get(recover_url), "post_form")).status_code
        == 302
    )
    assert Post.objects.get(pk=post.pk).title_ru == "Удалённая новость"


# Two people editing at once


def test_the_second_of_two_concurrent_saves_is_refused(client):
    post = PostFactory(draft=True, title_ru="Исходный заголовок")
    olga, ivan = iro_editor(username="olga"), iro_editor(username="ivan")
    client.force_login(olga)
    olgas_form = form_data(client.get(change_url(post)), "post_form")
    client.force_login(ivan)
    ivans_form = form_data(client.get(change_url(post)), "post_form")

    ivans_form["title_ru"] = ["Заголовок Ивана"]
    assert client.post(change_url(post), ivans_form).status_code == 302

    client.force_login(olga)
    olgas_form["title_ru"] = ["Заголовок Ольги"]
    response = client.post(change_url(post), olgas_form)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.non_field_errors().as_data()
    assert error.code == "concurrent_edit"
    assertContains(response, "после того как вы его открыли")
    # Olga's text is still on her screen, and Ivan's is what is stored.
    assertContains(response, "Заголовок Ольги")
    post.refresh_from_db()
    assert post.title_ru == "Заголовок Ивана"


def test_saving_twice_in_a_row_is_not_a_conflict(editor_client):
    post = PostFactory(draft=True)
    assert edit(editor_client, post, title_ru="Раз").status_code == 302
    assert edit(editor_client, post, title_ru="Два").status_code == 302
    post.refresh_from_db()
    assert post.title_ru == "Два"


def test_the_address_of_a_published_post_stays_the_same(publisher_client):
    post = PostFactory(title_en="Delegation visit")
    slug = post.slug
    response = edit(publisher_client, post, slug="a-new-address", title_en="Delegation visit, corrected")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title_en == "Delegation visit, corrected"
    assert post.slug == slug


def test_a_drafts_address_can_still_be_changed(editor_client):
    post = PostFactory(draft=True)
    edit(editor_client, post, slug="a-better-address")
    post.refresh_from_db()
    assert post.slug == "a-better-address"
