"""What the benchmarks share: a throwaway database with the demo content, and measuring a page.

Import this module before Django: it points the scripts at the test settings.
"""

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

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
    with ``suffix`` appended, dropped afterwards unless ``keep``.
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
