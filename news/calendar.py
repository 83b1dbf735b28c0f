"""iCalendar (RFC 5545) views of published events, in the language of the URL prefix."""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Timezone, vDuration
from icalendar import Event as CalendarEvent

from news.models import Event
from partners.models import Partner
from portal.core.richtext import html_to_text

# UIDs must not change when the site moves to another host or is reached by another name: a calendar
# client would see every event as new and show it twice.
UID_DOMAIN = "iro-portal"

# How often subscribed clients should fetch a calendar again (Outlook reads X-PUBLISHED-TTL).
REFRESH_INTERVAL = timedelta(hours=12)

# A calendar to subscribe to holds what is coming and what has just ended, not the whole archive: at
# most this many events, the soonest upcoming first, then those ended within RECENT, latest first.
SUBSCRIPTION_LIMIT = 100
RECENT = timedelta(days=90)


def fold(line):
    """A content line as UTF-8, folded as RFC 5545 asks: at most 75 octets a line, continuations
    starting with a space, never inside a character or after a backslash or caret (an escape).

    What ``icalendar`` does too, but a character at a time: 40% of building a calendar of Russian
    text went there. This cuts the encoded line at once (the same result: tests/news/test_calendar.py).
    """
    data = line.encode()
    parts = []
    start = 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a continuation byte: the character started earlier
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def event_uid(event):
    """The event's iCalendar UID: the same in every language, on every host, for ever."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def _location(event):
    return ", ".join(part for part in [event.venue, event.city, event.country.name] if part)


def _entry(request, event, stamp):
    url = request.build_absolute_uri(event.get_absolute_url())
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", stamp)
    entry.add("summary", event.title)
    entry.add("dtstart", event.local_starts_at)
    entry.add("dtend", event.local_ends_at)
    # Google Calendar ignores URL, so the link goes at the end of the description as well.
    entry.add("description", "\n\n".join(part for part in [html_to_text(event.description), url] if part))
    location = _location(event)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    entry.add("categories", [str(event.get_kind_display())])
    entry.add("status", "CONFIRMED")
    entry.add("created", event.created_at)
    entry.add("last-modified", event.updated_at)
    return entry


def _calendar_response(request, events, name, filename, subscription=True):
    """An iCalendar file of ``events`` with a VTIMEZONE for each zone they are in."""
    events = list(events)
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//{UID_DOMAIN}//International Relations Office//{get_language().upper()}")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", str(name))
    calendar.add("name", str(name))
    if subscription:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    stamp = timezone.now().replace(microsecond=0)
    for event in events:
        calendar.add_component(_entry(request, event, stamp))
    if events:
        # Only the rules in force in the years the events take place: a VTIMEZONE from 1970 on would
        # be larger than the events themselves.
        first = min(event.local_starts_at.year for event in events)
        last = max(event.local_ends_at.year for event in events)
        zones = [_vtimezone(tzid, first, last) for tzid in sorted(calendar.get_missing_tzids())]
        calendar.subcomponents[:0] = [zone for zone in zones if zone is not None]
    body = b"\r\n".join(fold(line) for line in calendar.content_lines() if line) + b"\r\n"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@lru_cache(maxsize=256)
def _vtimezone(tzid, first_year, last_year):
    """The VTIMEZONE of ``tzid`` for whole years, None for an unknown zone. Working out the rules
    took 7 ms a zone; they never change for given years, so each process does it once."""
    try:
        return Timezone.from_tzid(
            tzid, first_date=date(first_year, 1, 1) - timedelta(days=1), last_date=date(last_year, 12, 31)
        )
    except ValueError:
        return None


def _subscription(events):
    """Of ``events``, those a subscribed calendar holds (two queries, each of SUBSCRIPTION_LIMIT rows
    at most), by starting time."""
    events = events.defer("search_ru", "search_en")
    upcoming = list(events.upcoming().order_by("starts_at", "pk")[:SUBSCRIPTION_LIMIT])
    room = SUBSCRIPTION_LIMIT - len(upcoming)
    recent = events.past().filter(ends_at__gte=timezone.now() - RECENT).order_by("-starts_at", "-pk")
    return [*reversed(recent[:room]), *upcoming] if room else upcoming


def event_ical(request, slug):
    """One published event, to add to a calendar."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    return _calendar_response(request, [event], event.title, f"{event.slug}.ics", subscription=False)


def events_ical(request):
    """Published events coming and just ended, as a calendar to subscribe to (``_subscription``)."""
    # Subscribers need what is coming; older events stay on the site, not in every calendar sync.
    return _calendar_response(
        request,
        _subscription(Event.objects.published()),
        _("%(site)s: events") % {"site": settings.SITE_NAME},
        "events.ics",
    )


def partner_events_ical(request, slug):
    """The published events a partner organises or takes part in, as a calendar to subscribe to."""
    partner = get_object_or_404(Partner.objects.published(), slug=slug)
    # Subqueries rather than joins: an event the partner both organises and attends appears once.
    events = Event.objects.published().filter(
        Q(pk__in=partner.organised_events.values("pk")) | Q(pk__in=partner.attended_events.values("pk"))
    )
    return _calendar_response(
        request,
        _subscription(events),
        _("%(partner)s: events") % {"partner": partner.name},
        f"{partner.slug}-events.ics",
    )
