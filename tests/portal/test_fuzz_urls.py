"""Every URL pattern of the portal, fed generated input: no 500, and nothing reflected unescaped.

The patterns come from the resolver itself, so a page added later is fuzzed without touching this
file. Each pattern is requested anonymously, as an editor of the office and as a superuser, with
generated path segments for its converters, query parameters (the names the portal reads and
random ones) and headers. Failures print the request.

By default the examples are the same on every run (derandomized), so the suite stays a verdict on
the change at hand; ``HYPOTHESIS_PROFILE=thorough`` draws 50 new random examples per pattern, to
look for bugs nobody has met yet.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateField
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import Event, Post, Topic
from partners.models import Agreement, Partner
from tests.factories import (
    AgreementFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PostFactory,
    TopicFactory,
    iro_editor,
)

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    derandomize=True,
)
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=50, derandomize=False)

PROJECT_PACKAGES = ("news", "partners", "portal")
BASE_DIR = Path(__file__).resolve().parents[2]
LANGUAGES = ("ru", "en")
ROLES = ("anonymous", "editor", "superuser")

# Reflected raw into HTML, any of these would run in the visitor's browser.
MARKERS = ("<script>x</script>", '"><svg onload=x>', "'><img src=x onerror=x>")


# --- The URL patterns -------------------------------------------------------------------------


def _walk(patterns, prefix=()):
    """(the patterns from the root down to a view, that view's URLPattern) for every view."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, (*prefix, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*prefix, pattern.pattern), pattern


def _pattern_id(levels):
    return "".join("<lang>/" if isinstance(level, LocalePrefixPattern) else str(level) for level in levels)


URL_PATTERNS = list(_walk(get_resolver().url_patterns))


# --- The query-string names the portal reads --------------------------------------------------


def _names_read_in_code():
    """Names read from request.GET/POST anywhere in the project's code."""
    read = re.compile(r"""\.(?:GET|POST)(?:\.get|\.getlist|\.pop)?\s*[(\[]\s*["']([^"']+)["']""")
    names = set()
    for package in PROJECT_PACKAGES:
        for path in (BASE_DIR / package).rglob("*.py"):
            names.update(read.findall(path.read_text(encoding="utf-8")))
    return names


def _form_field_names():
    """Fields of the project's forms: the public pages read their query strings through them."""
    names, pending = set(), [forms.Form]
    while pending:
        form = pending.pop()
        pending.extend(form.__subclasses__())
        if form.__module__.split(".")[0] in PROJECT_PACKAGES:
            names.update(form.base_fields)
    return names


ADMIN_NAMES = {"o", "p", "q", "e", "all", "_popup", "_to_field", "_changelist_filters", "_facets", "pk"}
ADMIN_NAMES |= {"id__exact", "pk__in", "app_label", "model_name", "field_name", "term", "page", "next"}
ADMIN_NAMES |= {"action", "_selected_action", "index", "select_across", "post", "_save", "_continue"}


def _model_admin_names(model_admin):
    """What a model admin reads: its form's fields, its filters' parameters and its date hierarchy."""
    names = {
        field.attname
        for field in model_admin.model._meta.get_fields()
        if (field.concrete or field.many_to_many) and not field.auto_created
    }
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    for list_filter in model_admin.list_filter:
        if isinstance(list_filter, type) and issubclass(list_filter, SimpleListFilter):
            names.add(list_filter.parameter_name)
            continue
        path = list_filter[0] if isinstance(list_filter, (list, tuple)) else list_filter
        field = get_fields_from_path(model_admin.model, path)[-1]
        if field.is_relation:
            lookups = ("id__exact", "id__in", "isnull", "exact")
        elif isinstance(field, DateField):
            lookups = ("gte", "lt", "year", "month", "day", "isnull")
        else:
            lookups = ("exact", "in", "isnull")
        names |= {f"{path}__{lookup}" for lookup in lookups}
    return names


CODE_NAMES = _names_read_in_code()
PUBLIC_NAMES = sorted(CODE_NAMES | _form_field_names() | {"page", "p", "year", "next"})
ALL_NAMES = sorted(
    {*PUBLIC_NAMES, *ADMIN_NAMES}.union(*map(_model_admin_names, admin.site._registry.values()))
)


def _names_for(view):
    """The parameter names a view is likely to read: its model admin's, or the public pages'."""
    model_admin = getattr(view.callback, "model_admin", None)
    if model_admin is not None:
        return sorted(ADMIN_NAMES | CODE_NAMES | _model_admin_names(model_admin))
    if getattr(view.callback, "admin_site", None) is not None:
        return sorted(ADMIN_NAMES | CODE_NAMES)
    return PUBLIC_NAMES


# --- Generated values ---------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e9",
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "²",
    "①",
    "٣",
    "٢٠٢٤",
    "१२",
    "Ⅻ",
    "二〇二四",
    "𝟐𝟎𝟐𝟒",
    "Москва",
    "中文",
    "ＡＢＣ",
    "\x00",
    "a\x00b",
    "\x01\x08\x1b\x7f",
    "\r\nSet-Cookie: x=1",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\udfff",
    "%",
    "%zz",
    "%ff",
    "%00",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "'; DROP TABLE news_post; --",
    "../../etc/passwd",
    "__proto__",
    "a" * 5000,
    "я" * 2000,
    "1" * 400,
    "ru",
    "en",
    "CN",
    "zz",
    "last",
    "true",
    "None",
    "null",
    "[]",
    "2020-01-01",
    "0001-01-01",
    "9999-12-31 23:59:59",
    "1970-01-01T00:00:00+14:00",
    "12",
    "31",
    "13",
    "9999",
    "1",
    *MARKERS,
]

# Raw, not percent-encoded again: invalid or overlong encodings and an encoded surrogate.
RAW_ESCAPES = ["%", "%zz", "%f", "%ff%fe", "%c0%af", "%ed%a0%80", "%e2%82", "%25", "%2F", "+"]


def _values(known):
    """Nasty values, random text and numbers, values the portal knows (slugs, ids), and mixtures."""
    numbers = st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4)
    single = st.one_of(
        st.sampled_from(NASTY),
        numbers,
        st.sampled_from(known),
        st.text(max_size=30),
        # Digits and numbers of every script: str.isdigit() accepts more of them than int() does.
        numbers,
        st.integers(min_value=-(10**25), max_value=10**25).map(str),
    )
    return st.one_of(single, st.lists(single, min_size=2, max_size=3).map("".join))


def _encode(text, safe=""):
    return quote(text.encode("utf-8", "surrogatepass"), safe=safe)


@st.composite
def _encoded(draw, values, safe=""):
    """A value percent-encoded, sometimes with a raw invalid escape spliced in."""
    text = _encode(draw(values), safe)
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(RAW_ESCAPES)) + text[at:]
    return text


def _converter_value(name, known):
    """A path segment for a converter: usually one that matches it, sometimes anything at all."""
    matching = {
        "int": st.one_of(
            st.sampled_from(known["ids"]), st.integers(0, 10**25), st.sampled_from(["0", "٣"])
        ).map(str),
        "slug": st.one_of(st.sampled_from(known["slugs"]), st.from_regex(r"[-a-zA-Z0-9_]+", fullmatch=True)),
        "path": st.one_of(st.sampled_from(known["ids"]).map(str), _values(known["all"])),
        "str": st.one_of(st.sampled_from(known["ids"]).map(str), st.text(min_size=1, max_size=20)),
    }[name]
    return st.one_of(matching, matching, _values(known["all"]))


@st.composite
def _path(draw, levels, known):
    parts = []
    for level in levels:
        if isinstance(level, LocalePrefixPattern):
            parts.append(draw(st.sampled_from(LANGUAGES)) + "/")
        elif isinstance(level, RoutePattern):
            route = str(level)
            pieces = re.split(r"<(?:([^>:]+):)?([^>]+)>", route)
            # re.split alternates literal text, converter name, parameter name.
            for i in range(0, len(pieces), 3):
                parts.append(pieces[i])
                if i + 2 < len(pieces):
                    converter = pieces[i + 1] or "str"
                    value = draw(_converter_value(converter, known))
                    safe = "/" if converter == "path" else ""
                    parts.append(_encode(value, safe) if value else "x")
        elif isinstance(level, RegexPattern):
            regex = level.regex.pattern
            text = draw(st.one_of(st.from_regex(regex, fullmatch=True), _values(known["all"])))
            parts.append(_encode(text, safe="/"))
    return "/" + "".join(parts)


@st.composite
def _query(draw, view_names, known):
    """Each name the view reads, or not, and a few others; one of them sometimes repeated."""
    names = [name for name in view_names if draw(st.integers(0, 3)) == 0]
    names += draw(st.lists(st.one_of(st.sampled_from(ALL_NAMES), st.text(max_size=10)), max_size=2))
    values = _encoded(_values(known["all"]))
    pairs = [(name, draw(values)) for name in draw(st.permutations(names))]
    if pairs and draw(st.booleans()):
        pairs.append(draw(st.sampled_from(pairs)))  # a parameter repeated
    return "&".join(f"{_encode(name)}={value}" for name, value in pairs)


# WSGI servers hand headers over as latin-1: nothing else can reach Django.
LATIN_1_NASTY = [text for text in NASTY if max(map(ord, text), default=0) < 256]


def _header_text():
    return st.one_of(
        st.sampled_from(LATIN_1_NASTY),
        st.text(alphabet=st.characters(max_codepoint=255), max_size=40),
        st.sampled_from(MARKERS),
    )


@st.composite
def _headers(draw):
    headers = {}
    if draw(st.booleans()):
        headers["HTTP_ACCEPT_LANGUAGE"] = draw(
            st.one_of(
                st.sampled_from(["ru", "en-GB,en;q=0.9", "zh-Hans", "*", "xx;q=abc", "ru;q=²"]),
                _header_text(),
            )
        )
    if draw(st.integers(0, 7)) == 0:
        headers["HTTP_HOST"] = draw(
            st.one_of(
                st.sampled_from(["localhost", "127.0.0.1", "[::1]", "evil.example", "testserver:99999", ""]),
                st.sampled_from(["localhost.", "LOCALHOST", "a\x00b", "xn--e1afmkfd.xn--p1ai", "[::1"]),
                _header_text(),
            )
        )
    if draw(st.booleans()):
        headers["HTTP_REFERER"] = draw(st.one_of(st.just("http://testserver/ru/"), _header_text()))
    if draw(st.integers(0, 3)) == 0:
        headers["HTTP_ACCEPT"] = draw(
            st.one_of(
                st.sampled_from(["application/json", "text/html", "*/*", "application/rss+xml"]),
                _header_text(),
            )
        )
    if draw(st.integers(0, 4)) == 0:
        headers["HTTP_X_FORWARDED_PROTO"] = draw(st.one_of(st.just("https"), _header_text()))
    if draw(st.integers(0, 4)) == 0:
        # Cookies the browser could send: quoted octal escapes turn into any character, NUL included.
        headers["cookie"] = draw(
            st.sampled_from(
                [
                    'sessionid="abcdefgh\\000"',
                    "sessionid=<script>x</script>",
                    'django_language="\\000"',
                    "django_language=zz",
                    "csrftoken=" + "x" * 64,
                ]
            )
        )
    return headers


@st.composite
def _request(draw, levels, view, known):
    path = draw(_path(levels, known))
    query = draw(_query(_names_for(view), known))
    method = draw(st.sampled_from(["GET", "GET", "GET", "GET", "HEAD", "POST"]))
    return {"method": method, "path": path, "query": query, "headers": draw(_headers())}


# --- The content and the users ------------------------------------------------------------------


@pytest.fixture(scope="module")
def content(django_db_setup, django_db_blocker):
    """Some of everything, created once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        asrtu = PartnerFactory(association=True, slug="asrtu")
        hit = PartnerFactory(slug="hit")
        MembershipFactory(association=asrtu, member=hit)
        AgreementFactory(partner=hit)
        topic = TopicFactory()
        event = EventFactory()
        past = EventFactory(past=True)
        EventFactory(draft=True)
        post = PostFactory(partners=[hit], topics=[topic], event=event)
        PostFactory(draft=True, partners=[asrtu])
        PostFactory(scheduled=True)
        past.organisers.add(hit)
        users = {
            "editor": iro_editor(),
            "superuser": get_user_model().objects.create_superuser("fuzz-root", "root@example.org", "x"),
        }
        ids = sorted(
            {
                pk
                for model in (Post, Event, Partner, Topic, Agreement, ContentType, get_user_model())
                for pk in model.objects.values_list("pk", flat=True)
            }
        )
        slugs = sorted(
            {
                slug
                for model in (Post, Event, Partner, Topic)
                for slug in model.objects.values_list("slug", flat=True)
            }
        )
        known = {"ids": ids, "slugs": slugs, "all": [*map(str, ids), *slugs, str(post.published_at.year)]}
        yield {"known": known, "users": users}
        transaction.set_rollback(True)


def _send(client, request):
    url = request["path"] + (f"?{request['query']}" if request["query"] else "")
    headers = dict(request["headers"])
    cookie = headers.pop("cookie", None)
    if cookie:
        # Kept beside the session cookie, so that a staff member stays logged in.
        own = "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values())
        headers["HTTP_COOKIE"] = "; ".join(filter(None, [cookie, own]))
    if request["method"] == "POST":
        # The generated parameters as the form's body, encoded exactly as in the query string.
        body = request["query"].encode("ascii")
        return url, client.generic(
            "POST", request["path"], body, "application/x-www-form-urlencoded", **headers
        )
    return url, client.generic(request["method"], url, **headers)


def _check(role, request, send):
    try:
        url, response = send()
    except Exception as error:
        where = (
            f"{request['method']} {request['path']}?{request['query']} as {role} with {request['headers']}"
        )
        raise AssertionError(f"{where} raised {error!r}") from error
    where = f"{request['method']} {url} as {role} with {request['headers']}"
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    if "html" in content_type or "xml" in content_type:
        body = response.content.decode("utf-8", "replace")
        for marker in MARKERS:
            assert marker not in body, f"{where}: {marker} reflected unescaped"


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize(
    ("levels", "view"), URL_PATTERNS, ids=[_pattern_id(levels) for levels, _ in URL_PATTERNS]
)
def test_no_input_breaks_a_page(content, db, levels, view):
    known, users = content["known"], content["users"]

    @settings(settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci")))
    @given(request=_request(levels, view, known))
    def fuzz(request):
        for role in ROLES:
            client = Client()
            if role in users:
                client.force_login(users[role])
            _check(role, request, lambda client=client: _send(client, request))

    fuzz()
