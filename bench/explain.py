"""Query plans of the public pages at 100,000 posts, on PostgreSQL: does any of them read a whole table?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/explain.py

Builds a throwaway database (never the one in DATABASE_URL itself: "_explain" is appended to its name),
grows the demo content to BENCH_SIZES posts (100,000 by default; bench/pages.py's grow_to), runs
VACUUM ANALYZE, then requests each public page through Django's test client and prints EXPLAIN ANALYZE
of every query it ran against the tables that grow (posts, events and their links): the news list's
first page and deep pages, plain and filtered by partner (one and several), country, association,
topic and year; events; the partner directory; a partner's page with its news; the home page. It also
adds BENCH_PARTNERS partners (2,000 by default, with memberships and agreements) so that the partner
tables' plans are shown at more than any office will have. A query whose plan reads a growing table
from end to end is marked "WHOLE TABLE"; a query already shown (but for its time) is not repeated.

Then it times the news list at page 1, 200 and 5,000 (median of BENCH_REPEATS requests, no network) and
its pagination alone, as it is (keyset, bounded count) and as it was (OFFSET and COUNT(*)), side by side.

BENCH_KEEPDB=1 keeps the database for another look; EXPLAIN_ALL=1 prints every query's plan.
Not a test: nothing fails on a slow machine.
"""

import os
import re
import sys
import time
from urllib.parse import urlencode

from harness import REPEATS, demo_database, fetch, median_ms, sizes
from pages import grow_to

SIZE = sizes("100000")[-1]
# Partners, each with agreements and most in an association: far more than an office has, so that
# their plans show what an index does for them.
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "2000"))
KEEP = os.environ.get("BENCH_KEEPDB") == "1"
EVERY_PLAN = os.environ.get("EXPLAIN_ALL") == "1"
HIT = "harbin-institute-of-technology"
# Tables that grow with the archive; any other table here stays small (partners, topics).
GROWING = ("news_post", "news_post_partners", "news_post_topics", "news_event", "news_event_organisers")
# Their plans are printed too: PARTNERS of them here, with their memberships and agreements.
PARTNER_TABLES = ("partners_partner", "partners_membership", "partners_agreement")
DEEP_PAGES = (1, 200, 5000)


def main():
    from django.test import Client

    sys.stdout.reconfigure(line_buffering=True)

    with demo_database("_explain", postgres_only=True, keep=KEEP) as connection:
        started = time.perf_counter()
        grow_to(SIZE)
        grow_partners(PARTNERS)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        print(f"PostgreSQL {connection.pg_version // 10000}, {SIZE:,} posts (filled in ", end="")
        print(f"{time.perf_counter() - started:.0f} s)\n")
        client = Client()
        seen = set()
        whole_table = []
        for label, url in pages():
            print(f"=== {label}: {url}")
            for sql in page_queries(client, url):
                tables = [table for table in GROWING + PARTNER_TABLES if re.search(rf'"{table}"', sql)]
                # The same query but for the time it was run at (published_at <= now).
                shape = re.sub(r"'\d{4}-\d\d-\d\dT[\d:.+]+'", "NOW", sql)
                if shape in seen:
                    print(f"--- (as above) {shorten(sql, 100)}")
                    continue
                seen.add(shape)
                plan = explain(connection, sql)
                scans = whole_scans(plan)
                total = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
                flag = f"  WHOLE TABLE: {', '.join(scans)}" if scans else ""
                print(f"--- {total} ms{flag}\n    {shorten(sql)}")
                if tables or EVERY_PLAN:
                    print("    " + plan.replace("\n", "\n    "))
                if scans:
                    whole_table.append((label, total, scans, shorten(sql)))
            print()
        print("=== Queries that read a growing table from end to end")
        for label, total, scans, sql in whole_table or [("none", "", "", "")]:
            print(f"  {label:<40} {total:>9} ms  {', '.join(scans)}  {sql}")
        print()
        timings(client)


def grow_partners(size):
    """Add published partners, with two agreements each and memberships of the demo's associations."""
    from datetime import date

    from partners.models import Agreement, Membership, Partner, Status

    existing = Partner.objects.count()
    if existing >= size:
        return
    countries = ["CN", "RU", "KZ", "BY", "DE", "FR", "IN", "VN", "MN", "UZ"]
    kinds = [
        Partner.Kind.UNIVERSITY,
        Partner.Kind.UNIVERSITY,
        Partner.Kind.SCIENCE_PARK,
        Partner.Kind.ENTERPRISE,
    ]
    partners = Partner.objects.bulk_create(
        Partner(
            slug=f"bench-partner-{n}",
            name_ru=f"Университет для замера {n}",
            name_en=f"Benchmark university {n}",
            kind=kinds[n % len(kinds)],
            country=countries[n % len(countries)],
            status=Status.PUBLISHED if n % 10 else Status.DRAFT,
            is_demo=True,
        )
        for n in range(existing, size)
    )
    associations = list(Partner.objects.associations())
    Membership.objects.bulk_create(
        Membership(association=associations[n % len(associations)], member=partner)
        for n, partner in enumerate(partners)
        if n % 3
    )
    Agreement.objects.bulk_create(
        Agreement(
            partner=partner,
            signed_on=date(2010 + n % 15, 1 + n % 12, 1),
            valid_until=date(2016 + n % 15, 1 + n % 12, 1) if n % 4 else None,
            is_public=bool(n % 2),
            is_demo=True,
        )
        for n, partner in enumerate(partners)
        for _ in range(2)
    )


def pages():
    from news.models import Event, Topic
    from partners.models import Partner

    topic = Topic.objects.filter(posts__isnull=False).first()
    other = Partner.objects.published().exclude(slug=HIT).filter(posts__isnull=False).first()
    event = Event.objects.published().first()
    year = _middle_year()
    filters = [
        ("plain", {}),
        ("partner", {"partner": HIT}),
        ("two partners", {"partner": [HIT, other.slug]}),
        ("country", {"country": "CN"}),
        ("association", {"association": "asrtu"}),
        ("topic", {"topic": topic.slug}),
        ("year", {"year": year}),
        ("partner+topic+year", {"partner": HIT, "topic": topic.slug, "year": year}),
    ]
    listed = []
    for name, query in filters:
        listed.append((f"news list, {name}, page 1", _url("/en/news/", query)))
        number = 200 if name == "plain" else 50
        listed.append((f"news list, {name}, page {number}", deep_url(query, number)))
    return [
        *listed,
        ("events (upcoming and this year's)", "/en/events/"),
        ("event", event.get_absolute_url()),
        ("partners directory", "/en/partners/"),
        ("partners directory, country", "/en/partners/?country=CN"),
        ("partner page with its news", f"/en/partners/{HIT}/"),
        ("partner's news feed", f"/en/partners/{HIT}/feed/"),
        ("home", "/en/"),
    ]


def _url(path, query):
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def _middle_year():
    from django.utils import timezone

    from news.models import Post

    posts = Post.objects.published()
    middle = posts.order_by("-published_at")[posts.count() // 2]
    return timezone.localtime(middle.published_at).year


def deep_url(query, number):
    """The news list's page ``number`` with filters ``query``, reached by its keyset link."""
    return _url("/en/news/", {**query, "after": deep_cursor(query, number)})


def deep_cursor(query, number):
    """The ``after`` value of the link to the news list's page ``number`` (or its last page)."""
    from django.http import QueryDict

    from news.forms import PostFilterForm
    from news.models import Post
    from news.views import POST_ORDER
    from portal.core.keyset import Cursor, KeysetPaginator, sign_cursor

    form = PostFilterForm(QueryDict(urlencode(query, doseq=True)))
    assert form.is_valid(), form.errors
    posts = form.filter(Post.objects.published())
    paginator = KeysetPaginator(posts, 10, POST_ORDER, salt=PostFilterForm.cursor_salt)
    matching = posts.count()
    number = max(2, min(number, (matching - 1) // 10 + 1))
    # The link on page number - 1 points past its last item.
    last = paginator.queryset[(number - 1) * 10 - 1]
    return sign_cursor(Cursor(paginator.position(last), True, number), paginator.salt)


def page_queries(client, url):
    """The SQL of the SELECTs that a GET of ``url`` runs, in order."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")]


def explain(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def whole_scans(plan):
    """The growing tables a plan reads end to end: a sequential scan, or an index scan with no bound."""
    scans = []
    for table in GROWING:
        if re.search(rf"Seq Scan on {table}\b", plan):
            scans.append(f"Seq Scan on {table}")
    return scans


def shorten(sql, width=160):
    sql = " ".join(sql.split())
    return sql if len(sql) <= width else sql[: width - 1] + "…"


def timings(client):
    """The news list at pages 1, 200 and 5,000: whole page, then its pagination alone, as is and as was."""
    from django.core.paginator import Paginator
    from django.http import QueryDict

    from news.forms import PostFilterForm
    from news.models import Post
    from news.views import POST_ORDER
    from portal.core.keyset import KeysetPaginator

    print(f"=== The news list, median of {REPEATS} requests (test client, DEBUG off, no page cache)")
    print(f"{'filter':<14} {'page':>6} {'page ms':>9} {'queries':>8}")
    for name, query in [("plain", {}), ("partner", {"partner": HIT})]:
        for number in DEEP_PAGES:
            url = deep_url(query, number) if number > 1 else _url("/en/news/", query)
            _response, count = fetch(client, url)
            print(f"{name:<14} {number:>6} {median_ms(lambda url=url: client.get(url)):>9.1f} {count:>8}")
    print()
    print("=== Its pagination alone (the page's rows and the count), median ms")
    print(f"{'filter':<14} {'page':>6} {'keyset, count to 1,000':>24} {'OFFSET, COUNT(*)':>18}")
    for name, query in [("plain", {}), ("partner", {"partner": HIT})]:
        form = PostFilterForm(QueryDict(urlencode(query, doseq=True)))
        form.is_valid()
        posts = form.filter(Post.objects.published())
        for number in DEEP_PAGES:
            cursor = None
            if number > 1:
                form = PostFilterForm(
                    QueryDict(urlencode({**query, "after": deep_cursor(query, number)}, doseq=True))
                )
                form.is_valid()
                cursor = form.cleaned_data["cursor"]
                number = cursor.number

            def keyset(posts=posts, cursor=cursor):
                paginator = KeysetPaginator(posts, 10, POST_ORDER, salt=PostFilterForm.cursor_salt)
                page = paginator.page(cursor)
                return list(page), paginator.count

            def offset(posts=posts, number=number):
                paginator = Paginator(posts.order_by(*POST_ORDER), 10)
                page = paginator.page(number)
                return list(page), paginator.num_pages

            print(f"{name:<14} {number:>6} {median_ms(keyset):>24.1f} {median_ms(offset):>18.1f}")


if __name__ == "__main__":
    main()
