"""Accessibility of the public pages in real Chromium: axe-core's checks, and the keyboard."""

import json
import re
from pathlib import Path

import pytest
from django.utils.translation import gettext
from playwright.sync_api import expect

# The live server needs committed data; serialized_rollback restores what the migrations
# put in the database after each test's flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# axe-core 4.14.1 from npm (MPL-2.0, licence beside it).
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# What keeps someone from using a page; axe's "moderate" and "minor" findings are left to review.
BLOCKING = {"serious", "critical"}


def run_axe(page):
    """axe's findings on the page as it is now; only violations come with every node."""
    page.add_script_tag(path=AXE)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")


def describe(violations):
    """What is wrong, where, and how to fix it, one rule after another."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            target = " ".join(t if isinstance(t, str) else json.dumps(t) for t in node["target"])
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"  {target}\n    {node['html'][:300]}\n    {summary}")
    return "\n".join(lines)


def test_public_page_has_no_serious_accessibility_problems(new_page, demo_content, public_page):
    # axe goes in as a script of the page, which the page's own CSP would refuse (the CSP
    # itself is checked in test_public_site.py).
    page = new_page(bypass_csp=True)
    page.goto(public_page)
    results = run_axe(page)

    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {public_page}:\n{describe(blocking)}"
    # The contrast of the text was really checked, not skipped.
    checked = {rule["id"] for kind in ("passes", "violations") for rule in results[kind]}
    assert "color-contrast" in checked, f"axe did not check colour contrast on {public_page}"


FOCUSED_FILTER_CONTROL = """() => {
  const el = document.activeElement;
  return el.closest("form.filters") ? el.id || `${el.name}=${el.value}` : null;
}"""
FILTER_CONTROLS = """() => Array.from(document.querySelector("form.filters").elements)
  .filter((el) => el.tagName !== "FIELDSET")
  .map((el) => el.id || `${el.name}=${el.value}`)"""


def test_a_keyboard_user_skips_to_the_content_and_reaches_every_news_filter(page, demo_content):
    page.goto("/ru/news/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Перейти к содержанию")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # Tab on from the content until focus has gone through the whole filter form and left it.
    reached = []
    for _ in range(150):
        page.keyboard.press("Tab")
        control = page.evaluate(FOCUSED_FILTER_CONTROL)
        if control is None:
            if reached:
                break
            continue
        reached.append(control)
        # A screen reader announces what the control is for.
        expect(page.locator(":focus")).to_have_accessible_name(re.compile(r"\S"))
    assert reached == page.evaluate(FILTER_CONTROLS)

    form = page.locator("form.filters")
    expect(form.get_by_role("checkbox", name=re.compile(r"^ХПУ \d+$"))).to_be_visible()
    for label in ("Partner's country", "Members of an association", "Topic", "Year"):
        expect(form.get_by_role("combobox", name=gettext(label), exact=True)).to_be_visible()
    expect(form.get_by_role("button", name=gettext("Show news"))).to_be_visible()
