"""Read-only queries that other parts of the site ask of the news app."""

from django.db.models import Exists, OuterRef, Q

from news.models import Event, Post

# How many news posts and events a partner's timeline shows; the rest are one link away.
TIMELINE_SIZE = 20


def partner_timeline(partner, size=TIMELINE_SIZE):
    """A partner's published news and published events, newest first (two queries).

    Each entry is {"date", "post"} or {"date", "event", "upcoming"}; events carry ``is_organiser``.
    """
    posts = Post.objects.published().cards().filter(partners=partner).order_by("-published_at")[:size]
    organised = Event.organisers.through.objects.filter(partner=partner).values("event_id")
    attended = Event.participants.through.objects.filter(partner=partner).values("event_id")
    events = (
        Event.objects.published()
        .filter(Q(pk__in=organised) | Q(pk__in=attended))
        .annotate(is_organiser=Exists(organised.filter(event_id=OuterRef("pk"))))
        .order_by("-starts_at")[:size]
    )
    entries = [{"date": post.published_at, "post": post} for post in posts]
    entries += [
        {"date": event.starts_at, "event": event, "upcoming": not event.has_ended} for event in events
    ]
    entries.sort(key=lambda entry: entry["date"], reverse=True)
    return entries[:size]
