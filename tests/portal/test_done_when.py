"""The public site with the demo content, as the issue's "done when" describes it."""

import pytest
from pytest_django.asserts import assertContains

from news.models import Event, Post
from partners.models import Partner

pytestmark = pytest.mark.django_db

HIT = "harbin-institute-of-technology"
QINGDAO = "second-session-of-technology-transfer-in-qingdao"


def test_news_filtered_by_hit_lists_the_qingdao_article_and_only_hit_posts(client, demo):
    response = client.get(f"/en/news/?partner={HIT}")
    posts = list(response.context["page_obj"])
    assert QINGDAO in [post.slug for post in posts]
    hit = Partner.objects.get(slug=HIT)
    assert all(hit in post.partners.all() for post in posts)
    assert len(posts) == Post.objects.published().filter(partners=hit).count()
    assertContains(response, "The Second Session of Technology Transfer in the City of Qingdao")


def test_the_russian_home_page_shows_the_same_content_in_russian(client, demo):
    response = client.get("/ru/")
    assertContains(response, '<html lang="ru">')
    featured = Post.objects.published().filter(is_featured=True).first()
    assertContains(response, featured.title_ru)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_public_page_answers_in_both_languages(client, demo, lang):
    urls = [
        f"/{lang}/",
        f"/{lang}/news/",
        f"/{lang}/news/?partner={HIT}",
        f"/{lang}/news/?association=asrtu",
        f"/{lang}/news/feed/",
        f"/{lang}/news/atom/",
        f"/{lang}/events/",
        f"/{lang}/events/feed.ics",
        f"/{lang}/partners/",
        f"/{lang}/partners/map/",
        f"/{lang}/partners/export.csv",
        f"/{lang}/partners/export.json",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-news.xml",
        "/sitemap-events.xml",
        "/sitemap-partners.xml",
        "/robots.txt",
    ]
    for post in Post.objects.published():
        urls.append(f"/{lang}/news/{post.slug}/")
    for event in Event.objects.published():
        urls += [f"/{lang}/events/{event.slug}/", f"/{lang}/events/{event.slug}.ics"]
    for partner in Partner.objects.all():
        urls += [f"/{lang}/partners/{partner.slug}/", f"/{lang}/partners/{partner.slug}/feed/"]
        urls.append(f"/{lang}/partners/{partner.slug}/events.ics")
    failures = [(url, status) for url in urls if (status := client.get(url).status_code) != 200]
    assert failures == []
