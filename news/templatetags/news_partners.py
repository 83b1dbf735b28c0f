"""What the news app shows on other apps' pages: a partner's news and events."""

from django import template

from news.selectors import partner_timeline as timeline_of

register = template.Library()


@register.inclusion_tag("news/includes/partner_timeline.html")
def partner_timeline(partner):
    """The partner profile's "News and events" section, with links to its feed and calendar."""
    return {"partner": partner, "timeline": timeline_of(partner)}
