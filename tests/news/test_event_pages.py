from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from pytest_django.asserts import assertContains

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_event_page_shows_times_in_the_events_own_zone(client):
    start = datetime(2030, 10, 15, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=8), timezone="Asia/Shanghai")
    with translation.override("en"):
        response = client.get(event.get_absolute_url())
    # 09:30 in Qingdao, although the office (and the server) run on Moscow time.
    assertContains(response, "9:30")
    assertContains(response, "Asia/Shanghai, UTC+08:00")
    # The instant itself, for the visitor's own zone (converted in the browser).
    assertContains(response, 'data-start="2030-10-15T01:30:00+00:00"')
