"""The partner map's geometry: country outlines from the vendored world map, and the projection.

Map data: the npm package ``@svg-maps/world`` 2.0.0 (CC BY 4.0, by Victor Cazanave, based on MapSVG's
world map), vendored unchanged with its licence in ``partners/static/partners/vendor/svg-maps-world/``;
see ``docs/partners-map.md``. Its outlines are simplified once per process (Douglas–Peucker at a third
of a map unit), which takes the inline map from 1.2 MB to about 140 kB.

Projection: the map is Mercator, not equirectangular; viewBox ``0 0 1010 666``. The package does not
state its geographic bounds, so the constants below were fitted (least squares) to the extreme points
of the main landmasses of eight countries on four continents; the worst residual is under half a unit:

    x = 474.937 + 2.80689 · longitude°          west edge ≈ 169.2° W (longitudes west of it wrap round)
    y = 462.871 − 160.043 · ln tan(45° + latitude° / 2)

``tests/partners/test_map.py`` checks that real cities land inside their countries' outlines.
"""

import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

WORLD_SVG = Path(__file__).resolve().parent / "static/partners/vendor/svg-maps-world/world.svg"
VIEWBOX = (1010, 666)
X_AT_GREENWICH = 474.937
X_PER_DEGREE = 2.80689
Y_AT_EQUATOR = 462.871
Y_PER_MERCATOR_UNIT = 160.043
WEST_EDGE = -X_AT_GREENWICH / X_PER_DEGREE
# Mercator cannot show the poles; the map itself ends at about 83.7° N and 58.8° S, and a point beyond
# is drawn on the edge.
MAX_LATITUDE = 85.0
SIMPLIFY_TOLERANCE = 0.35
# Islands smaller than this (in square map units) are dropped, except a country's largest piece.
MIN_ISLAND_AREA = 0.3

_PATH = re.compile(r'<path\s+d="([^"]*)"\s+aria-label="[^"]*"\s+id="([^"]*)"')
_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True)
class Outline:
    code: str  # the map's id in upper case: an ISO 3166-1 code, or e.g. "UM-DQ" for a minor island
    d: str


def project(latitude, longitude):
    """Map coordinates (x, y) of a point given in degrees, as text: templates would localise numbers."""
    latitude = max(-MAX_LATITUDE, min(MAX_LATITUDE, float(latitude)))
    longitude = float(longitude)
    if longitude < WEST_EDGE:
        longitude += 360
    x = X_AT_GREENWICH + X_PER_DEGREE * longitude
    y = Y_AT_EQUATOR - Y_PER_MERCATOR_UNIT * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))
    y = min(max(y, 0), VIEWBOX[1])
    return f"{x:.1f}", f"{y:.1f}"


def _rings(d):
    """The closed rings of an SVG path made of moveto, lineto and closepath commands."""
    tokens = _TOKEN.findall(d)
    rings, ring = [], None
    x = y = start_x = start_y = 0.0
    command, i = "m", 0
    while i < len(tokens):
        token = tokens[i]
        if token.isalpha():
            if token not in "mMlLzZ":
                raise ValueError(f"Unexpected path command {token!r} in the world map")
            i += 1
            if token in "zZ":
                x, y = start_x, start_y
                ring = None
                continue
            command = token
        number_x, number_y = float(tokens[i]), float(tokens[i + 1])
        i += 2
        relative = command.islower()
        x, y = (x + number_x, y + number_y) if relative else (number_x, number_y)
        if command in "mM":
            ring = [(x, y)]
            rings.append(ring)
            start_x, start_y = x, y
            command = "l" if relative else "L"  # coordinates after a moveto are linetos
        else:
            ring.append((x, y))
    return rings


def _simplify(ring, tolerance):
    """Douglas–Peucker on a closed ring, split at its first point and the point farthest from it."""
    if len(ring) < 4:
        return ring
    first = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - first[0]) ** 2 + (ring[i][1] - first[1]) ** 2)
    keep = {0, far}
    stack = [(0, far), (far, len(ring))]
    limit = tolerance**2
    while stack:
        a, b = stack.pop()
        ax, ay = ring[a]
        bx, by = ring[b % len(ring)]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        worst, worst_i = -1.0, -1
        for i in range(a + 1, b):
            px, py = ring[i]
            if length:
                cross = (px - ax) * dy - (py - ay) * dx
                distance = cross * cross / length
            else:
                distance = (px - ax) ** 2 + (py - ay) ** 2
            if distance > worst:
                worst, worst_i = distance, i
        if worst > limit:
            keep.add(worst_i)
            stack += [(a, worst_i), (worst_i, b)]
    simplified = [point for i, point in enumerate(ring) if i in keep]
    # A microstate would vanish: keep its outline as drawn.
    return simplified if len(simplified) >= 3 else ring


def _area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring + ring[:1]))) / 2


def _path_data(rings):
    """Compact relative path data, in tenths of a unit."""
    parts = []
    px = py = 0
    for ring in rings:
        points = []
        for x, y in ring:
            point = (round(x * 10), round(y * 10))
            if not points or points[-1] != point:
                points.append(point)
        steps = []
        for x, y in points:
            steps.append(f"{(x - px) / 10:g},{(y - py) / 10:g}")
            px, py = x, y
        parts.append("m" + " ".join(steps) + "z")
        px, py = points[0]
    return "".join(parts)


@cache
def outlines():
    """Every country's simplified outline, read from the vendored map once per process."""
    result = []
    for d, code in _PATH.findall(WORLD_SVG.read_text(encoding="utf-8")):
        rings = [
            ring for ring in (_simplify(ring, SIMPLIFY_TOLERANCE) for ring in _rings(d)) if len(ring) >= 3
        ]
        if not rings:
            continue
        largest = max(rings, key=_area)
        rings = [ring for ring in rings if ring is largest or _area(ring) >= MIN_ISLAND_AREA]
        result.append(Outline(code.upper(), _path_data(rings)))
    return tuple(result)
