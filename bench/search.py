"""Search benchmark: median latency of the site search at 1,000 and 100,000 posts, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench-search

Builds a throwaway database (never the one in DATABASE_URL itself: "_search_bench" is appended to its
name), loads the demo content, then grows it as every benchmark does (bench/content.py): posts written
from the demo articles' own Russian and English sentences (so common words are as common as in the real
archive), about one to three partners each, with a few drafts and scheduled posts, an event for every
tenth post, and about 200 partners. The search vectors are computed by PostgreSQL as the rows are
inserted (generated columns), so no separate indexing pass is needed.

For each size it prints, per query, the median time of the search service (ranking and loading the first
page) and of the whole page through Django's test client (no network), and the page's SQL query count.
The target is under 50 ms for the search at 100,000 posts. Not a test: nothing fails on a slow machine.
"""

import os
import time
from urllib.parse import urlencode

from content import finish, grow_to
from harness import REPEATS, demo_database, fetch, median_ms, sizes

SIZES = sizes("1000,100000")
# Keep the filled database between runs (to study a plan with EXPLAIN ANALYZE, say).
KEEP = os.environ.get("BENCH_KEEPDB") == "1"

QUERIES = [
    ("Russian, inflected", "ru", "университетов"),
    ("Russian, two words", "ru", "университетов Харбина"),
    ("English, inflected", "en", "agreements"),
    ("English, phrase", "en", '"technology transfer"'),
    ("English, multi-word", "en", "joint research laboratories"),
    ("partner alias", "en", "HIT"),
    ("partner native name", "ru", "哈尔滨工业大学"),
    ("no hit", "en", "xylophone quartet"),
]


def main():
    from django.test import Client

    with demo_database("_search_bench", postgres_only=True, keep=KEEP) as connection:
        client = Client()
        print(f"PostgreSQL {connection.pg_version // 10000}; median of {REPEATS} runs per query\n")
        print(f"{'posts':>7} {'query':<48} {'results':>8} {'search ms':>10} {'page ms':>8} {'queries':>8}")
        for size in SIZES:
            started = time.perf_counter()
            grow_to(size)
            finish(connection)
            print(f"{size:>7} (filled in {time.perf_counter() - started:.0f} s)")
            for label, lang, text in QUERIES:
                url = f"/{lang}/search/?{urlencode({'q': text})}"
                response, query_count = fetch(client, url)
                results = response.context["paginator"].count
                service = median_ms(lambda lang=lang, text=text: run_search(text, lang))
                page = median_ms(lambda url=url: client.get(url))
                name = f"{label}: {text}"
                print(f"{size:>7} {name:<48} {results:>8} {service:>10.1f} {page:>8.1f} {query_count:>8}")
            print()


def run_search(text, lang):
    from django.utils import translation

    from portal.site.search import search

    with translation.override(lang):
        results = search(text, lang)
        return results[0:10]


if __name__ == "__main__":
    main()
