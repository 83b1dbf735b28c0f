"""The event admin gets back its form, not a 500, whatever time zone is posted."""

import pytest


@pytest.mark.parametrize("zone", ["Europe", "a" * 300, "../Europe/Moscow", "No/Such_Zone"])
def test_an_event_posted_with_a_bogus_time_zone_gets_the_form_back_not_a_500(superuser_client, zone):
    response = superuser_client.post("/ru/admin/news/event/add/", {"timezone": zone})
    assert response.status_code == 200
    assert "timezone" in response.context["adminform"].form.errors
