"""The public site as visitors get it in a real browser: CSP, no JavaScript, languages, time zones, phones."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from news.models import Post
from partners.models import Partner
from tests.factories import PostFactory, UserFactory

# The live server needs committed data; serialized_rollback restores what the migrations
# put in the database after each test's flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HIT = "harbin-institute-of-technology"
QINGDAO_POST = "second-session-of-technology-transfer-in-qingdao"
QINGDAO_EVENT = "second-session-of-technology-transfer-qingdao-2015"
# paginate_by of the news list.
PAGE_SIZE = 10


@pytest.fixture
def hit_posts(demo_content):
    """Twelve more published posts about Harbin Institute of Technology, a minute apart, so its news
    fill two pages; returns how many published posts are about it now."""
    hit = Partner.objects.get(slug=HIT)
    now = timezone.now()
    for minute in range(12):
        PostFactory(partners=[hit], published_at=now - timedelta(minutes=10 + minute))
    return hit.posts.published().count()


def news_count(count):
    """The result count above the news list, as the visitor reads it."""
    return ngettext("%(counter)s news item", "%(counter)s news items", count) % {"counter": count}


def page_of(number, total):
    return gettext("Page %(number)s of %(total)s") % {"number": number, "total": total}


def filters_in_url(page):
    """The news list's query-string parameters that have a value (the form also sends the empty ones)."""
    url = urlsplit(page.url)
    assert url.path == "/ru/news/"
    return parse_qs(url.query)


def post_slugs(page):
    """The slugs of the posts listed, in order (the same in every language)."""
    hrefs = page.locator(".post-card h3 a").evaluate_all("(links) => links.map((a) => a.pathname)")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


# Content-Security-Policy


def assert_no_csp_violations(csp):
    violations = csp.violations()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def test_public_page_keeps_to_the_content_security_policy(page, csp, demo_content, public_page):
    response = page.goto(public_page)
    assert response.ok
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert_no_csp_violations(csp)


def test_the_admin_post_form_works_under_the_content_security_policy(page, csp, demo_content, live_server):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )

    response = page.goto("/ru/admin/news/post/add/")
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")

    # modeltranslation's language tabs (jQuery UI).
    tabs = page.locator(".ui-tabs", has=page.locator("#id_title_ru"))
    expect(page.locator("#id_title_en")).to_be_hidden()
    tabs.get_by_role("tab", name="en", exact=True).click()
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_ru")).to_be_hidden()

    # The partners' autocomplete (select2), which asks the server as the editor types.
    page.locator("#id_partners + .select2").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially("Харбин")
    page.get_by_role("option", name="Харбинский политехнический университет", exact=True).click()
    expect(page.locator("#id_partners + .select2")).to_contain_text("Харбинский политехнический университет")

    assert_no_csp_violations(csp)
    # The body's rich-text editor (django-prose-editor, ES modules found through an import map) started.
    expect(page.locator(".prose-editor .ProseMirror[contenteditable=true]").first).to_be_visible()


# Without JavaScript


def test_without_javascript_a_visitor_filters_news_by_partner_and_pages_through(new_page, hit_posts):
    assert PAGE_SIZE < hit_posts <= 2 * PAGE_SIZE
    total = Post.objects.published().count()
    page = new_page(java_script_enabled=False)
    page.goto("/ru/news/")
    expect(page.locator(".result-count")).to_have_text(news_count(total))

    # The partner's short name, and how many news items are about it.
    hit_checkbox = page.get_by_label(f"ХПУ {hit_posts}", exact=True)
    hit_checkbox.check()
    page.get_by_role("button", name=gettext("Show news")).click()
    assert filters_in_url(page) == {"partner": [HIT]}
    expect(page.locator(".result-count")).to_have_text(news_count(hit_posts))
    cards = page.locator(".post-card")
    expect(cards).to_have_count(PAGE_SIZE)
    for card in cards.all():
        expect(card.locator(".meta")).to_contain_text("ХПУ")
    chips = page.locator(".active-filters")
    chip = chips.get_by_role("link", name=re.compile("ХПУ"))
    expect(chip).to_be_visible()
    expect(hit_checkbox).to_be_checked()

    # The next page keeps the filter; it is found by its position after this one (keyset pagination).
    page.get_by_role("link", name=re.compile(gettext("Older"))).click()
    expect(page.locator(".pagination")).to_contain_text(page_of(2, 2))
    assert filters_in_url(page).keys() == {"partner", "after"}
    assert filters_in_url(page)["partner"] == [HIT]
    expect(cards).to_have_count(hit_posts - PAGE_SIZE)
    for card in cards.all():
        expect(card.locator(".meta")).to_contain_text("ХПУ")
    expect(chip).to_be_visible()

    # Removing the filter shows all the news again, from the first page.
    chip.click()
    expect(page.locator(".result-count")).to_have_text(news_count(total))
    assert filters_in_url(page) == {}
    expect(chips).to_have_count(0)
    expect(hit_checkbox).not_to_be_checked()
    expect(page.locator(".pagination")).to_contain_text(page_of(1, 2))
    page.get_by_role("link", name=re.compile(gettext("Older"))).click()
    expect(page.locator(".pagination")).to_contain_text(page_of(2, 2))
    assert filters_in_url(page).keys() == {"after"}
    expect(cards).to_have_count(total - PAGE_SIZE)


# Language switcher


def test_the_language_switcher_keeps_the_filter_and_the_page(page, hit_posts):
    page.goto(f"/ru/news/?partner={HIT}&page=2")
    russian = post_slugs(page)
    assert len(russian) == hit_posts - PAGE_SIZE

    page.get_by_role("navigation", name="Язык").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"/en/news/\?partner={HIT}&page=2$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".active-filters")).to_contain_text("HIT")
    assert post_slugs(page) == russian


def test_the_language_switcher_leads_to_the_same_article(page, demo_content):
    page.goto(f"/ru/news/{QINGDAO_POST}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Вторая сессия по трансферу технологий в городе Циндао"
    )

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(rf"/en/news/{QINGDAO_POST}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The Second Session of Technology Transfer in the City of Qingdao"
    )

    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(rf"/ru/news/{QINGDAO_POST}/$"))


# The event's time in the visitor's time zone


def test_a_visitor_in_moscow_sees_the_qingdao_event_in_moscow_time(page, demo_content):
    # 15–16 October 2015, 09:00–18:00 in Qingdao (UTC+8) is 04:00–13:00 in Moscow (UTC+3).
    page.goto(f"/ru/events/{QINGDAO_EVENT}/")
    expect(page.locator(".event-time")).to_contain_text("9:00")
    your_time = page.locator("[data-visitor-time]")
    expect(your_time).to_be_visible()
    expect(your_time).to_contain_text(
        re.compile(r"^Ваше время: 15 окт\. 2015 г\., 04:00.*16 окт\. 2015 г\., 13:00")
    )

    page.goto(f"/en/events/{QINGDAO_EVENT}/")
    expect(your_time).to_be_visible()
    expect(your_time).to_contain_text(re.compile(r"^Your time: Oct 15, 2015, 4:00 AM.*Oct 16, 2015, 1:00 PM"))


def test_a_visitor_in_the_events_time_zone_sees_no_second_time(new_page, demo_content):
    page = new_page(timezone_id="Asia/Shanghai")
    page.goto(f"/ru/events/{QINGDAO_EVENT}/")
    expect(page.locator(".event-time")).to_contain_text("9:00")
    expect(page.locator("[data-visitor-time]")).to_be_hidden()


# Phones

WIDER_THAN_THE_SCREEN = """() => Array.from(document.querySelectorAll("body *"))
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ends at ${el.getBoundingClientRect().right}`)
  .slice(0, 10)"""


@pytest.mark.parametrize("path", ["/ru/news/", f"/ru/news/?partner={HIT}&page=2", "/en/news/"])
def test_the_news_list_fits_a_phone_screen(new_page, hit_posts, path):
    page = new_page(viewport={"width": 375, "height": 812})
    page.goto(path)
    width, scroll_width = page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    assert scroll_width <= width, (
        f"{path} scrolls sideways on a {width} px wide screen ({scroll_width} px wide):\n"
        + "\n".join(page.evaluate(WIDER_THAN_THE_SCREEN))
    )
