from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from news.models import Event, Post
from tests.factories import EventFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_only_published_posts_whose_time_has_come_are_public():
    live = PostFactory()
    draft = PostFactory(draft=True)
    scheduled = PostFactory(scheduled=True)
    assert list(Post.objects.published()) == [live]
    assert list(Post.objects.scheduled()) == [scheduled]
    assert list(Post.objects.drafts()) == [draft]


def test_a_draft_with_a_past_date_stays_hidden():
    PostFactory(draft=True, published_at=timezone.now() - timedelta(days=3))
    assert not Post.objects.published().exists()


def test_a_scheduled_post_appears_once_its_time_comes():
    post = PostFactory(published_at=timezone.now() + timedelta(seconds=1))
    assert not Post.objects.published().exists()
    assert post.is_scheduled
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert list(Post.objects.published()) == [post]


def test_published_posts_are_newest_first():
    older = PostFactory(published_at=timezone.now() - timedelta(days=2))
    newer = PostFactory(published_at=timezone.now() - timedelta(days=1))
    assert list(Post.objects.published()) == [newer, older]


def test_upcoming_and_past_events():
    upcoming = EventFactory()
    running = EventFactory(starts_at=timezone.now() - timedelta(hours=2))
    past = EventFactory(past=True)
    EventFactory(draft=True)
    assert list(Event.objects.upcoming()) == [running, upcoming]
    assert list(Event.objects.past()) == [past]


def test_event_cannot_end_before_it_starts():
    start = timezone.now()
    event = EventFactory.build(starts_at=start, ends_at=start - timedelta(minutes=1), slug="backwards")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_at" in error.value.message_dict
    with pytest.raises(IntegrityError):
        event.save()


def test_event_time_is_shown_in_its_own_zone():
    start = datetime(2015, 10, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    event = EventFactory(starts_at=start, ends_at=start + timedelta(hours=9), timezone="Asia/Shanghai")
    event.refresh_from_db()
    assert event.local_starts_at.hour == 9
    assert event.utc_offset == "UTC+08:00"
    assert timezone.localtime(event.starts_at, ZoneInfo("Europe/Moscow")).hour == 4


def test_post_slug_is_readable_latin_from_a_russian_title():
    post = PostFactory(title_en="", title_ru="Вторая сессия по трансферу технологий в Циндао")
    assert post.slug == "vtoraia-sessiia-po-transferu-tekhnologii-v-tsindao"


def test_post_without_a_title_in_any_language_is_refused():
    post = PostFactory.build(title_en="", title_ru="")
    with pytest.raises(ValidationError):
        post.full_clean()
    post.slug = "untitled"
    with pytest.raises(IntegrityError):
        post.save()


def test_missing_english_text_falls_back_to_russian():
    post = PostFactory(title_ru="Визит делегации", title_en="", lead_en="")
    with translation.override("en"):
        assert post.title == "Визит делегации"
        assert post.lead == post.lead_ru


def test_missing_russian_text_falls_back_to_english():
    post = PostFactory(title_ru=None, title_en="Delegation visit")
    post.refresh_from_db()
    with translation.override("ru"):
        assert post.title == "Delegation visit"
        assert str(post) == "Delegation visit"


def test_each_language_sees_its_own_text():
    post = PostFactory(title_ru="Визит делегации", title_en="Delegation visit")
    with translation.override("en"):
        assert post.title == "Delegation visit"
    with translation.override("ru"):
        assert post.title == "Визит делегации"


def test_slugs_that_would_hide_site_pages_are_avoided_and_refused():
    post = PostFactory(title_en="Feed", title_ru="")
    assert post.slug == "feed-2"
    post.slug = "atom"
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "slug" in error.value.message_dict


def test_saving_never_copies_text_from_one_language_into_another():
    with translation.override("ru"):
        post = Post(title_en="English only", body_en="<p>English body</p>", slug="english-only")
        post.save()
    post.refresh_from_db()
    assert post.body_ru in (None, "")
    assert post.title_ru in (None, "")
    assert post.body_en == "<p>English body</p>"
    assert set(post.translations_updated_at) == {"en"}


def test_rich_text_is_sanitised_in_every_language_on_save():
    post = PostFactory(body_ru="<p>Текст<script>alert(1)</script></p>", body_en='<p onclick="x()">Text</p>')
    post.refresh_from_db()
    assert post.body_ru == "<p>Текст</p>"
    assert post.body_en == "<p>Text</p>"


def test_has_ended_agrees_with_upcoming_and_past():
    now = timezone.now()
    over = EventFactory(starts_at=now - timedelta(days=3), ends_at=now - timedelta(minutes=1))
    running = EventFactory(starts_at=now - timedelta(days=1), ends_at=now + timedelta(minutes=5))
    coming = EventFactory()
    assert [event.has_ended for event in (over, running, coming)] == [True, False, False]
    assert set(Event.objects.past()) == {over}
    assert set(Event.objects.upcoming()) == {running, coming}


@pytest.mark.parametrize(
    "factory, field", [(PostFactory, "status"), (EventFactory, "status"), (EventFactory, "kind")]
)
def test_the_database_refuses_a_status_or_kind_outside_the_choices(factory, field):
    obj = factory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(obj).objects.filter(pk=obj.pk).update(**{field: "live"})


def test_every_kind_of_content_gets_its_slug_the_same_way():
    assert PostFactory(title_en="Delegation visit", title_ru="Визит").slug == "delegation-visit"
    assert EventFactory(title_en="", title_ru="Форум в Харбине").slug == "forum-v-kharbine"
    assert TopicFactory(name_en="Space research").slug == "space-research"
