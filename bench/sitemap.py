"""Sitemap benchmark: time, size and queries of the index and of every section page as content grows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/sitemap.py
    BENCH_SIZES=10000,100000 …                        # the default; SITEMAP_URL_LIMIT=… to try a page size

Builds a throwaway database (never the one in DATABASE_URL itself: "_sitemap_bench" is appended to
its name) with the demo content, grows it to each size with ``pages.grow_to`` (bulk inserts: posts,
their partners and topics, an event for every tenth post), runs VACUUM ANALYZE on PostgreSQL, and
fetches each sitemap address through Django's test client (no network, no cache in front). "cold"
is the first request after growing; "median" the median of BENCH_REPEATS more. On PostgreSQL it also
prints the plan of the last news page's query (EXPLAIN ANALYZE): a primary-key range, no OFFSET.
Each page must stay within 50,000 addresses and 50 MB, and under a second cold. Not a test: nothing
fails on a slow machine.
"""

import re
import time
from xml.etree import ElementTree

from harness import REPEATS, demo_database, fetch, median_ms, sizes
from pages import grow_to

SIZES = sizes("10000,100000")
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def main():
    from django.conf import settings
    from django.test import Client

    with demo_database("_sitemap_bench") as connection:
        from portal.site.sitemaps import url_limit

        client = Client()
        languages = len(settings.LANGUAGES)
        print(f"database: {connection.vendor}; SITEMAP_URL_LIMIT {url_limit()}; {languages} languages")
        print(f"cold: first request after growing; median of {REPEATS} more\n")
        print(
            f"{'posts':>7} {'address':<34} {'urls':>7} {'MB':>6} {'queries':>7} {'cold ms':>8} {'median':>6}"
        )
        for size in SIZES:
            started = time.perf_counter()
            grow_to(size)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            print(f"{size:>7} (filled in {time.perf_counter() - started:.0f} s)")
            for address in ["/sitemap.xml", *section_pages(client)]:
                start = time.perf_counter()
                response, queries = fetch(client, address)
                cold = (time.perf_counter() - start) * 1000
                median = median_ms(lambda address=address: client.get(address))
                urls = len(re.findall(rb"<(?:url|sitemap)>", response.content))
                megabytes = len(response.content) / 1_000_000
                figures = f"{urls:>7} {megabytes:>6.2f} {queries:>7} {cold:>8.0f} {median:>6.0f}"
                print(f"{size:>7} {address:<34} {figures}")
            if connection.vendor == "postgresql":
                explain_last_news_page(connection)
            print()


def explain_last_news_page(connection):
    """The plan of the last news page's query: a range of the primary key, whatever the page."""
    from portal.site.sitemaps import PostSection

    section = PostSection()
    page = section.num_pages()
    sql, params = section.page_rows(page).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = [line for (line,) in cursor.fetchall()]
    print(f"        EXPLAIN ANALYZE, /sitemap-news.xml?p={page}:")
    for line in plan[:3] + plan[-2:]:
        print(f"          {line[:120]}")


def section_pages(client):
    """The addresses the index lists, without the host."""
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    return [re.sub(r"^https?://[^/]+", "", node.text) for node in root.findall("s:sitemap/s:loc", NS)]


if __name__ == "__main__":
    main()
