"""Real headless Chromium, driven with Playwright's sync API, against pytest-django's live server.

Every page must be self-contained: a request to any host other than the live
server (a CDN, web fonts, analytics) is aborted and fails the test, and so does
any uncaught JavaScript error on the page.
"""

import os
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread; Django
# would otherwise refuse ORM calls made from the test while it is running.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes that never leave the browser.
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class PageProblems:
    """What went wrong on the pages a test visited, besides its own assertions."""

    foreign_requests: list[str] = field(default_factory=list)
    js_errors: list[str] = field(default_factory=list)

    def report(self):
        lines = []
        if self.foreign_requests:
            lines.append("Requests to hosts other than the live server (blocked):")
            lines.extend(f"  {url}" for url in self.foreign_requests)
        if self.js_errors:
            lines.append("Uncaught JavaScript errors:")
            lines.extend(f"  {error}" for error in self.js_errors)
        return "\n".join(lines)


problems_key = pytest.StashKey[PageProblems]()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Browser tests need Chromium: no `chromium` executable on PATH (apt install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Between its calls, Playwright's sync API marks an asyncio loop as running in this
    # thread. Django's connection handler (an asgiref Local) then keeps connections per
    # context instead of per thread, so the tests and pytest-django's per-test database
    # setup and flush would get new connection objects, without what setting up the test
    # database put on the old ones (the data kept for serialized_rollback, among others;
    # see pytest-dev/pytest-django#1197). Keep using the same objects.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in originals.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """A fresh page (own cookies and storage) in a Russian-speaking browser in Moscow."""
    problems = PageProblems()
    request.node.stash[problems_key] = problems
    server = urlsplit(live_server.url).netloc

    def guard(route):
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == server:
            route.continue_()
        else:
            problems.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", base_url=live_server.url)
    context.set_default_timeout(10_000)
    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda error: problems.js_errors.append(f"{page.url}: {error}"))
    yield page
    context.close()
    # Anything that happened after the test body finished (the hook below
    # already reported what happened during it).
    if report := problems.report():
        pytest.fail(report, pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself, not just its teardown, if its pages broke the rules above."""
    result = yield
    problems = item.stash.get(problems_key, None)
    if problems is not None and (report := problems.report()):
        problems.foreign_requests.clear()
        problems.js_errors.clear()
        pytest.fail(report, pytrace=False)
    return result
