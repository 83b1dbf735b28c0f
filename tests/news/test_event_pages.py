from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import EventFactory, PostFactory

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


QINGDAO = ZoneInfo("Asia/Shanghai")


def past_event(**kwargs):
    start = datetime(2016, 10, 12, 9, 0, tzinfo=QINGDAO)
    return EventFactory(starts_at=start, ends_at=datetime(2016, 10, 14, 18, 0, tzinfo=QINGDAO), **kwargs)


@pytest.mark.parametrize(
    ("lang", "took_place", "add_to_calendar"),
    [
        ("ru", "Мероприятие прошло 12–14 октября 2016 г.", "Добавить в календарь"),
        ("en", "The event took place on 12–14 October 2016.", "Add to calendar"),
    ],
)
def test_a_past_event_says_it_took_place_and_offers_no_calendar_or_registration(
    client, lang, took_place, add_to_calendar
):
    event = past_event(registration_url="https://example.org/register")
    with translation.override(lang):
        response = client.get(event.get_absolute_url())
    assertContains(response, took_place)
    assertNotContains(response, add_to_calendar)
    assertNotContains(response, "https://example.org/register")


@pytest.mark.parametrize(("lang", "text"), [("ru", "Добавить в календарь"), ("en", "Add to calendar")])
def test_an_upcoming_event_offers_the_calendar_and_registration(client, lang, text):
    event = EventFactory(registration_url="https://example.org/register")
    with translation.override(lang):
        response = client.get(event.get_absolute_url())
        ical = reverse("events:ical", kwargs={"slug": event.slug})
    assertContains(response, f'<a class="button button--quiet" href="{ical}">{text}</a>')
    assertContains(response, "https://example.org/register")
    assertNotContains(response, "Мероприятие прошло" if lang == "ru" else "took place")


def test_an_event_still_running_is_not_over(client):
    now = timezone.now()
    event = EventFactory(starts_at=now - timedelta(days=1), ends_at=now + timedelta(hours=2))
    assert not event.has_ended
    response = client.get(event.get_absolute_url())
    assertContains(response, "Добавить в календарь")
    assertNotContains(response, "Мероприятие прошло")


@pytest.mark.parametrize(
    ("starts", "ends", "ru", "en"),
    [
        ((2016, 10, 12), (2016, 10, 12), "12 октября 2016 г.", "12 October 2016"),
        ((2016, 9, 30), (2016, 10, 2), "30 сентября – 2 октября 2016 г.", "30 September – 2 October 2016"),
        (
            (2016, 12, 30),
            (2017, 1, 2),
            "30 декабря 2016 г. – 2 января 2017 г.",
            "30 December 2016 – 2 January 2017",
        ),
    ],
)
def test_event_cards_say_when_a_past_event_took_place(client, starts, ends, ru, en):
    EventFactory(
        title_ru="Прошедший форум",
        starts_at=datetime(*starts, 9, 0, tzinfo=QINGDAO),
        ends_at=datetime(*ends, 18, 0, tzinfo=QINGDAO),
    )
    year = starts[0]
    assertContains(client.get(f"/ru/events/?year={year}"), f"Прошло {ru}")
    with translation.override("en"):
        assertContains(client.get(f"/en/events/?year={year}"), f"Took place {en}")


def test_the_dates_are_the_events_own_calendar_days(client):
    # Ends at 01:00 on the 15th in Qingdao, which is still the 14th in Moscow and in UTC.
    start = datetime(2016, 10, 12, 9, 0, tzinfo=QINGDAO)
    EventFactory(starts_at=start, ends_at=datetime(2016, 10, 15, 1, 0, tzinfo=QINGDAO))
    assertContains(client.get("/ru/events/?year=2016"), "Прошло 12–15 октября 2016 г.")


def test_upcoming_event_cards_keep_their_dates_without_took_place(client):
    EventFactory(title_ru="Будущий форум")
    response = client.get("/ru/events/")
    assertContains(response, "Будущий форум")
    assertNotContains(response, "Прошло")


def test_a_post_about_a_past_event_offers_no_calendar(client):
    post = PostFactory(event=past_event())
    response = client.get(post.get_absolute_url())
    assertContains(response, "Прошло 12–14 октября 2016 г.")
    assertNotContains(response, "Добавить в календарь")


def test_a_post_about_an_upcoming_event_offers_the_calendar(client):
    post = PostFactory(event=EventFactory())
    response = client.get(post.get_absolute_url())
    assertContains(response, f'href="{reverse("events:ical", kwargs={"slug": post.event.slug})}"')
    assertContains(response, "Добавить в календарь")
    assertNotContains(response, "Прошло")
