"""schema.org descriptions of posts and events, for JSON-LD on their pages."""

from django.conf import settings
from django.utils.translation import get_language

from portal.core.images.renditions import shareable_url
from portal.core.richtext import html_to_text


def _organisation(request):
    return {"@type": "Organization", "name": str(settings.SITE_NAME), "url": request.build_absolute_uri("/")}


def _partner(request, partner):
    kind = "CollegeOrUniversity" if partner.kind == partner.Kind.UNIVERSITY else "Organization"
    return {
        "@type": kind,
        "name": partner.name,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
    }


def post_json_ld(request, post):
    """A NewsArticle for ``post``."""
    url = request.build_absolute_uri(post.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title,
        "description": post.lead,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": get_language(),
        "datePublished": post.published_at.isoformat(),
        "dateModified": post.updated_at.isoformat(),
        "author": _organisation(request),
        "publisher": _organisation(request),
        "about": [_partner(request, partner) for partner in post.partners.all()],
        "keywords": [topic.name for topic in post.topics.all()],
    }
    if post.cover_image:
        data["image"] = request.build_absolute_uri(shareable_url(post.cover_image))
    return data


def event_json_ld(request, event):
    """An Event for ``event``, with its times in its own zone."""
    place = {"@type": "Place", "name": event.venue or event.city or str(event.country.name)}
    address = {"@type": "PostalAddress", "addressLocality": event.city, "addressCountry": event.country.code}
    place["address"] = {key: value for key, value in address.items() if value}
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": html_to_text(event.description),
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "inLanguage": get_language(),
        "startDate": event.local_starts_at.isoformat(),
        "endDate": event.local_ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place,
        "organizer": [_partner(request, partner) for partner in event.organisers.all()]
        or _organisation(request),
    }
    if event.cover_image:
        data["image"] = request.build_absolute_uri(shareable_url(event.cover_image))
    return data
