"""Forged filters, selections and ids in the admin: its own "?e=1", a form error or a 400, never a 500."""

import pytest
from django.contrib.auth import get_user_model
from pytest_django.asserts import assertContains

from tests.factories import PostFactory, TopicFactory


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=99999999999",
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12",
        "published_at__year=1",
        "published_at__year=0",
        "published_at__year=2020&published_at__year=1",
    ],
)
def test_admin_date_hierarchy_out_of_range_is_refused_like_any_bad_filter(superuser_client, query):
    PostFactory()
    response = superuser_client.get(f"/ru/admin/news/post/?{query}")
    # The admin's own answer to a filter it cannot apply: back to the list with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "changelist",
    ["/ru/admin/axes/accesslog/?attempt_time__year=", "/ru/admin/auth/user/?date_joined__gte="],
)
def test_admin_of_libraries_refuses_dates_out_of_range_too(superuser_client, changelist):
    # django-axes' login records and Django's users: admins the office did not write.
    response = superuser_client.get(changelist + "1" * 400)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_admin_date_hierarchy_still_narrows_by_year(superuser_client):
    post = PostFactory()
    response = superuser_client.get(f"/ru/admin/news/post/?published_at__year={post.published_at.year}")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [post]


def test_admin_date_filter_leaving_datetime_range_in_utc_is_not_a_500(superuser_client):
    # A real, aware date whose UTC time is in year 0: PostgreSQL takes it, SQLite's adapter cannot
    # convert it and the filter is refused.
    response = superuser_client.get("/ru/admin/news/event/?starts_at__gte=0001-01-01T00:00:00%2B03:00")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize("forged", ["abc", "²", "99999999999999999999"])
@pytest.mark.parametrize("changelist", ["/ru/admin/news/post/", "/ru/admin/auth/user/"])
def test_a_forged_selection_for_an_admin_action_is_a_400(superuser_client, changelist, forged):
    response = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [forged], "post": "yes"}
    )
    assert response.status_code == 400


def test_admin_actions_still_act_on_the_selection(superuser_client):
    post = PostFactory(draft=True)
    response = superuser_client.post(
        "/ru/admin/news/post/", {"action": "publish_selected", "_selected_action": [post.pk], "index": 0}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == "published"


def test_forged_ids_in_autocomplete_fields_come_back_as_form_errors(superuser_client):
    response = superuser_client.post(
        "/ru/admin/news/post/add/",
        {"title_ru": "Заметка", "partners": ["abc"], "topics": ["99999999999999999999"], "event": "²"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"partners", "topics", "event"} <= errors.keys()


def test_forged_ids_in_an_inline_come_back_as_form_errors(superuser_client):
    response = superuser_client.post(
        "/ru/admin/partners/partner/add/",
        {
            "name_ru": "Университет",
            "kind": "university",
            "country": "CN",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-association": "99999999999999999999",
            "agreements-TOTAL_FORMS": "0",
            "agreements-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[0]["association"]


@pytest.mark.parametrize("view", ["change", "delete"])
def test_an_empty_to_field_parameter_is_ignored(superuser_client, view):
    # Found by tests/portal/test_fuzz_urls.py: Django looked up a field named "".
    topic = TopicFactory()
    response = superuser_client.get(f"/ru/admin/news/topic/{topic.pk}/{view}/?_to_field=")
    assert response.status_code == 200
    user = get_user_model().objects.get()
    assert superuser_client.get(f"/ru/admin/auth/user/{user.pk}/{view}/?_to_field=").status_code == 200


@pytest.mark.parametrize("value", ["x", "%", "2020-13-45"])
def test_an_unreadable_date_as_initial_value_of_an_add_form_is_left_out(superuser_client, value):
    # Found by tests/portal/test_fuzz_urls.py: the date widget failed on the raw string.
    response = superuser_client.get("/ru/admin/news/post/add/", {"published_at": value})
    assert response.status_code == 200


def test_a_readable_date_as_initial_value_still_fills_the_add_form(superuser_client):
    response = superuser_client.get("/ru/admin/news/post/add/", {"published_at": "2020-05-17 10:30"})
    assertContains(response, 'value="17.05.2020"')
