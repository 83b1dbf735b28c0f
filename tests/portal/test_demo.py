import re
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from news.models import Event, Post
from partners.models import Agreement, Membership, Partner

pytestmark = pytest.mark.django_db

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "portal"
    / "site"
    / "demo"
    / "source"
    / "qingdao-technology-transfer-2016.txt"
)
QINGDAO_POST = "second-session-of-technology-transfer-in-qingdao"
MODELS = [Partner, Membership, Agreement, Event, Post]


def _snapshot():
    return {
        model.__name__: sorted(
            (obj.pk, str(getattr(obj, "updated_at", ""))) for obj in model._default_manager.all()
        )
        for model in MODELS
    }


def test_loading_twice_changes_nothing(demo, capsys):
    before = _snapshot()
    call_command("load_demo")
    assert _snapshot() == before
    assert "created 0, updated 0" in capsys.readouterr().out


def _words(text):
    return re.sub(r"\s+", " ", text).strip()


def test_the_qingdao_article_is_carried_faithfully_in_english(demo):
    post = Post.objects.get(slug=QINGDAO_POST)
    source = SOURCE.read_text(encoding="utf-8")
    article, rest = source.split("For your reference:")
    reference, signature_and_navigation = rest.split("International Relations Office")
    *paragraphs, signature = re.findall(r"<p>(.*?)</p>", post.body_en, re.S)
    body = unescape(" ".join(paragraphs))
    # Word for word, once whitespace (and the source's stray line break) is set aside.
    assert _words(" ".join([post.title_en, post.lead_en, body])) == _words(article)
    assert _words(post.reference_note_en) == _words(reference)
    assert signature == "International Relations Office"
    assert "SPbPU is frequently visited by delegations" in post.body_en
    assert "Перейти" in signature_and_navigation
    assert "Перейти" not in post.body_en + post.reference_note_en


def test_the_qingdao_article_has_a_complete_russian_version(demo):
    post = Post.objects.get(slug=QINGDAO_POST)
    assert post.title_ru.startswith("Вторая сессия по трансферу технологий")
    assert post.body_ru.count("<p>") == post.body_en.count("<p>") == 7
    assert "Харбинск" in post.body_ru
    assert post.reference_note_ru.startswith("АТУРК")
    assert re.search("[A-Za-z]{4,}", post.lead_ru) is None


def test_the_qingdao_article_is_dated_published_and_linked(demo):
    post = Post.objects.get(slug=QINGDAO_POST)
    assert timezone.localtime(post.published_at).date().isoformat() == "2016-03-03"
    assert post in Post.objects.published()
    assert not post.is_demo
    linked = {partner.short_name_en or partner.name_en for partner in post.partners.all()}
    assert {"ASRTU", "HIT", "SPbPU"} <= linked
    assert {p.kind for p in post.partners.all()} >= {"association", "university", "science_park"}
    assert post.event.city_en == "Qingdao"
    assert str(post.event.timezone) == "Asia/Shanghai"
    assert post.event.organisers.filter(slug="asrtu").exists()
    assert post.topics.count() >= 5


def test_asrtu_has_real_members_on_both_sides(demo):
    asrtu = Partner.objects.get(slug="asrtu")
    assert asrtu.founded_year == 2011
    members = Partner.objects.members_of(asrtu)
    assert members.count() >= 10
    assert {"RU", "CN"} == {m.country.code for m in members}
    names = set(members.values_list("name_en", flat=True))
    assert {
        "Harbin Institute of Technology",
        "Bauman Moscow State Technical University",
        "Peter the Great St. Petersburg Polytechnic University",
    } <= names
    hit = Partner.objects.get(slug="harbin-institute-of-technology")
    assert hit.native_name == "哈尔滨工业大学"
    assert "HIT" in hit.alias_list


def test_there_is_more_news_and_events_marked_as_demo(demo):
    made_up_posts = Post.objects.filter(is_demo=True)
    assert made_up_posts.count() >= 8
    assert Post.objects.drafts().exists()
    assert Post.objects.scheduled().exists()
    assert Event.objects.filter(is_demo=True).count() >= 4
    assert Event.objects.upcoming().exists()
    assert Event.objects.past().count() >= 2
    assert Agreement.objects.count() >= 3
    assert Post.objects.published().values("partners").distinct().count() >= 4


def test_demo_items_are_marked_in_the_admin(demo, editor_client):
    response = editor_client.get("/ru/admin/news/post/?is_demo__exact=1")
    assertContains(response, "demo-badge", count=Post.objects.filter(is_demo=True).count())


def test_the_article_reads_in_both_languages_on_the_site(demo, client):
    post = Post.objects.get(slug=QINGDAO_POST)
    with translation.override("en"):
        assertContains(client.get(post.get_absolute_url()), "The Second Session of Technology Transfer")
    assertContains(client.get(post.get_absolute_url()), post.title_ru)
