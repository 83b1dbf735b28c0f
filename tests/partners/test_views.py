import json
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Membership, Partner
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    image_bytes,
)

pytestmark = pytest.mark.django_db

# Queries per page, whatever the number of partners, posts and events.
LIST_QUERIES = 7  # association lookup, count, page, memberships, three filter counts
DETAIL_QUERIES = 6  # partner, memberships, members, agreements, posts, events


def url(name, lang="ru", query="", **kwargs):
    with translation.override(lang):
        path = reverse(name, kwargs=kwargs or None)
    return f"{path}?{query}" if query else path


def names_in(response):
    """The partner names the directory lists, in order."""
    return re.findall(r'<h2><a href="[^"]+"(?: lang="\w+")?>([^<]+)</a>', response.content.decode())


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def asrtu():
    """ASRTU with two Chinese members and one Russian member; a fourth university is no member."""
    association = PartnerFactory(
        association=True, slug="asrtu", name_en="Association of Sino-Russian Technical Universities"
    )
    hit = PartnerFactory(slug="hit", name_en="Harbin Institute of Technology", short_name_en="HIT")
    heu = PartnerFactory(slug="heu", name_en="Harbin Engineering University")
    bmstu = PartnerFactory(slug="bmstu", name_en="Bauman Moscow State Technical University", country="RU")
    MembershipFactory(association=association, member=hit, role=Membership.Role.FOUNDING_MEMBER, since=2011)
    MembershipFactory(association=association, member=heu, since=2015)
    MembershipFactory(association=association, member=bmstu, since=2011)
    PartnerFactory(slug="tsinghua", name_en="Tsinghua University")
    return association


# Every page in both languages


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_answers_in_both_languages(client, asrtu, lang):
    hit = Partner.objects.get(slug="hit")
    for page in [
        url("partners:list", lang),
        url("partners:list", lang, "kind=university&country=CN&association=asrtu"),
        url("partners:map", lang),
        url("partners:detail", lang, slug=hit.slug),
        url("partners:detail", lang, slug=asrtu.slug),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assertContains(response, f'<html lang="{lang}">')


def test_unknown_partner_is_not_found(client):
    assert client.get(url("partners:detail", slug="nobody")).status_code == 404


# Directory


def test_directory_shows_names_in_the_active_language_with_short_and_native_names(client):
    PartnerFactory(
        name_en="Harbin Institute of Technology",
        name_ru="Харбинский политехнический университет",
        short_name_en="HIT",
        native_name="哈尔滨工业大学",
    )
    response = client.get(url("partners:list", "en"))
    assert names_in(response) == ["Harbin Institute of Technology"]
    assertContains(response, "HIT")
    assertContains(response, "哈尔滨工业大学")
    assert names_in(client.get(url("partners:list", "ru"))) == ["Харбинский политехнический университет"]


def test_a_name_missing_in_english_falls_back_to_russian_and_says_so(client):
    PartnerFactory(name_en="", name_ru="Только по-русски", slug="ru-only")
    response = client.get(url("partners:list", "en"))
    assert names_in(response) == ["Только по-русски"]
    assertContains(response, 'lang="ru">Только по-русски</a>')


def test_partners_are_sorted_by_the_name_the_visitor_sees(client):
    PartnerFactory(name_en="Beta", name_ru="Альфа")
    PartnerFactory(name_en="", name_ru="Гамма")
    PartnerFactory(name_en="Alpha", name_ru="Бета")
    assert names_in(client.get(url("partners:list", "en"))) == ["Alpha", "Beta", "Гамма"]
    assert names_in(client.get(url("partners:list", "ru"))) == ["Альфа", "Бета", "Гамма"]


def test_filter_by_kind(client, asrtu):
    response = client.get(url("partners:list", "en", "kind=association"))
    assert names_in(response) == ["Association of Sino-Russian Technical Universities"]


def test_filter_by_country_accepts_lower_case_codes(client, asrtu):
    response = client.get(url("partners:list", "en", "country=ru"))
    assert names_in(response) == ["Bauman Moscow State Technical University"]


def test_filter_by_association_lists_exactly_its_members(client, asrtu):
    response = client.get(url("partners:list", "en", "association=asrtu"))
    assert set(names_in(response)) == {
        "Harbin Institute of Technology",
        "Harbin Engineering University",
        "Bauman Moscow State Technical University",
    }
    assert len(names_in(response)) == 3


def test_filters_combine(client, asrtu):
    response = client.get(url("partners:list", "en", "association=asrtu&country=CN&kind=university"))
    assert names_in(response) == ["Harbin Engineering University", "Harbin Institute of Technology"]
    response = client.get(url("partners:list", "en", "association=asrtu&country=CN&kind=enterprise"))
    assert names_in(response) == []
    assertContains(response, "No partner organisations match these filters.")


def test_empty_filters_from_the_form_are_ignored(client, asrtu):
    response = client.get(url("partners:list", "en", "kind=&country=&association="))
    assert response.status_code == 200
    assert len(names_in(response)) == 5


def test_filter_options_show_counts_with_the_other_filters_applied(client, asrtu):
    PartnerFactory(kind=Partner.Kind.ENTERPRISE, country="CN")
    with translation.override("en"):
        response = client.get(url("partners:list", "en"))
        assertContains(response, '<option value="university">University (4)</option>', html=True)
        assertContains(response, '<option value="association">Association (1)</option>', html=True)
        assertContains(response, '<option value="enterprise">Enterprise (1)</option>', html=True)
        assertNotContains(response, "Science park (")
        assertContains(response, '<option value="CN">China (5)</option>', html=True)
        assertContains(response, '<option value="RU">Russia (1)</option>', html=True)
        assertContains(
            response,
            '<option value="asrtu">Association of Sino-Russian Technical Universities (3)</option>',
            html=True,
        )
        # With a country chosen, the other filters count within that country.
        response = client.get(url("partners:list", "en", "country=CN"))
        assertContains(response, '<option value="university">University (3)</option>', html=True)
        assertContains(response, "5 partner organisations")


def test_association_option_uses_the_short_name_and_counts_members(client, asrtu):
    asrtu.short_name_en = "ASRTU"
    asrtu.save()
    with translation.override("en"):
        response = client.get(url("partners:list", "en", "country=CN"))
    assertContains(response, '<option value="asrtu">ASRTU (2)</option>', html=True)


def test_result_count_and_removable_active_filters(client, asrtu):
    with translation.override("en"):
        response = client.get(url("partners:list", "en", "country=cn&association=asrtu&page=1"))
        assertContains(response, "2 partner organisations")
        path = url("partners:list", "en")
        # Each link removes one filter and keeps the other (country tidied to upper case).
        assertContains(response, f'<a href="{path}?association=asrtu">')
        assertContains(response, f'<a href="{path}?country=CN">')
        assertContains(response, "Country: China")
        assertContains(response, "Member of: ")


def test_the_filter_form_works_without_javascript(client, asrtu):
    response = client.get(url("partners:list"))
    content = response.content.decode()
    assert '<form method="get"' in content
    for name in ["kind", "country", "association"]:
        assert f'<label for="id_{name}">' in content
        assert f'name="{name}" id="id_{name}"' in content
    assert '<button type="submit">' in content
    assert "<script" not in content.split("<body>")[1]


@pytest.mark.parametrize(
    "query",
    [
        "kind=castle",
        "country=ZZ",
        "country=CHN",
        "association=nobody",
        "association=hit",  # a university, not an association
        "kind=university&country=XX",
    ],
)
def test_unknown_filters_give_a_message_and_no_results(client, asrtu, query):
    response = client.get(url("partners:list", "en", query))
    assert response.status_code == 400
    assert names_in(response) == []
    assertContains(response, 'role="alert"', status_code=400)
    assertContains(response, 'aria-invalid="true"', status_code=400)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=400)


def test_html_in_parameters_is_escaped(client, asrtu):
    attack = "<script>alert(1)</script>"
    for name in ["kind", "country", "association"]:
        response = client.get(url("partners:list", "en"), {name: attack, "page": attack[:3]})
        assert attack not in response.content.decode(), name
    response = client.get(
        url("partners:list", "en"), {"association": f'"><img src=x onerror=alert(1)>{attack}'}
    )
    assert response.status_code == 400
    assertNotContains(response, "<img src=x", status_code=400)
    assertContains(response, "&lt;img src=x", status_code=400)


def test_a_very_long_parameter_is_cut_short_in_the_message(client):
    response = client.get(url("partners:list", "en"), {"country": "Q" * 5000})
    assert response.status_code == 400
    main = response.content.decode().split("<main")[1]
    assert "Q" * 39 + "…" in main
    assert "Q" * 40 not in main


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5"])
def test_bad_page_numbers_are_not_found(client, page):
    PartnerFactory.create_batch(3)
    assert client.get(url("partners:list", "en", f"page={page}")).status_code == 404


def test_pages_keep_the_filters(client):
    PartnerFactory.create_batch(25, country="CN")
    PartnerFactory(country="RU")
    path = url("partners:list", "en")
    response = client.get(path, {"country": "cn", "junk": "1"})
    assert len(names_in(response)) == 20
    assertContains(response, f'href="{path}?country=CN&amp;page=2" rel="next"')
    response = client.get(path, {"country": "CN", "page": "2"})
    assert len(names_in(response)) == 5
    assertContains(response, f'href="{path}?country=CN" rel="prev"')
    assertNotContains(response, "junk")


def test_directory_links_to_the_map_and_the_exports_with_the_same_filters(client, asrtu):
    response = client.get(url("partners:list", "en", "country=CN&association=asrtu"))
    for name in ["partners:map", "partners:export_csv", "partners:export_json"]:
        assertContains(response, f'href="{url(name, "en")}?country=CN&amp;association=asrtu"')


def test_directory_shows_each_partners_associations(client, asrtu):
    asrtu.short_name_ru = "АТУРК"
    asrtu.save()
    response = client.get(url("partners:list", "ru", "country=RU"))
    assertContains(response, f'<a href="{asrtu.get_absolute_url()}">АТУРК</a>', html=True)


# Profile


def test_profile_shows_names_facts_and_website(client):
    partner = PartnerFactory(
        name_en="Harbin Institute of Technology",
        short_name_en="HIT",
        native_name="哈尔滨工业大学",
        aliases="Harbin Tech, 哈工大",
        founded_year=1920,
        website="https://www.hit.edu.cn/",
        city_en="Harbin",
    )
    with translation.override("en"):
        response = client.get(url("partners:detail", "en", slug=partner.slug))
        assertContains(response, "<h1>Harbin Institute of Technology</h1>", html=True)
        for text in ["HIT", "哈尔滨工业大学", "Harbin Tech, 哈工大", "1920", "Harbin", "China", "University"]:
            assertContains(response, text)
        assertContains(response, 'href="https://www.hit.edu.cn/" rel="external"')


def test_profile_shows_memberships_with_role_and_year(client, asrtu):
    with translation.override("en"):
        response = client.get(url("partners:detail", "en", slug="hit"))
        assertContains(response, "Member of")
        assertContains(response, f'href="{asrtu.get_absolute_url()}"')
        assertContains(response, "Founding member")
        assertContains(response, "since 2011")


def test_association_profile_lists_members_by_country_with_counts(client, asrtu):
    with translation.override("en"):
        response = client.get(url("partners:detail", "en", slug="asrtu"))
        members = response.content.decode().split('id="members-heading"')[1].split("</section>")[0]
        assertContains(response, "3 members")
        order = ["<h3>China", "Harbin Engineering University", "Harbin Institute of Technology", "<h3>Russia"]
        order.append("Bauman Moscow State Technical University")
        assert [members.index(text) for text in order] == sorted(members.index(text) for text in order)
        assertContains(response, '<h3>China <span class="badge">2</span></h3>', html=True)
        assertContains(response, '<h3>Russia <span class="badge">1</span></h3>', html=True)
        assertNotContains(response, "Tsinghua University")
        assertContains(response, f'href="{url("partners:list", "en")}?association=asrtu"')
        assertContains(response, f'href="{url("partners:map", "en")}?association=asrtu"')


def test_profile_shows_public_agreements_only(client):
    partner = PartnerFactory()
    AgreementFactory(partner=partner, title_ru="Соглашение об обмене студентами")
    AgreementFactory(partner=partner, title_ru="Внутреннее соглашение", is_public=False)
    AgreementFactory(
        partner=partner,
        title_ru="Старое соглашение",
        signed_on=timezone.localdate() - timedelta(days=3000),
        valid_until=timezone.localdate() - timedelta(days=1000),
    )
    response = client.get(partner.get_absolute_url())
    assertContains(response, "Соглашение об обмене студентами")
    assertContains(response, "Старое соглашение")
    assertNotContains(response, "Внутреннее соглашение")
    assert response.content.decode().count('class="badge">') >= 1


@pytest.mark.parametrize("as_staff", [False, True])
def test_timeline_shows_only_published_news_and_events(client, editor, partner_with_news, as_staff):
    partner = partner_with_news
    if as_staff:
        client.force_login(editor)
    response = client.get(partner.get_absolute_url())
    for title in ["Опубликованная новость", "Организованное событие", "Событие с участием"]:
        assertContains(response, title)
    for title in ["Черновик новости", "Запланированная новость", "Черновик события", "Чужая новость"]:
        assertNotContains(response, title)


@pytest.fixture
def partner_with_news():
    partner = PartnerFactory()
    now = timezone.now()
    PostFactory(partners=[partner], title_ru="Опубликованная новость", published_at=now - timedelta(days=3))
    PostFactory(partners=[partner], title_ru="Черновик новости", draft=True)
    PostFactory(partners=[partner], title_ru="Запланированная новость", scheduled=True)
    PostFactory(partners=[PartnerFactory()], title_ru="Чужая новость")
    organised = EventFactory(title_ru="Организованное событие", past=True)
    organised.organisers.add(partner)
    attended = EventFactory(title_ru="Событие с участием")
    attended.participants.add(partner)
    attended.organisers.add(partner)  # both roles: listed once
    draft = EventFactory(title_ru="Черновик события", draft=True)
    draft.organisers.add(partner)
    return partner


def test_timeline_is_newest_first_and_lists_each_item_once(client, partner_with_news):
    content = client.get(partner_with_news.get_absolute_url()).content.decode()
    timeline = content.split('class="timeline"')[1].split("</ol>")[0]
    upcoming, post, past = (
        timeline.index("Событие с участием"),
        timeline.index("Опубликованная новость"),
        timeline.index("Организованное событие"),
    )
    assert upcoming < post < past
    assert timeline.count("Событие с участием") == 1


def test_profile_links_to_partner_news_feed_and_calendar(client, partner_with_news):
    partner = partner_with_news
    response = client.get(partner.get_absolute_url())
    feed = reverse("partner_news_feed", kwargs={"slug": partner.slug})
    ical = reverse("partner_events_ical", kwargs={"slug": partner.slug})
    assertContains(response, '<link rel="alternate" type="application/rss+xml"')
    assertContains(response, '<link rel="alternate" type="text/calendar"')
    assertContains(response, f'href="{feed}"', count=2)
    assertContains(response, f'href="{ical}"', count=2)
    assertContains(response, f'href="{reverse("news:list")}?partner={partner.slug}"')


def test_json_ld_of_a_university(client, asrtu):
    hit = Partner.objects.get(slug="hit")
    hit.native_name = "哈尔滨工业大学"
    hit.website = "https://www.hit.edu.cn/"
    hit.founded_year = 1920
    hit.save()
    data = json_ld(client.get(url("partners:detail", "en", slug="hit")))
    assert data["@type"] == "CollegeOrUniversity"
    assert data["name"] == "Harbin Institute of Technology"
    assert data["alternateName"] == ["HIT", "哈尔滨工业大学"]
    assert data["url"] == "http://testserver/en/partners/hit/"
    assert data["sameAs"] == ["https://www.hit.edu.cn/"]
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "CN", "addressLocality": "Harbin"}
    assert data["foundingDate"] == "1920"
    assert data["memberOf"] == [
        {
            "@type": "Organization",
            "name": "Association of Sino-Russian Technical Universities",
            "url": "http://testserver/en/partners/asrtu/",
        }
    ]


def test_json_ld_of_an_association_is_an_organization_and_cannot_break_out(client):
    partner = PartnerFactory(association=True, name_ru="</script><script>alert(1)</script>")
    response = client.get(partner.get_absolute_url())
    assert json_ld(response)["@type"] == "Organization"
    assert json_ld(response)["name"] == "</script><script>alert(1)</script>"
    assertNotContains(response, "<script>alert(1)")


def test_open_graph_uses_the_partner(client):
    partner = PartnerFactory(name_ru="Харбинский политехнический университет", description_ru="Ведущий вуз.")
    response = client.get(partner.get_absolute_url())
    assertContains(response, '<meta property="og:title" content="Харбинский политехнический университет">')
    assertContains(response, '<meta property="og:description" content="Ведущий вуз.">')


def test_description_in_the_other_language_is_marked(client):
    partner = PartnerFactory(description_ru="<p>Только русское описание.</p>", description_en="")
    with translation.override("en"):
        response = client.get(url("partners:detail", "en", slug=partner.slug))
        assertContains(
            response, '<div class="prose partner-description" lang="ru"><p>Только русское описание.</p>'
        )
        assertContains(response, "has not been translated yet")
        response = client.get(url("partners:detail", "ru", slug=partner.slug))
        assertContains(response, 'lang="ru"><p>Только русское описание.</p>')
        assertNotContains(response, 'class="notice"')


# Query budgets


def count_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context)


def test_directory_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    association = PartnerFactory(association=True, slug="asrtu")
    for partner in PartnerFactory.create_batch(3):
        MembershipFactory(association=association, member=partner)
    query = "association=asrtu&country=CN&kind=university"
    few = count_queries(client, url("partners:list", "en", query))
    for partner in PartnerFactory.create_batch(100):
        MembershipFactory(association=association, member=partner)
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(url("partners:list", "en", query))
    assert count_queries(client, url("partners:list", "en", query)) == few
    assert count_queries(client, url("partners:list", "en")) == few - 1


def test_profile_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    association = PartnerFactory(association=True)
    partner = PartnerFactory()
    MembershipFactory(association=association, member=partner)
    few = count_queries(client, association.get_absolute_url())
    for member in PartnerFactory.create_batch(100):
        MembershipFactory(association=association, member=member)
        AgreementFactory(partner=association)
    for _ in range(100):
        PostFactory(partners=[association])
        EventFactory().organisers.add(association)
        EventFactory(past=True).participants.add(association)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(association.get_absolute_url())
    assert count_queries(client, association.get_absolute_url()) == few
    assert response.content.decode().split('class="timeline"')[1].split("</ol>")[0].count("<li>") == 20


def test_profile_shows_the_logo_with_a_text_alternative(client):
    logo = SimpleUploadedFile("hit.png", image_bytes(format="PNG"), content_type="image/png")
    partner = PartnerFactory(name_en="Harbin Institute of Technology", logo=logo)
    with translation.override("en"):
        response = client.get(url("partners:detail", "en", slug=partner.slug))
    assertContains(response, 'class="partner-logo"')
    assertContains(response, 'alt="Logo of Harbin Institute of Technology"')
    # Visitors, link previews and search engines get renditions, never the uploaded original.
    assertNotContains(response, partner.logo.url)
    assertContains(response, '<meta property="og:image" content="http://testserver/media/renditions/')
    assert json_ld(response)["logo"].startswith("http://testserver/media/renditions/")


@pytest.mark.parametrize(
    ("lang", "in_force", "expired", "not_yet"),
    [
        (
            "ru",
            "Подписано 1 марта 2024 г., действует до 1 марта 2090 г.",
            "Подписано 1 марта 2018 г., срок действия истёк 28 февраля 2023 г.",
            "Вступает в силу 1 марта 2089 г., действует до 1 марта 2095 г.",
        ),
        (
            "en",
            "Signed March 1, 2024, valid until March 1, 2090",
            "Signed March 1, 2018, expired on Feb. 28, 2023",
            "Comes into force on March 1, 2089, valid until March 1, 2095",
        ),
    ],
)
def test_agreements_say_whether_they_are_in_force_expired_or_yet_to_come(
    client, lang, in_force, expired, not_yet
):
    partner = PartnerFactory()
    AgreementFactory(partner=partner, signed_on=date(2024, 3, 1), valid_until=date(2090, 3, 1))
    AgreementFactory(partner=partner, signed_on=date(2018, 3, 1), valid_until=date(2023, 2, 28))
    AgreementFactory(partner=partner, signed_on=date(2089, 3, 1), valid_until=date(2095, 3, 1))
    with translation.override(lang):
        response = client.get(partner.get_absolute_url())
    text = " ".join(re.sub(r"<[^>]+>", "", response.content.decode()).split())
    assert in_force in text
    assert expired in text
    assert not_yet in text
    badges = re.findall(r'<span class="badge">([^<]+)</span>', response.content.decode())
    if lang == "ru":
        assert {"действует", "срок истёк", "ещё не вступило в силу"} <= set(badges)
    else:
        assert {"in force", "expired", "not yet in force"} <= set(badges)
