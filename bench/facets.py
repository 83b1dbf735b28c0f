"""News filter counts: the count cube (news/facets.py) against counting every post per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/facets.py
    BENCH_SIZES=1000 .venv/bin/python bench/facets.py          # SQLite, quick

Builds a throwaway database (the configured name with "_facets" appended; SQLite in a temporary file
without DATABASE_URL), grows the demo content to each size with bulk writes, rebuilds the counts as
``manage.py rebuild_news_facets`` does after bulk imports, and prints for each size: the time of the
former counting (five aggregates over every published post, kept below for comparison only), the time
of the cube's counts for a few filter states, the news list's queries and time, the cost of keeping
the counts when a post or a partner is saved, and, on PostgreSQL, what EXPLAIN ANALYZE says of the
cube query (it must read rows by index, never the posts).
"""

import re

from harness import REPEATS, demo_database, fetch, median_ms, sizes
from pages import grow_to

SIZES = sizes("10000,100000")


def former_facets():
    """The counting the news list did before the cube (news/views.py until issue 11), evaluated."""
    from django.db.models import Count, F, Func, OuterRef, Q, Subquery
    from django.db.models.functions import ExtractYear
    from django_countries import countries

    from news.models import Post, Topic
    from partners.models import Membership, Partner

    class CountDistinct(Func):
        function = "COUNT"
        template = "%(function)s(DISTINCT %(expressions)s)"

    cards = Partner.objects.published()
    published = Post.objects.published().values("pk")
    links = Post.partners.through.objects.filter(post__in=published, partner__in=cards.values("pk"))
    members = Membership.objects.published().filter(association=OuterRef(OuterRef("pk"))).values("member_id")
    about_association = (
        links.filter(Q(partner=OuterRef("pk")) | Q(partner__in=members))
        .order_by()
        .annotate(total=CountDistinct("post_id"))
        .values("total")
    )
    return [
        list(cards.filter(posts__in=published).annotate(post_count=Count("posts")).order_by("name")),
        [
            (row["code"], countries.name(row["code"]), row["post_count"])
            for row in links.values(code=F("partner__country"))
            .annotate(post_count=Count("post", distinct=True))
            .order_by()
        ],
        list(cards.associations().annotate(post_count=Subquery(about_association)).filter(post_count__gt=0)),
        list(Topic.objects.filter(posts__in=published).annotate(post_count=Count("posts"))),
        list(
            Post.objects.published()
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(post_count=Count("pk"))
            .order_by("-year")
        ),
    ]


def filter_states():
    from django.utils import timezone

    from news.facets import Filters
    from news.models import Topic
    from partners.models import Partner

    hit = Partner.objects.get(slug="harbin-institute-of-technology")
    other = Partner.objects.published().exclude(pk=hit.pk).filter(posts__isnull=False).first()
    asrtu = Partner.objects.published().associations().filter(members__isnull=False).first()
    topic = Topic.objects.filter(posts__isnull=False).first()
    year = timezone.localtime().year - 1
    return [
        ("no filter", Filters(), ""),
        ("one partner", Filters(partners=(hit.pk,)), f"?partner={hit.slug}"),
        (
            "association + year",
            Filters(association=asrtu.pk, year=year),
            f"?association={asrtu.slug}&year={year}",
        ),
        ("partner + topic + country", Filters(partners=(hit.pk,), topic=topic.pk, country="CN"), None),
        (
            "two partners (bounded fallback)",
            Filters(partners=tuple(sorted((hit.pk, other.pk)))),
            f"?partner={hit.slug}&partner={other.slug}",
        ),
    ]


def explain(filters):
    """EXPLAIN ANALYZE of the cube query: its execution time and the scans it uses."""
    from news.facets import cube_rows

    plan = cube_rows(filters).explain(analyze=True)
    time = re.search(r"Execution Time: ([\d.]+) ms", plan)
    scans = sorted(
        set(re.findall(r"((?:Bitmap Index|Index Only|Index|Seq) Scan)(?: using \w+)? on (\w+)", plan))
    )
    return (float(time.group(1)) if time else None), scans, plan


def maintenance_ms():
    """What keeping the counts costs: one post's partners edited, and a big partner's country changed."""
    from news.models import Post
    from partners.models import Partner

    post = Post.objects.published().filter(partners__isnull=False).first()
    partners = list(post.partners.all())
    spare = Partner.objects.published().exclude(pk__in=[p.pk for p in partners]).first()

    def edit_post():
        post.partners.add(spare)
        post.partners.remove(spare)

    hit = Partner.objects.get(slug="harbin-institute-of-technology")
    country = hit.country

    def move_partner():
        hit.country = "KZ"
        hit.save()
        hit.country = country
        hit.save()

    posts_about_hit = Post.objects.filter(partners=hit).count()
    return median_ms(edit_post, repeats=5) / 2, median_ms(move_partner, repeats=3) / 2, posts_about_hit


def main():
    with demo_database("_facets") as connection:
        from django.db import connection as db
        from django.test import Client
        from django.utils import timezone

        from news import facets
        from news.models import FacetCount, FacetEntry, Post

        client = Client()
        print(f"database: {connection.vendor}; median of {REPEATS} runs\n")
        for size in SIZES:
            grow_to(size)
            if db.vendor == "postgresql":
                with db.cursor() as cursor:
                    cursor.execute("ANALYZE")  # as autovacuum soon would after the bulk writes
            start = timezone.now()
            counted = facets.rebuild()
            rebuild_s = (timezone.now() - start).total_seconds()
            print(f"== {Post.objects.count()} posts ({counted} visible) ==")
            print(
                f"rebuild_news_facets: {rebuild_s:.1f} s; cube rows {FacetCount.objects.count()}, "
                f"entries {FacetEntry.objects.count()}"
            )
            former_ms = median_ms(former_facets, repeats=5)
            print(f"former counting (5 aggregates over all posts): {former_ms:9.1f} ms")
            for label, filters, query in filter_states():
                ms = median_ms(lambda filters=filters: facets.counts(filters))
                line = f"cube counts, {label:<32} {ms:9.2f} ms"
                if query is not None:
                    _response, queries = fetch(client, "/en/news/" + query)
                    page_ms = median_ms(lambda query=query: client.get("/en/news/" + query))
                    line += f"   news list{query or ' (plain)'}: {queries} queries, {page_ms:.1f} ms"
                print(line)
                if db.vendor == "postgresql" and len(filters.partners) < 2:
                    took, scans, plan = explain(filters)
                    print(f"    EXPLAIN ANALYZE cube query: {took} ms; scans: {scans}")
                    if any(kind == "Seq Scan" for kind, _table in scans):
                        print(plan)
            edit_ms, move_ms, about_hit = maintenance_ms()
            print(f"keeping counts: a post's partners edited {edit_ms:.1f} ms per change; ", end="")
            print(f"a partner's country changed ({about_hit} posts about it) {move_ms:.0f} ms per save\n")


if __name__ == "__main__":
    main()
