"""iCalendar (RFC 5545) views of published events."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from news.models import Event
from partners.models import Partner


def _calendar(request, events):
    calendar = Calendar()
    calendar.add("prodid", "-//IRO portal//EN")
    calendar.add("version", "2.0")
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@{request.get_host()}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.local_starts_at)
        entry.add("dtend", event.local_ends_at)
        entry.add("dtstamp", event.updated_at)
        entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
        calendar.add_component(entry)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


def event_ical(request, slug):
    return _calendar(request, [get_object_or_404(Event.objects.published(), slug=slug)])


def events_ical(request):
    return _calendar(request, Event.objects.published())


def partner_events_ical(request, slug):
    partner = get_object_or_404(Partner, slug=slug)
    events = Event.objects.published().filter(organisers=partner) | Event.objects.published().filter(
        participants=partner
    )
    return _calendar(request, events.distinct())
