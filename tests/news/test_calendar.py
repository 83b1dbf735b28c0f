from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from icalendar.parser import Contentline

from news.calendar import fold
from tests.factories import EventFactory, PartnerFactory

pytestmark = pytest.mark.django_db

QINGDAO = ZoneInfo("Asia/Shanghai")


def url(lang, name, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def fetch(client, address, **extra):
    response = client.get(address, **extra)
    assert response.status_code == 200, address
    return response, Calendar.from_ical(response.content)


def parse(client, address, **extra):
    return fetch(client, address, **extra)[1]


def event_with(organisers=(), participants=(), **kwargs):
    """An event with partners (EventFactory has no hooks for them)."""
    event = EventFactory(**kwargs)
    event.organisers.set(organisers)
    event.participants.set(participants)
    return event


def summaries(calendar):
    return sorted(str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT"))


def test_event_ics_is_a_calendar_clients_accept(client):
    start = datetime(2030, 10, 15, 9, 0, tzinfo=QINGDAO)
    event = EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        timezone="Asia/Shanghai",
        title_en="Technology transfer session",
        description_en="The second session of technology transfer.",
        venue_en="Qingdao International Conference Centre",
        city_en="Qingdao",
        country="CN",
    )

    response, calendar = fetch(client, url("en", "events:ical", slug=event.slug))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{event.slug}.ics"'
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Technology transfer session"
    [entry] = calendar.walk("VEVENT")
    assert entry["SUMMARY"] == "Technology transfer session"
    assert entry["STATUS"] == "CONFIRMED"
    assert entry["URL"] == f"http://testserver/en/events/{event.slug}/"
    assert entry["DESCRIPTION"].startswith("The second session of technology transfer.")
    assert entry["LOCATION"] == "Qingdao International Conference Centre, Qingdao, China"
    assert entry.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert entry.decoded("DTSTAMP").tzinfo is not None


def test_event_times_keep_the_events_own_zone(client):
    start = datetime(2030, 10, 15, 9, 0, tzinfo=QINGDAO)
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=8), timezone="Asia/Shanghai")

    calendar = parse(client, url("ru", "events:ical", slug=event.slug))

    [entry] = calendar.walk("VEVENT")
    # 09:00 in Qingdao, although the office (and the server) run on Moscow time.
    assert entry["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert entry["DTSTART"].to_ical() == b"20301015T090000"
    assert entry["DTEND"].to_ical() == b"20301015T170000"
    assert entry.decoded("DTSTART") == start
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert calendar.get_missing_tzids() == set()


def test_a_calendar_has_a_timezone_for_each_zone_its_events_use(client):
    summer = datetime(2030, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    EventFactory(starts_at=summer, ends_at=summer + timedelta(hours=2), timezone="Europe/Berlin")
    EventFactory(timezone="Asia/Shanghai")
    EventFactory(timezone="Europe/Moscow")

    calendar = parse(client, url("en", "events:ical_feed"))

    assert {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")} == {
        "Europe/Berlin",
        "Asia/Shanghai",
        "Europe/Moscow",
    }
    assert calendar.get_missing_tzids() == set()
    berlin = next(e for e in calendar.walk("VEVENT") if e["DTSTART"].params["TZID"] == "Europe/Berlin")
    # The VTIMEZONE carries summer time: the client computes the right instant.
    assert berlin.decoded("DTSTART") == summer
    assert berlin.decoded("DTSTART").utcoffset() == timedelta(hours=2)


def test_uid_is_stable_across_requests_languages_and_hosts(client):
    event = EventFactory()

    first = parse(client, url("ru", "events:ical", slug=event.slug)).walk("VEVENT")[0]["UID"]
    again = parse(client, url("ru", "events:ical", slug=event.slug)).walk("VEVENT")[0]["UID"]
    english = parse(client, url("en", "events:ical", slug=event.slug)).walk("VEVENT")[0]["UID"]
    other_host = parse(client, url("ru", "events:ical", slug=event.slug), HTTP_HOST="127.0.0.1")
    in_feed = parse(client, url("ru", "events:ical_feed")).walk("VEVENT")[0]["UID"]

    assert first == again == english == other_host.walk("VEVENT")[0]["UID"] == in_feed
    assert str(event.pk) in first


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_summary_is_in_the_language_of_the_prefix(client, lang):
    event = EventFactory(title_ru="Форум АРКТУ", title_en="ASRTU forum")

    calendar = parse(client, url(lang, "events:ical", slug=event.slug))

    [entry] = calendar.walk("VEVENT")
    assert entry["SUMMARY"] == getattr(event, f"title_{lang}")
    assert entry["URL"] == f"http://testserver/{lang}/events/{event.slug}/"


def test_english_calendar_falls_back_to_the_russian_title(client):
    EventFactory(title_ru="Только по-русски", title_en="")

    calendar = parse(client, url("en", "events:ical_feed"))

    assert summaries(calendar) == ["Только по-русски"]


def test_events_feed_has_published_events_past_and_upcoming(client):
    upcoming = EventFactory(title_ru="Будущий форум")
    past = EventFactory(past=True, title_ru="Прошедший форум")
    EventFactory(draft=True, title_ru="Черновик события")

    response, calendar = fetch(client, url("ru", "events:ical_feed"))

    assert summaries(calendar) == sorted([upcoming.title_ru, past.title_ru])
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="events.ics"'


def test_a_subscription_holds_the_soonest_events_then_the_latest_ended(client):
    now = timezone.now()
    for days in range(1, 96):
        EventFactory(title_en=f"In {days:03} days", starts_at=now + timedelta(days=days))
    for days in (10, 20, 30, 40, 50, 60, 200):
        EventFactory(
            title_en=f"Ended {days:03} days ago",
            starts_at=now - timedelta(days=days, hours=3),
            ends_at=now - timedelta(days=days),
        )

    calendar = parse(client, url("en", "events:ical_feed"))

    titles = [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")]
    # 100 at most: every upcoming one, then the five that ended last; never what ended long ago.
    assert titles == [
        *(f"Ended {days:03} days ago" for days in (50, 40, 30, 20, 10)),
        *(f"In {days:03} days" for days in range(1, 96)),
    ]
    for days in range(96, 101):
        EventFactory(title_en=f"In {days:03} days", starts_at=now + timedelta(days=days))
    titles = [str(entry["SUMMARY"]) for entry in parse(client, url("en", "events:ical_feed")).walk("VEVENT")]
    assert titles == [f"In {days:03} days" for days in range(1, 101)]


def test_an_empty_events_feed_is_still_a_calendar(client):
    calendar = parse(client, url("ru", "events:ical_feed"))

    assert calendar["VERSION"] == "2.0"
    assert calendar.walk("VEVENT") == []


def test_draft_event_ics_is_not_found(client):
    draft = EventFactory(draft=True)
    assert client.get(url("ru", "events:ical", slug=draft.slug)).status_code == 404


def test_partner_calendar_has_the_events_it_organises_or_attends(client):
    partner = PartnerFactory()
    other = PartnerFactory()
    organised = event_with(title_en="Organised", organisers=[partner], participants=[other])
    attended = event_with(title_en="Attended", participants=[partner])
    event_with(title_en="Both", organisers=[partner], participants=[partner])
    event_with(title_en="Past", past=True, participants=[partner])
    event_with(title_en="Someone else's", organisers=[other])
    EventFactory(title_en="Nobody's")
    event_with(title_en="Draft", draft=True, organisers=[partner])

    response, calendar = fetch(client, url("en", "partner_events_ical", slug=partner.slug))

    assert summaries(calendar) == sorted([organised.title_en, attended.title_en, "Both", "Past"])
    assert response["Content-Disposition"] == f'inline; filename="{partner.slug}-events.ics"'
    assert partner.name_en in calendar["X-WR-CALNAME"]


def test_partner_calendar_of_an_unknown_partner_is_not_found(client):
    assert client.get(url("en", "partner_events_ical", slug="no-such-partner")).status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/ru/events/no-such-event.ics",
        "/ru/events/%00.ics",
        "/ru/events/<b>x<%2Fb>.ics",
        "/en/events/" + "a" * 5000 + ".ics",
        "/ru/events/событие.ics",
        "/ru/partners/%00/events.ics",
        "/ru/partners/" + "a" * 5000 + "/events.ics",
        "/ru/partners/<script>/events.ics",
    ],
)
def test_odd_addresses_are_not_found(client, address):
    EventFactory()
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("count", [3, 100])
def test_events_feed_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    partners = PartnerFactory.create_batch(2)
    for _ in range(count):
        event_with(organisers=partners, participants=partners)

    # The upcoming events, then the recent past ones while there is room.
    with django_assert_max_num_queries(2):
        calendar = parse(client, url("en", "events:ical_feed"))

    assert len(calendar.walk("VEVENT")) == count


@pytest.mark.parametrize("count", [3, 100])
def test_partner_calendar_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    partner, other = PartnerFactory.create_batch(2)
    for number in range(count):
        event_with(organisers=[partner] if number % 2 else [other], participants=[partner, other])

    # The partner, then its upcoming and recent events.
    with django_assert_max_num_queries(3):
        calendar = parse(client, url("ru", "partner_events_ical", slug=partner.slug))

    assert len(calendar.walk("VEVENT")) == count


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=400)
)
def test_lines_are_folded_exactly_as_icalendar_folds_them(text):
    line = Contentline(f"DESCRIPTION:{text}")
    assert fold(line) == line.to_ical()
    assert all(len(part) <= 75 for part in fold(line).split(b"\r\n"))


def test_a_calendar_of_long_russian_text_reads_back_unchanged(client):
    description = "<p>" + "Трансфер технологий: сессия АРКТУ в Циндао; \\ ^ , ; " * 20 + "</p>"
    title = " ".join(["Сессия"] * 30)
    EventFactory(title_ru=title, description_ru=description)

    calendar = parse(client, url("ru", "events:ical_feed"))

    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == title
    assert "сессия АРКТУ в Циндао; \\ ^ , ;" in str(entry["DESCRIPTION"])
