"""Page benchmark: database queries and server time per public page as content grows.

    make bench                      # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench

Builds a throwaway database (never the one in DATABASE_URL itself: "_bench" is
appended to its name), fills it with partners, events and posts in steps, and
prints for each page the number of SQL queries and the median time Django takes
to render it (test client, no network), so growth in either shows at once.
"""

from datetime import timedelta

from harness import REPEATS, demo_database, fetch, median_ms, sizes

SIZES = sizes()


def main():
    from django.test import Client

    with demo_database("_bench") as connection:
        client = Client()
        print(f"database: {connection.vendor}; median of {REPEATS} requests per page\n")
        print(f"{'posts':>7} {'page':<40} {'queries':>7} {'median ms':>10}")
        for size in SIZES:
            grow_to(size)
            for label, url in pages():
                _response, query_count = fetch(client, url)
                median = median_ms(lambda url=url: client.get(url))
                print(f"{size:>7} {label:<40} {query_count:>7} {median:>10.1f}")
            print()


def pages():
    from news.models import Event, Post
    from partners.models import Partner

    post = Post.objects.published().filter(partners__isnull=False).first()
    event = Event.objects.published().first()
    partner = Partner.objects.get(slug="harbin-institute-of-technology")
    return [
        ("home", "/ru/"),
        ("news list", "/ru/news/"),
        ("news list ?partner=hit", f"/en/news/?partner={partner.slug}"),
        ("news list ?association=asrtu&page=2", "/en/news/?association=asrtu&page=2"),
        ("news detail", post.get_absolute_url()),
        ("events", "/ru/events/"),
        ("event detail", event.get_absolute_url()),
        ("partners", "/ru/partners/"),
        ("partner detail (HIT)", partner.get_absolute_url()),
        ("news feed (RSS)", "/ru/news/feed/"),
        ("events feed (iCal)", "/ru/events/feed.ics"),
        ("sitemap", "/sitemap.xml"),
    ]


def grow_to(size):
    """Add posts (each about two partners and a topic) and events until there are ``size`` posts."""
    from django.utils import timezone

    from news.facets import rebuild as rebuild_news_facets
    from news.models import Event, Post, Status, Topic
    from partners.models import Partner

    existing = Post.objects.count()
    if existing >= size:
        return
    partners = list(Partner.objects.all())
    topics = list(Topic.objects.all())
    now = timezone.now()
    posts = Post.objects.bulk_create(
        Post(
            slug=f"bench-{n}",
            title_ru=f"Новость для замера {n}",
            title_en=f"Benchmark news {n}",
            lead_ru="Анонс новости.",
            lead_en="The lead of the news.",
            body_ru="Текст новости. " * 50,
            body_en="The text of the news. " * 50,
            status=Status.PUBLISHED,
            published_at=now - timedelta(hours=n),
            is_demo=True,
        )
        for n in range(existing, size)
    )
    links = Post.partners.through
    links.objects.bulk_create(
        links(post_id=post.pk, partner_id=partners[(i + k) % len(partners)].pk)
        for i, post in enumerate(posts)
        for k in (0, 5)
    )
    Post.topics.through.objects.bulk_create(
        Post.topics.through(post_id=post.pk, topic_id=topics[i % len(topics)].pk)
        for i, post in enumerate(posts)
    )
    events = Event.objects.bulk_create(
        Event(
            slug=f"bench-event-{n}",
            title_ru=f"Событие для замера {n}",
            title_en=f"Benchmark event {n}",
            status=Status.PUBLISHED,
            starts_at=now + timedelta(days=n % 400 - 200),
            ends_at=now + timedelta(days=n % 400 - 199),
            timezone="Asia/Shanghai",
            is_demo=True,
        )
        for n in range(existing // 10, size // 10)
    )
    organisers = Event.organisers.through
    organisers.objects.bulk_create(
        organisers(event_id=event.pk, partner_id=partners[i % len(partners)].pk)
        for i, event in enumerate(events)
    )
    # Bulk writes send no signals: recount the news list's filters, as after any bulk import.
    rebuild_news_facets()


if __name__ == "__main__":
    main()
