"""The news list's filter counts: they follow the other chosen filters and stay right as content changes."""

import io
import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from news import facets
from news.forms import PostFilterForm
from news.models import FacetBacklog, FacetCount, FacetEntry, Post
from partners.models import Membership
from portal.core.editing import Status
from tests.factories import MembershipFactory, PartnerFactory, PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

NEWS = "/en/news/"


@pytest.fixture
def news():
    """ASRTU (Russia) with two Chinese members, a Russian university outside it, two topics, and news."""
    asrtu = PartnerFactory(association=True, slug="asrtu", name_en="ASRTU", country="RU")
    hit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="hit", name_en="HIT", country="CN"))
    bit = MembershipFactory(association=asrtu, member=PartnerFactory(slug="bit", name_en="BIT", country="CN"))
    spbpu = PartnerFactory(slug="spbpu", name_en="SPbPU", country="RU")
    space = TopicFactory(slug="space", name_en="Space research", name_ru="Космические исследования")
    transfer = TopicFactory(slug="transfer", name_en="Technology transfer", name_ru="Трансфер технологий")
    now = timezone.now()
    this_year = timezone.localtime(now).year
    # Mid-year dates, so that no post falls on a year boundary whatever day the tests run.
    last_year = now.replace(year=this_year - 1, month=6, day=15)
    return {
        "asrtu": asrtu,
        "hit": hit.member,
        "bit": bit.member,
        "hit_membership": hit,
        "spbpu": spbpu,
        "space": space,
        "transfer": transfer,
        "this_year": this_year,
        "last_year": this_year - 1,
        "hit_space": PostFactory(title_en="HIT in space", partners=[hit.member], topics=[space]),
        "bit_transfer": PostFactory(
            title_en="BIT transfers", partners=[bit.member], topics=[transfer], published_at=last_year
        ),
        "hit_and_bit": PostFactory(
            title_en="HIT and BIT", partners=[hit.member, bit.member], topics=[transfer]
        ),
        "spbpu_space": PostFactory(title_en="SPbPU in space", partners=[spbpu], topics=[space]),
        "about_asrtu": PostFactory(title_en="About ASRTU", partners=[asrtu]),
        "about_nobody": PostFactory(title_en="About nobody"),
        "hit_draft": PostFactory(draft=True, title_en="HIT draft", partners=[hit.member], topics=[space]),
        "hit_scheduled": PostFactory(
            scheduled=True, title_en="HIT scheduled", partners=[hit.member], topics=[space]
        ),
    }


def shown(response):
    """The options the filter form offers: {facet: {value: count}}."""
    found = response.context["facets"]
    return {
        "partner": {partner["slug"]: partner["post_count"] for partner in found["partners"]},
        "country": {country["code"]: country["post_count"] for country in found["countries"]},
        "association": {option["slug"]: option["post_count"] for option in found["associations"]},
        "topic": {topic["slug"]: topic["post_count"] for topic in found["topics"]},
        "year": {year["year"]: year["post_count"] for year in found["years"]},
    }


def listed(query, memo=None):
    """How many posts the news list shows for ``query``, by the list's own filters."""
    key = tuple(sorted((name, str(value)) for name, value in query.items()))
    if memo is not None and key in memo:
        return memo[key]
    form = PostFilterForm(query)
    assert form.is_valid(), form.errors
    found = form.filter(Post.objects.published()).count()
    if memo is not None:
        memo[key] = found
    return found


def test_without_filters_each_option_counts_its_published_news(client, news):
    assert shown(client.get(NEWS)) == {
        "partner": {"asrtu": 1, "bit": 2, "hit": 2, "spbpu": 1},
        "country": {"CN": 3, "RU": 2},
        "association": {"asrtu": 4},
        "topic": {"space": 2, "transfer": 2},
        "year": {news["this_year"]: 5, news["last_year"]: 1},
    }


def test_choosing_a_partner_updates_the_other_counts(client, news):
    options = shown(client.get(NEWS, {"partner": "bit"}))
    # The partners themselves keep counting without the partner filter: ticking one more adds news.
    assert options["partner"] == {"asrtu": 1, "bit": 2, "hit": 2, "spbpu": 1}
    assert options["topic"] == {"transfer": 2}
    assert options["year"] == {news["this_year"]: 1, news["last_year"]: 1}
    assert options["country"] == {"CN": 2}
    assert options["association"] == {"asrtu": 2}


def test_an_option_that_would_give_nothing_is_hidden_but_a_chosen_one_stays_with_zero(client, news):
    response = client.get(NEWS, {"partner": "bit", "topic": "space"})
    assert response.context["paginator"].count == 0
    options = shown(response)
    assert options["partner"] == {"bit": 0, "hit": 1, "spbpu": 1}
    assert options["topic"] == {"space": 0, "transfer": 2}
    assert options["year"] == {}
    assertContains(response, 'value="bit" checked> BIT <span class="badge">0</span>', html=False)
    assertContains(response, '<option value="space" selected>Space research (0)</option>', html=True)


@pytest.mark.parametrize(
    ("language", "transfer", "space"),
    [
        ("en", "Technology transfer", "Space research"),
        ("ru", "Трансфер технологий", "Космические исследования"),
    ],
)
def test_counts_follow_the_filters_in_both_languages(client, news, language, transfer, space):
    with translation.override(language):
        response = client.get(f"/{language}/news/", {"partner": "hit"})
    assertContains(response, f'<option value="transfer">{transfer} (1)</option>', html=True)
    assertContains(response, f'<option value="space">{space} (1)</option>', html=True)
    response = client.get(f"/{language}/news/", {"partner": "bit"})
    assertContains(response, f'<option value="transfer">{transfer} (2)</option>', html=True)
    assertNotContains(response, 'value="space"')


def test_several_partners_count_each_post_once(client, news):
    response = client.get(NEWS + "?partner=hit&partner=bit")
    assert response.context["paginator"].count == 3
    options = shown(response)
    assert options["topic"] == {"space": 1, "transfer": 2}
    assert options["association"] == {"asrtu": 3}
    assert options["country"] == {"CN": 3}
    assert options["year"] == {news["this_year"]: 2, news["last_year"]: 1}
    options = shown(client.get(NEWS + "?partner=hit&partner=bit&topic=transfer"))
    assert options["partner"] == {"bit": 2, "hit": 1}
    assert options["year"] == {news["this_year"]: 1, news["last_year"]: 1}
    assert options["topic"] == {"space": 1, "transfer": 2}


def every_query(news):
    """Every combination of the filters, each unused or set to one of its values."""
    partners = [[], ["hit"], ["asrtu"], ["hit", "bit"], ["hit", "spbpu", "asrtu"]]
    years = [None, news["last_year"]]
    for partner, year, topic, country, association in itertools.product(
        partners, years, [None, "transfer"], [None, "CN", "RU"], [None, "asrtu"]
    ):
        query = {
            "partner": partner,
            "year": year,
            "topic": topic,
            "country": country,
            "association": association,
        }
        yield {name: value for name, value in query.items() if value}


def test_every_count_is_the_number_of_news_the_option_would_list(news):
    """Against the list's own filters, for every combination: each count is what choosing it gives."""
    values = {
        "partner": ["hit", "bit", "spbpu", "asrtu"],
        "year": [news["this_year"], news["last_year"]],
        "topic": ["space", "transfer"],
        "country": ["CN", "RU"],
        "association": ["asrtu"],
    }
    ids = {"hit": news["hit"].pk, "bit": news["bit"].pk, "spbpu": news["spbpu"].pk, "asrtu": news["asrtu"].pk}
    ids.update(space=news["space"].pk, transfer=news["transfer"].pk)
    memo = {}
    for query in every_query(news):
        form = PostFilterForm(query)
        assert form.is_valid()
        found = facets.counts(form.facet_filters())
        assert found.total == listed(query) == facets.count_for(form.facet_filters()), query
        for name, options in values.items():
            for value in options:
                # Partners combine with OR: each counts with the other filters and that partner alone.
                chosen = {**query, name: [value] if name == "partner" else value}
                key = value if name in ("year", "country") else ids[value]
                assert found.options[name].get(key, 0) == listed(chosen, memo), (query, name, value)


def cube():
    """The cube as the transaction's commit leaves it (the test's own never commits)."""
    facets.catch_up()
    return {
        "counts": set(
            FacetCount.objects.values_list("year", "topic", "partner", "country", "association", "n")
        ),
        "entries": set(FacetEntry.objects.values_list("post_id", "visible_from", "counted")),
        "values": {entry.post_id: entry.values for entry in FacetEntry.objects.all()},
    }


def assert_same_as_rebuilt():
    """What the signals kept is what a rebuild from scratch gives."""
    kept = cube()
    call_command("rebuild_news_facets", stdout=io.StringIO())
    assert kept == cube()
    assert not FacetCount.objects.filter(n__lte=0).exists()


def counts(client, query=None):
    return shown(client.get(NEWS, query or {}))


def test_publishing_and_unpublishing_a_post(client, news):
    news["hit_draft"].status = Status.PUBLISHED
    news["hit_draft"].save()
    assert counts(client)["partner"]["hit"] == 3
    assert counts(client)["topic"]["space"] == 3
    assert_same_as_rebuilt()
    news["hit_space"].status = Status.DRAFT
    news["hit_space"].save()
    assert counts(client)["partner"]["hit"] == 2
    assert counts(client, {"partner": "hit"})["topic"] == {"space": 1, "transfer": 1}
    assert_same_as_rebuilt()


def test_editing_a_posts_partners_and_topics(client, news):
    post = news["hit_space"]
    post.partners.set([news["spbpu"]])
    options = counts(client)
    assert options["partner"] == {"asrtu": 1, "bit": 2, "hit": 1, "spbpu": 2}
    assert options["country"] == {"CN": 2, "RU": 3}
    assert options["association"] == {"asrtu": 3}
    post.topics.set([news["transfer"]])
    assert counts(client)["topic"] == {"space": 1, "transfer": 3}
    post.topics.clear()
    assert counts(client)["topic"] == {"space": 1, "transfer": 2}
    # From the other side too.
    news["space"].posts.add(news["about_nobody"])
    assert counts(client)["topic"] == {"space": 2, "transfer": 2}
    news["hit"].posts.clear()
    assert counts(client)["partner"] == {"asrtu": 1, "bit": 2, "spbpu": 2}
    assert_same_as_rebuilt()


def test_editing_the_publication_date_moves_the_post_to_its_year(client, news):
    post = news["hit_space"]
    post.published_at = post.published_at.replace(year=news["last_year"], month=6, day=15)
    post.save()
    assert counts(client)["year"] == {news["this_year"]: 4, news["last_year"]: 2}
    assert counts(client, {"year": news["last_year"]})["partner"] == {"bit": 1, "hit": 1}
    assert_same_as_rebuilt()


def test_deleting_posts_topics_and_partners(client, news):
    news["hit_and_bit"].delete()
    assert counts(client)["partner"] == {"asrtu": 1, "bit": 1, "hit": 1, "spbpu": 1}
    assert_same_as_rebuilt()
    news["space"].delete()
    assert counts(client)["topic"] == {"transfer": 1}
    assert_same_as_rebuilt()
    news["asrtu"].delete()
    options = counts(client)
    assert options["association"] == {}
    assert options["partner"] == {"bit": 1, "hit": 1, "spbpu": 1}
    assert_same_as_rebuilt()


def test_an_unpublished_partner_counts_for_nothing(client, news):
    bit = news["bit"]
    bit.status = Status.DRAFT
    bit.save()
    options = counts(client)
    assert "bit" not in options["partner"]
    assert options["country"] == {"CN": 2, "RU": 2}
    assert options["association"] == {"asrtu": 3}
    assert_same_as_rebuilt()
    bit.status = Status.PUBLISHED
    bit.save()
    assert counts(client)["country"] == {"CN": 3, "RU": 2}
    news["spbpu"].country = "CN"
    news["spbpu"].save()
    assert counts(client)["country"] == {"CN": 4, "RU": 1}
    news["asrtu"].status = Status.DRAFT
    news["asrtu"].save()
    assert counts(client)["association"] == {}
    assert_same_as_rebuilt()


def test_memberships_removed_and_added(client, news):
    news["hit_membership"].delete()
    assert counts(client)["association"] == {"asrtu": 3}
    assert counts(client, {"association": "asrtu"})["partner"] == {"asrtu": 1, "bit": 2, "hit": 1}
    assert_same_as_rebuilt()
    membership = Membership.objects.create(association=news["asrtu"], member=news["spbpu"])
    assert counts(client)["association"] == {"asrtu": 4}
    membership.member = news["hit"]
    membership.save()
    assert counts(client)["association"] == {"asrtu": 4}
    assert counts(client, {"association": "asrtu"})["partner"] == {"asrtu": 1, "bit": 2, "hit": 2}
    assert_same_as_rebuilt()


def test_a_scheduled_post_is_counted_when_its_time_comes_without_any_save(client, news, monkeypatch):
    assert counts(client)["partner"]["hit"] == 2
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get(NEWS, {"partner": "hit"})
    assert response.context["paginator"].count == 3
    assert shown(response)["topic"] == {"space": 2, "transfer": 1}
    assert counts(client)["partner"]["hit"] == 3
    assert_same_as_rebuilt()


def test_the_rebuild_gives_the_table_the_signals_keep(news):
    kept = cube()
    assert kept["counts"]
    assert_same_as_rebuilt()
    FacetCount.objects.all().delete()
    FacetEntry.objects.all().delete()
    call_command("rebuild_news_facets", stdout=io.StringIO())
    assert cube() == kept


# Commits for real; serialized_rollback puts back what the migrations wrote (as every such test here).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_commit_brings_the_counts_in_line_before_anyone_reads_them():
    hit = PartnerFactory(slug="hit")
    space = TopicFactory(slug="space")
    with transaction.atomic():
        post = PostFactory(partners=[hit], topics=[space])
        post.title_en = "Edited twice"
        post.save()
        # Within the transaction a change is only noted (once per post, however many changes).
        assert list(FacetBacklog.objects.values_list("post_id", flat=True)) == [post.pk]
    assert not FacetBacklog.objects.exists()
    assert FacetCount.objects.get(year=0, topic=0, partner=hit.pk, country="", association=0).n == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        post.partners.clear()
        raise RuntimeError("the editor's request failed")
    # A rolled-back change leaves the counts as they were.
    assert facets.counts().options["partner"] == {hit.pk: 1}
    assert not FacetBacklog.objects.exists()


def add_news(count, partners, topics):
    for n in range(count):
        PostFactory(
            partners=[partners[n % len(partners)], partners[(n + 1) % len(partners)]], topics=[topics[n % 2]]
        )


@pytest.mark.parametrize(
    "query",
    ["", "?partner=hit", "?partner=hit&partner=bit&topic=space", "?association=asrtu&country=CN&year=2020"],
)
def test_the_news_list_runs_the_same_few_queries_however_many_posts(client, news, query):
    partners = [news["hit"], news["bit"], news["spbpu"], news["asrtu"]]
    topics = [news["space"], news["transfer"]]
    client.get(NEWS + query)  # counts the scheduled post if it is due, as any first reader would
    with CaptureQueriesContext(connection) as few:
        assert client.get(NEWS + query).status_code == 200
    add_news(30, partners, topics)
    facets.catch_up()  # as the commit does (the test's transaction never commits)
    with CaptureQueriesContext(connection) as many:
        assert client.get(NEWS + query).status_code == 200
    # Several partners at once add one query, bounded by those partners' posts (news/facets.py).
    assert len(many) == len(few) <= 10


@pytest.mark.parametrize("query", ["", "?partner=hit", "?partner=hit&topic=space&country=CN&year=2020"])
def test_the_news_list_with_at_most_one_partner_runs_at_most_eight_queries(
    client, news, query, django_assert_max_num_queries
):
    client.get(NEWS + query)
    with django_assert_max_num_queries(8):
        assert client.get(NEWS + query).status_code == 200
