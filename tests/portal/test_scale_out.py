"""Two app servers behind one load balancer: real gunicorn servers, one PostgreSQL, one Redis.

An edit saved through one server is visible at once through the other, uncached, and a login on one
is a login on the other: the servers keep nothing of their own. With the default in-memory cache
(each worker its own) the content version in the database keeps them in step just the same.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection

from tests.factories import PartnerFactory, PostFactory

REDIS_URL = "redis://127.0.0.1:6379/4"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    # The servers need committed data; serialized_rollback restores what the migrations put in the
    # database (the staff groups) after the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several servers share one PostgreSQL database (DATABASE_URL=postgres://…): runs in CI",
    ),
]


def _redis_is_running():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_server(stack, env):
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--no-control-socket",
        "--graceful-timeout",
        "2",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    stack.callback(process.wait, timeout=10)
    stack.callback(process.terminate)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=2)
            return base
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {process.stderr.read()}")
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer within 30 s")


@pytest.fixture
def two_servers(request):
    """Two gunicorn servers with two workers each, the page cache on; yields their base URLs."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": _database_url(),
        "TEST_PAGE_CACHE_SECONDS": "600",
    }
    if request.param == "redis":
        if not _redis_is_running():
            pytest.skip(f"needs Redis at {REDIS_URL}")
        redis.Redis.from_url(REDIS_URL).flushdb()
        env["CACHE_URL"] = REDIS_URL
    else:
        env.pop("CACHE_URL", None)
    with ExitStack() as stack:
        yield [_start_server(stack, env), _start_server(stack, env)]


def _open(url, opener=None, data=None):
    """The status, final address and text of a request, redirects followed; no cookies without ``opener``."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with (opener or urllib.request.build_opener()).open(url, body, timeout=10) as response:
            return response.status, response.url, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode()


def _page(url):
    status, _url, text = _open(url)
    return status, text


class _FormFields(HTMLParser):
    """The values a browser would send for the form with ``id``: inputs, selects, text areas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or ("name" not in attrs and tag != "option"):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((attrs["name"], attrs.get("value", "on")))
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append(tuple(self._textarea))
            self._textarea = None


def _log_in(base, username, password):
    """An opener holding an admin session started on the server at ``base``, and its cookies."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = _open(f"{base}/ru/admin/login/", opener)[2]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/ru/admin/"}
    _open(f"{base}/ru/admin/login/", opener, data)
    assert any(cookie.name == "sessionid" for cookie in jar), "the login failed"
    return opener, jar


def _edit_title(base, opener, post, title):
    """Change a post's Russian title through the admin's change form, as an editor's browser would."""
    url = f"{base}/ru/admin/news/post/{post.pk}/change/"
    parser = _FormFields("post_form")
    parser.feed(_open(url, opener)[2])
    fields = [(name, title if name == "title_ru" else value) for name, value in parser.fields]
    status, final_url, _text = _open(url, opener, [*fields, ("_save", "Save")])
    assert status == 200
    assert "/change/" not in final_url, "the admin refused the change"


@pytest.mark.parametrize("two_servers", ["redis", "locmem"], indirect=True)
def test_an_edit_through_one_server_shows_at_once_through_the_other(two_servers):
    first, second = two_servers
    post = PostFactory(title_ru="Визит делегации из Харбина", partners=[PartnerFactory()])
    get_user_model().objects.create_superuser("chief", "chief@example.org", "a long password 42")
    # Several times: each worker of each server keeps the pages (in its memory, or in Redis).
    for base in two_servers * 3:
        status, page = _page(base + post.get_absolute_url())
        assert status == 200
        assert "Визит делегации из Харбина" in page
        assert "Визит делегации из Харбина" in _page(base + "/ru/news/")[1]

    admin, cookies = _log_in(first, "chief", "a long password 42")
    _edit_title(first, admin, post, "Визит делегации из Циндао")
    for base in two_servers * 3:
        page = _page(base + post.get_absolute_url())[1]
        assert "Визит делегации из Циндао" in page
        assert "Визит делегации из Харбина" not in page
        assert "Визит делегации из Циндао" in _page(base + "/ru/news/")[1]

    # The session started on the first server is valid on the second: unpublish through it.
    status, final_url, _text = _open(f"{second}/ru/admin/", admin)
    assert status == 200
    assert "/login/" not in final_url
    csrf = next(cookie.value for cookie in cookies if cookie.name == "csrftoken")
    action = {"action": "unpublish_selected", "_selected_action": post.pk, "csrfmiddlewaretoken": csrf}
    assert _open(f"{second}/ru/admin/news/post/", admin, action)[0] == 200
    for base in two_servers * 3:
        assert _page(base + post.get_absolute_url())[0] == 404
        assert "Визит делегации из Циндао" not in _page(base + "/ru/news/")[1]
