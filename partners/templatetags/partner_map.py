"""The partner map: a world map drawn on the server as inline SVG, readable without JavaScript.

The outlines and the projection are ``partners.map_geometry``'s; this tag only picks the colours,
labels and dots for the partners shown.
"""

from django import template
from django.utils.translation import ngettext

from partners.map_geometry import VIEWBOX, outlines, project

register = template.Library()


def _level(count):
    return 1 if count == 1 else 2 if count <= 5 else 3


@register.inclusion_tag("includes/partner_map.html")
def partner_map(countries, partners, title):
    """The world map with ``countries`` (options with counts) highlighted and a dot per place.

    ``partners`` must have coordinates; partners in the same city share a dot.
    """
    counts = {option.value: option for option in countries}
    plain, highlighted = [], []
    for outline in outlines():
        option = counts.get(outline.code)
        if option is None:
            plain.append(outline)
            continue
        label = ngettext(
            "%(country)s: %(count)d partner", "%(country)s: %(count)d partners", option.count
        ) % {"country": option.label, "count": option.count}
        highlighted.append(
            {"code": outline.code, "d": outline.d, "level": _level(option.count), "label": label}
        )

    # One dot per city (partners in one city are a few hundred metres apart), else per point.
    places = {}
    for partner in partners:
        key = (partner.country.code, partner.city) if partner.city else (partner.latitude, partner.longitude)
        places.setdefault(key, []).append(partner)
    dots = []
    for group in places.values():
        latitude = sum(partner.latitude for partner in group) / len(group)
        longitude = sum(partner.longitude for partner in group) / len(group)
        x, y = project(latitude, longitude)
        names = ", ".join(partner.display_name for partner in group)
        city = group[0].city
        dots.append({"x": x, "y": y, "label": f"{city}: {names}" if city else names})

    return {
        "viewbox": f"0 0 {VIEWBOX[0]} {VIEWBOX[1]}",
        "plain": plain,
        "highlighted": highlighted,
        "dots": dots,
        "title": title,
    }
