import math
import re
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from partners import map_geometry
from tests.factories import MembershipFactory, PartnerFactory

MAP_QUERIES = 6  # association lookup, three filter counts, countries, located partners


def map_url(lang="ru", query=""):
    with translation.override(lang):
        path = reverse("partners:map")
    return f"{path}?{query}" if query else path


def inside(point, rings):
    """Even-odd rule: whether ``point`` lies inside the outline made of ``rings``."""
    x, y = point
    hits = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring + ring[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                hits += 1
    return hits % 2 == 1


def distance(point, rings):
    """How far ``point`` is from the nearest edge of the outline, in map units."""
    x, y = point
    best = float("inf")
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring + ring[:1]):
            dx, dy = x2 - x1, y2 - y1
            length = dx * dx + dy * dy
            t = 0 if not length else max(0, min(1, ((x - x1) * dx + (y - y1) * dy) / length))
            best = min(best, math.hypot(x - x1 - t * dx, y - y1 - t * dy))
    return best


def outline(code):
    return next(item for item in map_geometry.outlines() if item.code == code)


# Map data and projection (no database)


def test_the_vendored_map_has_every_country_a_partner_is_likely_to_be_in():
    codes = {item.code for item in map_geometry.outlines()}
    assert len(codes) > 240
    assert {"CN", "RU", "KZ", "BY", "MN", "VN", "IN", "DE", "FR", "US", "BR", "ZA", "AU", "SG", "HK"} <= codes


@pytest.mark.parametrize(
    ("code", "latitude", "longitude"),
    [
        ("CN", 45.744, 126.630),  # Harbin
        ("CN", 39.958, 116.310),  # Beijing
        ("CN", 36.07, 120.38),  # Qingdao
        ("RU", 55.766, 37.685),  # Moscow
        ("RU", 60.007, 30.373),  # St Petersburg
        ("RU", 56.844, 60.654),  # Yekaterinburg
        ("RU", 43.12, 131.89),  # Vladivostok
        ("RU", 65.8, -175.0),  # Chukotka east of 180°: wraps round to the map's east edge
        ("RU", 54.71, 20.51),  # Kaliningrad
        ("BY", 53.90, 27.56),  # Minsk
        ("KZ", 51.17, 71.45),  # Astana
        ("FR", 48.857, 2.352),  # Paris
        ("US", 40.71, -74.0),  # New York
        ("US", 39.74, -104.99),  # Denver
        ("NZ", -43.53, 172.64),  # Christchurch
        ("AU", -35.28, 149.13),  # Canberra
        ("AU", -33.87, 151.21),  # Sydney
        ("BR", -15.79, -47.88),  # Brasília
        ("BR", -22.91, -43.17),  # Rio de Janeiro
        ("ZA", -26.20, 28.04),  # Johannesburg
        ("ZA", -33.92, 18.42),  # Cape Town
        ("IS", 64.15, -21.94),  # Reykjavík
        ("JP", 35.68, 139.69),  # Tokyo
        ("AR", -34.6, -58.38),  # Buenos Aires
        ("IN", 28.61, 77.21),  # Delhi
    ],
)
def test_cities_land_inside_their_countries(code, latitude, longitude):
    point = tuple(map(float, map_geometry.project(latitude, longitude)))
    rings = map_geometry._rings(outline(code).d)
    # Port cities sit on the simplified coastline: within a tenth of a degree of it is close enough.
    assert inside(point, rings) or distance(point, rings) < 0.3


def test_projection_stays_on_the_map():
    for latitude, longitude in [
        (90, -180),
        (-90, 180),
        (0, 0),
        (89.9, 179.9),
        (-89.9, -179.9),
        (-77.8, 166.7),
    ]:
        x, y = map(float, map_geometry.project(latitude, longitude))
        assert 0 <= x <= map_geometry.VIEWBOX[0]
        assert 0 <= y <= map_geometry.VIEWBOX[1]


def test_simplified_outlines_are_small_but_keep_their_shape():
    total = sum(len(item.d) for item in map_geometry.outlines())
    assert total < 200_000
    # Each country keeps at least its main landmass.
    assert all(item.d.startswith("m") and item.d.endswith("z") for item in map_geometry.outlines())


# The map page


@pytest.fixture
def partners(db):
    """Two located partners in Harbin, one in Moscow, one in Tianjin without coordinates, one in France."""
    asrtu = PartnerFactory(association=True, slug="asrtu", country="RU")
    hit = PartnerFactory(
        slug="hit",
        name_en="Harbin Institute of Technology",
        short_name_en="HIT",
        latitude="45.744",
        longitude="126.630",
    )
    heu = PartnerFactory(
        slug="heu",
        name_en="Harbin Engineering University",
        short_name_en="HEU",
        latitude="45.775",
        longitude="126.679",
    )
    bmstu = PartnerFactory(
        slug="bmstu",
        short_name_en="Bauman MSTU",
        country="RU",
        city_en="Moscow",
        city_ru="Москва",
        latitude="55.766",
        longitude="37.685",
    )
    PartnerFactory(slug="tju", city_en="Tianjin", city_ru="Тяньцзинь")
    PartnerFactory(slug="upsaclay", country="FR", city_en="Paris", city_ru="Париж")
    for member in [hit, heu, bmstu]:
        MembershipFactory(association=asrtu, member=member)
    return asrtu


def highlighted_countries(response):
    """The countries the map highlights, with their shade (1 to 3)."""
    found = re.findall(r'class="map-level-(\d)" data-country="([A-Z-]+)"', response.content.decode())
    return {code: int(level) for level, code in found}


@pytest.mark.django_db
def test_map_highlights_countries_with_partners_and_titles_them(client, partners):
    with translation.override("en"):
        response = client.get(map_url("en"))
        assert response.status_code == 200
        assert highlighted_countries(response) == {"CN": 2, "RU": 2, "FR": 1}
        assertContains(response, "<title>China: 3 partners</title>")
        assertContains(response, "<title>Russia: 2 partners</title>")
        assertContains(response, "<title>France: 1 partner</title>")


@pytest.mark.django_db
def test_map_draws_one_dot_per_city_with_coordinates(client, partners):
    with translation.override("en"):
        response = client.get(map_url("en"))
    dots = re.findall(
        r'<circle class="map-dot" cx="([\d.]+)" cy="([\d.]+)" r="3.5"><title>([^<]+)</title>',
        response.content.decode(),
    )
    assert sorted(title for _x, _y, title in dots) == ["Harbin: HEU, HIT", "Moscow: Bauman MSTU"]
    for x, y, title in dots:
        code = "CN" if title.startswith("Harbin") else "RU"
        assert inside((float(x), float(y)), map_geometry._rings(outline(code).d))


@pytest.mark.django_db
def test_map_has_a_text_alternative_linking_to_the_directory(client, partners):
    with translation.override("en"):
        response = client.get(map_url("en"))
        directory = reverse("partners:list")
    assertContains(response, 'role="img" aria-labelledby="partner-map-title"')
    content = response.content.decode()
    table = content.split('<table class="partner-countries">')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>', table)
    assert rows == [
        (f"{directory}?country=CN", "China", "3"),
        (f"{directory}?country=FR", "France", "1"),
        (f"{directory}?country=RU", "Russia", "2"),
    ]
    # Partners with coordinates are listed as text too.
    places = content.split('<ul class="partner-places">')[1].split("</ul>")[0]
    assert places.count("<li>") == 3


@pytest.mark.django_db
def test_map_honours_the_filters(client, partners):
    with translation.override("en"):
        response = client.get(map_url("en", "association=asrtu&country=CN"))
        directory = reverse("partners:list")
    assert highlighted_countries(response) == {"CN": 2}
    assertContains(response, f'<a href="{directory}?country=CN&amp;association=asrtu">China</a>')
    svg = response.content.decode().split('<svg class="world-map"')[1].split("</svg>")[0]
    assert svg.count('<circle class="map-dot"') == 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["country=ZZ", "association=nobody", "kind=<b>"])
def test_map_refuses_unknown_filters(client, partners, query):
    response = client.get(map_url("en", query))
    assert response.status_code == 400
    assert highlighted_countries(response) == {}
    assertNotContains(response, "<b>", status_code=400)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_map_has_no_inline_styles_or_scripts(client, partners, lang):
    response = client.get(map_url(lang))
    content = response.content.decode()
    assertContains(response, f'<html lang="{lang}">')
    assert "style=" not in content
    assert "<script" not in content
    assert len(content) < 250_000


@pytest.mark.django_db
def test_map_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    association = PartnerFactory(association=True, slug="asrtu")
    for partner in PartnerFactory.create_batch(3, latitude="45.7", longitude="126.6"):
        MembershipFactory(association=association, member=partner)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(map_url("en", "association=asrtu")).status_code == 200
        return len(context)

    few = queries()
    countries = ["CN", "RU", "KZ", "BY", "MN", "FR", "DE", "IN", "VN", "BR"]
    for number in range(100):
        partner = PartnerFactory(country=countries[number % 10], latitude=number % 60, longitude=number)
        MembershipFactory(association=association, member=partner)
    with django_assert_max_num_queries(MAP_QUERIES):
        client.get(map_url("en", "association=asrtu"))
    assert queries() == few
