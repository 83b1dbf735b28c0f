"""Real headless Chromium, driven with Playwright's sync API, against pytest-django's live server.

Every page must be self-contained: a request to any host other than the live
server (a CDN, web fonts, analytics) is aborted and fails the test, and so does
any uncaught JavaScript error on the page.
"""

import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import transaction

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


@pytest.fixture(scope="package")
def _allow_orm_beside_playwright():
    """Playwright's sync API runs an asyncio event loop in the test's thread; Django would otherwise
    refuse ORM calls made from the test while it runs. Only here: elsewhere Django keeps its guard."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright):
    """One Chromium for the browser tests; stopped after them, so that Playwright's event loop does
    not outlive them in this process (the other tests run without DJANGO_ALLOW_ASYNC_UNSAFE)."""
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
def new_page(request, browser, live_server):
    """Make fresh pages, each in its own context, guarded as described above.

    Keyword arguments override the context's options: ``java_script_enabled=False``,
    ``timezone_id="Asia/Shanghai"``, ``viewport={"width": 375, "height": 812}``, ``bypass_csp=True``…
    """
    problems = PageProblems()
    request.node.stash[problems_key] = problems
    server = urlsplit(live_server.url).netloc
    contexts = []

    def guard(route):
        url = urlsplit(route.request.url)
        if url.scheme in LOCAL_SCHEMES or url.netloc == server:
            route.continue_()
        else:
            problems.foreign_requests.append(route.request.url)
            route.abort("blockedbyclient")

    def make(**options):
        context = browser.new_context(
            **{"locale": "ru-RU", "timezone_id": "Europe/Moscow", "base_url": live_server.url, **options}
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.js_errors.append(f"{page.url}: {error}"))
        return page

    yield make
    for context in contexts:
        context.close()
    # Anything that happened after the test body finished (the hook below
    # already reported what happened during it).
    if report := problems.report():
        pytest.fail(report, pytrace=False)


@pytest.fixture
def page(new_page):
    """A fresh page (own cookies and storage) in a Russian-speaking browser in Moscow."""
    return new_page()


# Runs before any script of the page, and init scripts are not subject to the page's CSP.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}` +
    ` at ${event.sourceFile || document.URL}:${event.lineNumber}` +
    (event.sample ? ` (sample: ${event.sample})` : "")
  );
}, true);
"""


class CspWatcher:
    """Content-Security-Policy violations the browser reports on one page."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def violations(self):
        """What was reported on the current document, and in console messages since the start.

        Violation events are dispatched in tasks of their own: let those queued so far run first.
        """
        events = self.page.evaluate(
            "() => new Promise((resolve) => setTimeout(() => resolve(window.__cspViolations || []), 100))"
        )
        return [f"{self.page.url}: {event}" for event in events] + self.console


@pytest.fixture
def csp(page):
    """Watches `page` for Content-Security-Policy violations; call ``csp.violations()`` after loading."""
    return CspWatcher(page)


@pytest.fixture
def demo_content(transactional_db, _demo_rows):
    """The starter content (``manage.py load_demo``): real partners, the Qingdao article, demo items.

    Put in for each test: the live server needs committed rows, which the flush after every
    test removes. The rows ``load_demo`` wrote once are inserted again as they were, which is
    much quicker than running it again (its dates are relative to the start of the session).
    """
    from django.db import connection

    with transaction.atomic():
        for table in _demo_rows:
            table.insert(connection)


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


# The public pages, with the demo content loaded; the partners' pages last.
PUBLIC_PAGES = {
    "home": "/",
    "news": "/news/",
    "news-filtered": "/news/?partner=harbin-institute-of-technology",
    "news-detail": "/news/second-session-of-technology-transfer-in-qingdao/",
    "events": "/events/",
    "event-detail": "/events/second-session-of-technology-transfer-qingdao-2015/",
    "partners": "/partners/",
    "partner-detail": "/partners/harbin-institute-of-technology/",
}


def pytest_generate_tests(metafunc):
    """A test that takes ``public_page`` runs on each public page (a path) in each language."""
    if "public_page" in metafunc.fixturenames:
        cases = [
            (f"{lang}-{name}", f"/{lang}{path}")
            for name, path in PUBLIC_PAGES.items()
            for lang in ("ru", "en")
        ]
        metafunc.parametrize("public_page", [path for _id, path in cases], ids=[id_ for id_, _path in cases])
