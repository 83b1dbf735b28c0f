"""Grow the demo content into a decade of an office's news, for the benchmarks.

``grow_to(size)`` adds, on top of ``load_demo``'s content:

- once: about 200 partners in all (universities, science parks, enterprises, government bodies and
  three more associations, 5% of them drafts) with RU/EN names, cities, coordinates and descriptions,
  memberships of ASRTU and the new associations, one or two agreements each, and 20 more topics;
- posts until there are ``size``, written from the demo articles' own Russian and English sentences
  (so common words are as common as in the real archive; 3–5 paragraphs, about 200 words in each
  language), spread over ten years, 3% drafts and 2% scheduled for the coming month, each about one
  to three partners (the demo's partners, ASRTU and HIT first, most often) and one or two topics,
  one in twenty about an event;
- an event for every tenth post, with organisers, participants and a description.

Everything goes in with ``bulk_create`` in batches; the search vectors are computed by PostgreSQL as
rows are inserted (generated columns), so no indexing pass follows. Deterministic: the same sizes
give the same content. ``finish()`` then rebuilds whatever the portal derives from the content
in bulk (the news facets, when that command exists) and refreshes PostgreSQL's statistics.
"""

import random
import re
from datetime import date, timedelta

BATCH = 2000
PARTNERS_TOTAL = 200
SEED = 11

# City: (Russian, English, country, latitude, longitude)
CITIES = [
    ("Харбин", "Harbin", "CN", 45.75, 126.65),
    ("Пекин", "Beijing", "CN", 39.90, 116.40),
    ("Шанхай", "Shanghai", "CN", 31.23, 121.47),
    ("Сиань", "Xi'an", "CN", 34.26, 108.94),
    ("Тяньцзинь", "Tianjin", "CN", 39.13, 117.20),
    ("Нанкин", "Nanjing", "CN", 32.06, 118.80),
    ("Ухань", "Wuhan", "CN", 30.59, 114.31),
    ("Чэнду", "Chengdu", "CN", 30.57, 104.07),
    ("Далянь", "Dalian", "CN", 38.91, 121.61),
    ("Циндао", "Qingdao", "CN", 36.07, 120.38),
    ("Чанчунь", "Changchun", "CN", 43.82, 125.32),
    ("Шэньян", "Shenyang", "CN", 41.81, 123.43),
    ("Ханчжоу", "Hangzhou", "CN", 30.27, 120.16),
    ("Гуанчжоу", "Guangzhou", "CN", 23.13, 113.26),
    ("Чунцин", "Chongqing", "CN", 29.56, 106.55),
    ("Москва", "Moscow", "RU", 55.76, 37.62),
    ("Санкт-Петербург", "Saint Petersburg", "RU", 59.94, 30.31),
    ("Новосибирск", "Novosibirsk", "RU", 55.03, 82.92),
    ("Томск", "Tomsk", "RU", 56.48, 84.95),
    ("Казань", "Kazan", "RU", 55.79, 49.12),
    ("Екатеринбург", "Yekaterinburg", "RU", 56.84, 60.61),
    ("Владивосток", "Vladivostok", "RU", 43.12, 131.89),
    ("Самара", "Samara", "RU", 53.20, 50.15),
    ("Красноярск", "Krasnoyarsk", "RU", 56.01, 92.89),
    ("Хабаровск", "Khabarovsk", "RU", 48.48, 135.08),
    ("Алматы", "Almaty", "KZ", 43.24, 76.89),
    ("Астана", "Astana", "KZ", 51.17, 71.45),
    ("Минск", "Minsk", "BY", 53.90, 27.56),
    ("Ташкент", "Tashkent", "UZ", 41.30, 69.24),
    ("Улан-Батор", "Ulaanbaatar", "MN", 47.89, 106.91),
    ("Ханой", "Hanoi", "VN", 21.03, 105.85),
    ("Берлин", "Berlin", "DE", 52.52, 13.40),
]

# Kind: [(Russian name pattern, English name pattern)], each filled with the city.
NAMES = {
    "university": [
        ("Технологический университет (г. {})", "{} University of Technology"),
        ("Политехнический университет (г. {})", "{} Polytechnic University"),
        ("Государственный университет (г. {})", "{} State University"),
        ("Педагогический университет (г. {})", "{} Normal University"),
        ("Институт науки и технологий (г. {})", "{} Institute of Science and Technology"),
        ("Авиационный университет (г. {})", "{} University of Aeronautics"),
        ("Университет связи (г. {})", "{} University of Telecommunications"),
    ],
    "science_park": [("Научно-технологический парк (г. {})", "{} Science and Technology Park")],
    "enterprise": [("Приборостроительная корпорация (г. {})", "{} Instrument Corporation")],
    "government": [("Департамент образования (г. {})", "{} Education Department")],
}
KIND_SHARES = [("university", 0.78), ("science_park", 0.09), ("enterprise", 0.07), ("government", 0.06)]
ASSOCIATIONS = [
    ("bench-association-engineering", "Ассоциация инженерных вузов", "Engineering Universities Association"),
    ("bench-association-polar", "Союз полярных университетов", "Union of Polar Universities"),
    ("bench-association-silk-road", "Университетский альянс Шёлкового пути", "Silk Road University Alliance"),
]
TOPICS = [
    ("Искусственный интеллект", "Artificial intelligence"),
    ("Робототехника", "Robotics"),
    ("Материаловедение", "Materials science"),
    ("Энергетика", "Energy"),
    ("Экология", "Ecology"),
    ("Медицинская техника", "Medical engineering"),
    ("Авиастроение", "Aircraft engineering"),
    ("Математика", "Mathematics"),
    ("Физика", "Physics"),
    ("Химия", "Chemistry"),
    ("Экономика", "Economics"),
    ("Русский язык как иностранный", "Russian as a foreign language"),
    ("Стажировки", "Internships"),
    ("Стипендии", "Scholarships"),
    ("Выпускники", "Alumni"),
    ("Олимпиады", "Olympiads"),
    ("Гранты", "Grants"),
    ("Выставки", "Exhibitions"),
    ("Стартапы", "Start-ups"),
    ("Цифровые технологии", "Digital technologies"),
]
VENUES = [
    ("Главный корпус", "Main building"),
    ("Конгресс-центр", "Congress centre"),
    ("Технопарк", "Tech park"),
]
TIMEZONES = ["Europe/Moscow", "Asia/Shanghai", "Asia/Novosibirsk", "Asia/Vladivostok", "Asia/Almaty"]


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


class Writer:
    """Text made of the demo's sentences, from a seeded random generator."""

    def __init__(self, rnd, pool):
        self.rnd = rnd
        self.pool = pool

    def text(self, lang, count):
        return " ".join(self.rnd.sample(self.pool[lang], count))

    def body(self, lang, paragraphs=(3, 5)):
        return "".join(
            f"<p>{self.text(lang, self.rnd.randint(2, 4))}</p>" for _ in range(self.rnd.randint(*paragraphs))
        )

    def title(self, lang):
        words = self.rnd.choice(self.pool[lang]).split()[: self.rnd.randint(6, 11)]
        return " ".join(words).rstrip(",.;:")


def grow_to(size, seed=SEED, workers=None):
    """Add partners, topics and memberships (once), then posts and events until there are ``size`` posts.

    On PostgreSQL batches go in from ``workers`` threads at once (default 2; 1 inside a test's
    transaction, which other connections cannot see), each on its own connection: PostgreSQL
    computes the search vectors of each batch in its own process, on its own core. Each batch's
    content depends only on the seed and its first number: the same whatever the order.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from news.models import Post

    if workers is None:
        workers = 2 if connection.vendor == "postgresql" else 1
    pool = sentences()
    grow_directory(Writer(random.Random(seed), pool))
    existing = Post.objects.count()
    batches = [range(start, min(start + BATCH, size)) for start in range(existing, size, BATCH)]

    def add(numbers):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")  # a throwaway database: no need to wait
        add_posts(Writer(random.Random(f"{seed}-{numbers.start}"), pool), numbers)

    def add_in_thread(numbers):
        try:
            add(numbers)
        finally:
            connection.close()  # this thread's own connection

    if workers == 1:
        for numbers in batches:
            add(numbers)
    else:
        with ThreadPoolExecutor(workers) as threads:
            list(threads.map(add_in_thread, batches))


def grow_directory(writer):
    """Partners, associations, memberships, agreements and topics: added once, before the first posts."""
    from django.db import transaction

    from news.models import Topic
    from partners.models import Agreement, Membership, Partner
    from portal.core.editing import Status

    if Partner.objects.filter(slug__startswith="bench-").exists():
        return
    rnd = writer.rnd
    with transaction.atomic():
        Topic.objects.bulk_create(
            Topic(slug=f"bench-topic-{n}", name_ru=ru, name_en=en) for n, (ru, en) in enumerate(TOPICS)
        )
        associations = Partner.objects.bulk_create(
            Partner(
                slug=slug,
                kind=Partner.Kind.ASSOCIATION,
                name_ru=ru,
                name_en=en,
                status=Status.PUBLISHED,
                country="RU",
                description_ru=writer.body("ru", (1, 2)),
                description_en=writer.body("en", (1, 2)),
                is_demo=True,
            )
            for slug, ru, en in ASSOCIATIONS
        )
        wanted = PARTNERS_TOTAL - Partner.objects.count()
        kinds = rnd.choices([k for k, _ in KIND_SHARES], weights=[w for _, w in KIND_SHARES], k=wanted)
        places = rnd.sample([(city, variant) for city in CITIES for variant in range(7)], wanted)
        partners = []
        for number, (kind, (city, variant)) in enumerate(zip(kinds, places, strict=True)):
            city_ru, city_en, country, lat, lon = city
            ru, en = NAMES[kind][variant % len(NAMES[kind])]
            name_en = en.format(city_en)
            partners.append(
                Partner(
                    slug=f"bench-{number}-{re.sub(r'[^a-z0-9]+', '-', name_en.lower()).strip('-')}",
                    kind=kind,
                    name_ru=ru.format(city_ru),
                    name_en=name_en,
                    short_name_en="".join(w[0] for w in name_en.split() if w[0].isupper()),
                    status=Status.DRAFT if rnd.random() < 0.05 else Status.PUBLISHED,
                    country=country,
                    city_ru=city_ru,
                    city_en=city_en,
                    website=f"https://partner-{number}.example.edu/",
                    description_ru=writer.body("ru", (1, 3)),
                    description_en=writer.body("en", (1, 3)),
                    founded_year=rnd.randint(1890, 2015),
                    latitude=round(lat + rnd.uniform(-0.2, 0.2), 6),
                    longitude=round(lon + rnd.uniform(-0.2, 0.2), 6),
                    is_demo=True,
                )
            )
        partners = Partner.objects.bulk_create(partners)
        asrtu = Partner.objects.get(slug="asrtu")
        taken = set(Membership.objects.values_list("association_id", "member_id"))
        memberships = []
        for partner in partners:
            for association, share in ((asrtu, 0.35), *((a, 0.15) for a in associations)):
                if rnd.random() < share and (association.pk, partner.pk) not in taken:
                    taken.add((association.pk, partner.pk))
                    memberships.append(
                        Membership(
                            association=association,
                            member=partner,
                            since=rnd.choice([None, rnd.randint(2011, 2025)]),
                            role=rnd.choice(Membership.Role.values),
                        )
                    )
        Membership.objects.bulk_create(memberships)
        agreements = []
        for partner in partners:
            for _ in range(rnd.randint(1, 2)):
                signed = date(2005, 1, 1) + timedelta(days=rnd.randint(0, 20 * 365))
                agreements.append(
                    Agreement(
                        partner=partner,
                        kind=rnd.choice(Agreement.Kind.values),
                        title_ru="Соглашение о сотрудничестве",
                        title_en="Cooperation agreement",
                        signed_on=signed,
                        valid_until=rnd.choice([None, signed + timedelta(days=5 * 365)]),
                        is_public=rnd.random() < 0.7,
                        is_demo=True,
                    )
                )
        Agreement.objects.bulk_create(agreements)


def add_posts(writer, numbers):
    """Posts numbered ``numbers``, their partners and topics, and an event for every tenth."""
    from django.db import transaction
    from django.utils import timezone

    from news.models import Event, Post, Topic
    from partners.models import Partner
    from portal.core.editing import Status

    rnd = writer.rnd
    now = timezone.now()
    # The demo's own partners first (created first): they are in the news most often.
    partners = list(Partner.objects.order_by("pk").values_list("pk", flat=True))
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(partners))]
    topics = list(Topic.objects.values_list("pk", flat=True))
    with transaction.atomic():
        events = Event.objects.bulk_create(
            Event(
                slug=f"bench-event-{n}",
                title_ru=writer.title("ru"),
                title_en=writer.title("en"),
                kind=rnd.choice(Event.Kind.values),
                description_ru=writer.body("ru", (2, 4)),
                description_en=writer.body("en", (2, 4)),
                status=Status.DRAFT if rnd.random() < 0.03 else Status.PUBLISHED,
                starts_at=(starts := now + timedelta(days=rnd.randint(-3650, 365), hours=rnd.randint(0, 23))),
                ends_at=starts + timedelta(days=rnd.randint(0, 3), hours=rnd.randint(1, 8)),
                timezone=rnd.choice(TIMEZONES),
                city_ru=(city := rnd.choice(CITIES))[0],
                city_en=city[1],
                country=city[2],
                venue_ru=(venue := rnd.choice(VENUES))[0],
                venue_en=venue[1],
                is_demo=True,
            )
            for n in numbers
            if n % 10 == 0
        )
        _link(
            Event.organisers.through,
            "event",
            "partner",
            events,
            lambda: rnd.choices(partners, weights, k=rnd.randint(1, 2)),
        )
        _link(
            Event.participants.through,
            "event",
            "partner",
            events,
            lambda: rnd.choices(partners, weights, k=rnd.randint(0, 4)),
        )
        posts = []
        for n in numbers:
            roll = rnd.random()
            posts.append(
                Post(
                    slug=f"bench-{n}",
                    title_ru=writer.title("ru"),
                    title_en=writer.title("en"),
                    lead_ru=writer.text("ru", 1),
                    lead_en=writer.text("en", 1),
                    body_ru=writer.body("ru"),
                    body_en=writer.body("en"),
                    reference_note_ru=writer.text("ru", 2) if roll < 0.1 else "",
                    reference_note_en=writer.text("en", 2) if roll < 0.1 else "",
                    status=Status.DRAFT if roll < 0.03 else Status.PUBLISHED,
                    # Spread over ten years; 2% scheduled for the coming month.
                    published_at=now + timedelta(days=rnd.randint(1, 30))
                    if roll > 0.98
                    else now - timedelta(minutes=rnd.randint(1, 10 * 365 * 24 * 60)),
                    is_featured=rnd.random() < 0.01,
                    event_id=events[rnd.randrange(len(events))].pk
                    if events and rnd.random() < 0.05
                    else None,
                    is_demo=True,
                )
            )
        created = Post.objects.bulk_create(posts)
        _link(
            Post.partners.through,
            "post",
            "partner",
            created,
            lambda: rnd.choices(partners, weights, k=rnd.randint(1, 3)),
        )
        _link(Post.topics.through, "post", "topic", created, lambda: rnd.choices(topics, k=rnd.randint(1, 2)))


def _link(through, owner, other, items, draw):
    """Rows of the many-to-many table ``through``: each of ``items`` linked to the ids ``draw()`` gives
    (repeats dropped)."""
    through.objects.bulk_create(
        through(**{f"{owner}_id": item.pk, f"{other}_id": pk}) for item in items for pk in set(draw())
    )


def finish(connection, out=None):
    """After a bulk load: rebuild what the portal derives from the content, and refresh statistics."""
    from django.core.management import call_command, get_commands

    if "rebuild_news_facets" in get_commands():
        call_command("rebuild_news_facets", stdout=out)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
