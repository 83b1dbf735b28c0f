"""Search benchmark: median latency of the site search at 1,000 and 100,000 posts, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench-search

Builds a throwaway database (never the one in DATABASE_URL itself: "_search_bench" is appended to its
name), loads the demo content, then adds posts written from the demo articles' own Russian and English
sentences (so common words are as common as in the real archive), about one to three partners each, with
a few drafts and scheduled posts, and an event for every tenth post. The search vectors are computed by
PostgreSQL as the rows are inserted (generated columns), so no separate indexing pass is needed.

For each size it prints, per query, the median time of the search service (ranking and loading the first
page) and of the whole page through Django's test client (no network), and the page's SQL query count.
The target is under 50 ms for the search at 100,000 posts. Not a test: nothing fails on a slow machine.
"""

import os
import random
import re
import time
from datetime import timedelta
from urllib.parse import urlencode

from harness import REPEATS, demo_database, fetch, median_ms, sizes

SIZES = sizes("1000,100000")
BATCH = 2000
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
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
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


def sentences():
    """The demo content's Russian and English sentences: realistic words in realistic proportions."""
    from portal.site.demo import data

    texts = {"ru": [], "en": []}

    def walk(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key[-3:] in ("_ru", "_en"):
            texts[key[-2:]].append(value)

    walk([data.POSTS, data.EVENTS, data.PARTNERS])
    return {
        lang: [s for text in found for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 4]
        for lang, found in texts.items()
    }


def grow_to(size):
    """Add posts (and an event for every tenth) until there are ``size`` posts."""
    from django.utils import timezone

    from news.models import Event, Post, Status, Topic
    from partners.models import Partner

    existing = Post.objects.count()
    pool = sentences()
    partners = list(Partner.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    now = timezone.now()
    rnd = random.Random(size)

    def text(lang, count):
        return " ".join(rnd.sample(pool[lang], count))

    def body(lang):
        return "".join(f"<p>{text(lang, rnd.randint(2, 4))}</p>" for _ in range(rnd.randint(2, 4)))

    def title(lang):
        return " ".join(rnd.choice(pool[lang]).split()[: rnd.randint(6, 11)]).rstrip(",.;:")

    for start in range(existing, size, BATCH):
        numbers = range(start, min(start + BATCH, size))
        posts = []
        for n in numbers:
            roll = rnd.random()
            posts.append(
                Post(
                    slug=f"search-bench-{n}",
                    title_ru=title("ru"),
                    title_en=title("en"),
                    lead_ru=text("ru", 1),
                    lead_en=text("en", 1),
                    body_ru=body("ru"),
                    body_en=body("en"),
                    status=Status.DRAFT if roll < 0.03 else Status.PUBLISHED,
                    # Spread over ten years; 2% scheduled for the coming month.
                    published_at=now + timedelta(days=rnd.randint(1, 30))
                    if roll > 0.98
                    else now - timedelta(minutes=rnd.randint(1, 10 * 365 * 24 * 60)),
                    is_demo=True,
                )
            )
        created = Post.objects.bulk_create(posts)
        links = Post.partners.through
        links.objects.bulk_create(
            links(post_id=post.pk, partner_id=partner)
            for post in created
            for partner in rnd.sample(partners, rnd.randint(1, 3))
        )
        Post.topics.through.objects.bulk_create(
            Post.topics.through(post_id=post.pk, topic_id=rnd.choice(topics)) for post in created
        )
        events = Event.objects.bulk_create(
            Event(
                slug=f"search-bench-event-{n}",
                title_ru=title("ru"),
                title_en=title("en"),
                description_ru=body("ru"),
                description_en=body("en"),
                status=Status.PUBLISHED,
                starts_at=(starts := now + timedelta(days=rnd.randint(-3650, 365))),
                ends_at=starts + timedelta(days=rnd.randint(0, 3)),
                timezone="Asia/Shanghai",
                is_demo=True,
            )
            for n in numbers
            if n % 10 == 0
        )
        organisers = Event.organisers.through
        organisers.objects.bulk_create(
            organisers(event_id=event.pk, partner_id=rnd.choice(partners)) for event in events
        )


if __name__ == "__main__":
    main()
