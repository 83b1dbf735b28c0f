"""The benchmark's own parts: its content generator, and a floor that exists only in its settings."""

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from bench import content
from bench.throughput import FLOOR
from bench.urls import FLOOR_PATH
from news.models import Event, Post
from partners.models import Membership, Partner

pytestmark = pytest.mark.slow


@pytest.mark.django_db
def test_grown_content_is_published_news_about_partners_and_topics():
    call_command("load_demo", verbosity=0)
    content.grow_to(Post.objects.count() + 60, workers=1)

    grown = Post.objects.filter(slug__startswith="bench-")
    assert grown.count() == 60
    published = grown.published()
    assert published.count() > 45
    assert all(post.partners.exists() and post.topics.exists() for post in published[:20])
    assert all(post.body_ru and post.body_en and post.title_ru and post.title_en for post in published[:20])
    assert Partner.objects.published().count() > 150
    assert Membership.objects.published().filter(association__slug="asrtu").count() > 30
    assert Event.objects.filter(slug__startswith="bench-event-", organisers__isnull=False).exists()
    # The news list's filters find the grown posts: HIT, the demo's own partner, is in many of them.
    assert published.filter(partners__slug="harbin-institute-of-technology").exists()


def test_the_floor_is_served_only_by_the_benchmark_urls(client, settings):
    assert FLOOR == FLOOR_PATH
    assert resolve(FLOOR, urlconf="bench.urls").url_name == "bench_floor"
    with pytest.raises(Resolver404):
        resolve(FLOOR, urlconf="portal.urls")
    settings.ROOT_URLCONF = "bench.urls"
    response = client.get(FLOOR)
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_benchmark_settings_are_the_production_settings_with_the_floor():
    from bench import settings as bench_settings
    from portal import settings as portal_settings

    assert bench_settings.ROOT_URLCONF == "bench.urls"
    assert bench_settings.MIDDLEWARE == portal_settings.MIDDLEWARE
