"""Page benchmark: database queries and server time per public page as content grows.

    make bench-pages                # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench-pages

Builds a throwaway database (never the one in DATABASE_URL itself: "_bench" is
appended to its name), grows the demo content in steps (bench/content.py), and
prints for each public page the number of SQL queries and the median time Django
takes to render it (test client, no network, test settings), so growth in either
shows at once. bench/throughput.py measures the same pages served by gunicorn.
"""

from harness import REPEATS, demo_database, fetch, median_ms, public_pages, sizes

SIZES = sizes()


def grow_to(size):
    """Grow the content to ``size`` posts (bench/content.py) and rebuild what is derived from it."""
    import content
    from django.db import connection

    content.grow_to(size)
    content.finish(connection)


def main():
    from django.test import Client

    with demo_database("_bench") as connection:
        client = Client()
        print(f"database: {connection.vendor}; median of {REPEATS} requests per page\n")
        print(f"{'posts':>7} {'page':<40} {'queries':>7} {'median ms':>10}")
        for size in SIZES:
            grow_to(size)
            for label, url in public_pages(client):
                _response, query_count = fetch(client, url)
                median = median_ms(lambda url=url: client.get(url))
                print(f"{size:>7} {label:<40} {query_count:>7} {median:>10.1f}")
            print()


if __name__ == "__main__":
    main()
