"""What the benchmarks share: a throwaway database with the demo content, and measuring a page.

Import this module before Django: it points the scripts at the test settings.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

SIZES_DEFAULT = "100,1000,10000"
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))


def sizes(default=SIZES_DEFAULT):
    """The content sizes to measure at, from BENCH_SIZES (comma-separated)."""
    return [int(n) for n in os.environ.get("BENCH_SIZES", default).split(",")]


@contextmanager
def demo_database(suffix, *, postgres_only=False, keep=False):
    """Set Django up on a throwaway database (never the configured one) holding the demo content.

    SQLite gets a file in a temporary folder; PostgreSQL a database named after the configured one
    with ``suffix`` appended (exactly that name), dropped afterwards unless ``keep``: then the next
    run finds it, content and all.
    """
    import django
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        if postgres_only:
            sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
        database["NAME"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    else:
        database["NAME"] = f"{database['NAME']}{suffix}"
        database.setdefault("TEST", {})["NAME"] = database["NAME"]
    settings.ALLOWED_HOSTS = ["*"]
    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # serialize=False: no test restores from it, and with a kept database of 100,000 posts serializing
    # its content (Django's default) reads them one query at a time, for many minutes.
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=keep, serialize=False)
    try:
        with open(os.devnull, "w") as quiet:
            call_command("load_demo", stdout=quiet)
        yield connection
    finally:
        if not keep:
            connection.creation.destroy_test_db(database["NAME"], verbosity=0)


def fetch(client, url):
    """GET ``url`` once; return the response and the number of SQL queries it ran."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    # Each request empties the query log as it starts; start from empty too.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response, len(queries)  # read now: the next request empties the log


def median_ms(action, repeats=REPEATS):
    """The median wall time of ``action()`` over ``repeats`` runs, in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class _Links(HTMLParser):
    """The ``href`` of every link (``<a>`` or ``<link>``) with its ``rel`` and text."""

    def __init__(self):
        super().__init__()
        self.links = []  # [rel, href, text]

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            attrs = dict(attrs)
            self.links.append([attrs.get("rel") or "", attrs.get("href") or "", ""])

    def handle_data(self, data):
        if self.links:
            self.links[-1][2] += data


def next_link(html, url):
    """Where a list page's "next page" link leads (rel="next", or a link saying next/older), or None."""
    parser = _Links()
    parser.feed(html)
    hrefs = [href for rel, href, _text in parser.links if "next" in rel.split() and href]
    hrefs += [
        href for _rel, href, text in parser.links if re.search(r"\b(next|older)\b", text, re.I) and href
    ]
    return urljoin(url, hrefs[0]) if hrefs else None


def nth_page(client, first, number):
    """The address of page ``number`` of the list at ``first``, as a visitor would reach it.

    Numbered pages (?page=N in the "next" link) are addressed directly; otherwise (cursor links)
    the "next" links are followed from the first page. Returns None when the list is shorter.
    """
    url = first
    response = client.get(url)
    link = response.status_code == 200 and next_link(response.content.decode(), url)
    if not link or number == 1:
        return url if number == 1 else None
    parts = urlsplit(link)
    query = parse_qs(parts.query)
    if query.get("page", [""])[-1] == "2":
        query["page"] = [str(number)]
        direct = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
        if client.get(direct).status_code == 200:
            return direct
    for _ in range(number - 1):
        if not link:
            return None
        url = link
        response = client.get(url)
        link = response.status_code == 200 and next_link(response.content.decode(), url)
    return url


def sitemap_section(get, index="/sitemap.xml"):
    """A section of the sitemap index (the news, or the first), or None while /sitemap.xml is one file."""
    head = get(index).content
    if b"<sitemapindex" not in head[:1000]:
        return None
    sections = [loc.decode() for loc in re.findall(rb"<loc>\s*([^<\s]+)\s*</loc>", head)]
    # The news section if it can be told apart (the largest), else the first.
    sections = [s for s in sections if re.search(r"news|post", s)] or sections
    if not sections:
        return None
    parts = urlsplit(sections[0])
    return urlunsplit(("", "", parts.path, parts.query, ""))


def public_pages(client, deep=200, get=None):
    """(label, address) of every public page the benchmarks measure, found in the database at hand.

    ``get(url)`` fetches the sitemap index (a slow one is fetched only once that way); by default
    the ``client``'s.
    """
    from django.urls import reverse
    from django.utils import translation

    from news.models import Event, Post
    from partners.models import Partner

    hit = Partner.objects.get(slug="harbin-institute-of-technology")
    post = Post.objects.published().filter(partners__isnull=False).order_by("-published_at", "-pk").first()
    event = Event.objects.upcoming().first() or Event.objects.published().first()
    with translation.override("en"):
        news_en = reverse("news:list")
        filtered = f"{news_en}?{urlencode({'partner': hit.slug})}"
        association = nth_page(client, f"{news_en}?{urlencode({'association': 'asrtu'})}", 2)
        deep_page = nth_page(client, news_en, deep)
        search = f"{reverse('search')}?{urlencode({'q': 'university'})}"
        atom = reverse("news:atom")
    with translation.override("ru"):
        pages = [
            ("home", reverse("home")),
            ("news list", reverse("news:list")),
            ("news ?partner=HIT", filtered),
            ("news ?association=asrtu, page 2", association),
            (f"news, page {deep}", deep_page),
            ("article", post.get_absolute_url()),
            ("events", reverse("events:list")),
            ("event", event.get_absolute_url()),
            ("partners", reverse("partners:list")),
            ("partner (HIT)", hit.get_absolute_url()),
            ("partners map", reverse("partners:map")),
            ("search ?q=university", search),
            ("news feed (RSS)", reverse("news:feed")),
            ("news feed (Atom)", atom),
            ("partner feed (HIT)", reverse("partner_news_feed", kwargs={"slug": hit.slug})),
            ("events (iCal)", reverse("events:ical_feed")),
            ("sitemap.xml", "/sitemap.xml"),
        ]
    if section := sitemap_section(get or client.get):
        pages.append(("sitemap section", section))
    return [(label, url) for label, url in pages if url]
