"""The sitemap: an index of sections, each in pages of at most ``SITEMAP_URL_LIMIT`` addresses.

``/sitemap.xml`` is the index (as Django's ``views.index`` writes it); each section — static pages, news,
events, partners — is ``/sitemap-<section>.xml``, paginated with ``?p=``. Every public page is
listed once per language it is written in, each entry with its hreflang alternates and x-default
(the address without a language), as on the page itself.

A page of a section is a range of primary keys (page 2 holds the items with pks from
``size + 1`` to ``2 × size``), not an offset in the list: it costs the same at page 1 and page 400,
whatever the table's size, and an item never moves to another page when others are added. A page
holds at most ``SITEMAP_URL_LIMIT // number of languages`` items, so at most ``SITEMAP_URL_LIMIT``
addresses (1,000 by default, about 330 KB with the alternates; the protocol allows 50,000 and 50 MB,
but a page that size takes half a second to build and a crawler needs only the pages whose
Last-Modified changed). Rows are read as values, the language
rule is a column computed by the database, and the XML is written without a template: Django's own
sitemap view builds every item of every page in memory and renders each address through a
template, which took 4.9 s for one 7.7 MB file at 10,000 posts.
"""

import math
import re
from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import BooleanField, ExpressionWrapper, Max, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import condition, conditional_page, require_safe

from news.models import Event, Post
from partners.models import Partner
from portal.core.translation_utils import complete_in, language_codes

#: The protocol's limit of addresses in one sitemap file.
DEFAULT_URL_LIMIT = 50_000

_SLUG = "SITEMAP-SLUG"
_SAFE_SLUG = re.compile(r"[-\w]*", re.ASCII)
_NAMESPACES = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def url_limit():
    """The most addresses one sitemap page lists (setting ``SITEMAP_URL_LIMIT``, at most 50,000)."""
    return min(getattr(settings, "SITEMAP_URL_LIMIT", DEFAULT_URL_LIMIT), DEFAULT_URL_LIMIT)


def _latest(*moments):
    return max((moment for moment in moments if moment is not None), default=None)


class _Pages:
    """What Django's index view asks of a section's paginator: how many pages it has."""

    def __init__(self, num_pages):
        self.num_pages = num_pages


class Section(Sitemap):
    """One section of the index. ``memo`` is shared by the sections of one request."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = None

    def __init__(self, memo=None):
        self.memo = {} if memo is None else memo

    def _remember(self, key, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    @property
    def limit(self):
        return url_limit()

    def items_per_page(self):
        """Each item is listed once per language: a page of this many items stays within the limit."""
        return max(1, self.limit // len(language_codes()))

    @property
    def paginator(self):
        return _Pages(self.num_pages())

    def num_pages(self):
        raise NotImplementedError

    def page_last_modified(self, page):
        """When anything listed on ``page`` last changed (the Last-Modified header), None if unknown."""
        return self.get_latest_lastmod()

    def entries(self, page, base):
        """``(addresses, lastmod)`` for each item on ``page``, None if there is no such page.

        ``addresses`` maps each language the item is written in, and "x-default", to its absolute,
        XML-escaped address on ``base`` (scheme and host); ``lastmod`` is a date in ISO form, or "".
        """
        raise NotImplementedError


def _path_parts(route, lang, slug=False):
    """``reverse(route)`` in ``lang`` split around the slug: the address of any item is one join away."""
    with translation.override(lang):
        path = reverse(route, kwargs={"slug": _SLUG} if slug else None)
    return tuple(path.split(_SLUG, 1)) if slug else (path, "")


def _prefixes(base, parts):
    """Absolute, escaped (before, after) the slug per language, and for x-default: the address
    without a language, which sends visitors to theirs (as Django's sitemaps write it)."""
    prefixes = {lang: (escape(base + before), escape(after)) for lang, (before, after) in parts.items()}
    default = settings.LANGUAGE_CODE
    if default in prefixes:
        before, after = prefixes[default]
        prefixes["x-default"] = (before.replace(f"/{default}/", "/", 1), after)
    return prefixes


class StaticSection(Section):
    """The list pages. They change when what they list changes: their date is the latest of the others."""

    changefreq = "daily"
    routes = ["home", "news:list", "events:list", "partners:list"]

    def num_pages(self):
        return math.ceil(len(self.routes) / self.items_per_page())

    def get_latest_lastmod(self):
        return _latest(*(section(self.memo).get_latest_lastmod() for section in MODEL_SECTIONS))

    def entries(self, page, base):
        if page > self.num_pages():
            return None
        size = self.items_per_page()
        entries = []
        for route in self.routes[(page - 1) * size : page * size]:
            prefixes = _prefixes(base, {lang: _path_parts(route, lang) for lang in language_codes()})
            entries.append(({lang: prefix for lang, (prefix, _suffix) in prefixes.items()}, ""))
        return entries


class ModelSection(Section):
    """Published items of ``model``, one page per range of ``items_per_page()`` primary keys."""

    model = None
    route = None
    #: A field holding when a published item appears, if it can be scheduled (its page appears then).
    appears_at = None

    def visible(self):
        return self.model.objects.published()

    def _totals(self):
        # Over every row, drafts included: an item unpublished since the last visit changes the date.
        # Both maxima are read from an index (the primary key's, updated_at's).
        return self._remember(
            (self.model, "totals"),
            lambda: self.model.objects.aggregate(last_pk=Max("pk"), updated=Max("updated_at")),
        )

    def _appeared(self, **in_page):
        """When the latest visible item appeared (read from the (status, published_at) index)."""
        if not self.appears_at:
            return None
        return self.visible().filter(**in_page).aggregate(appeared=Max(self.appears_at))["appeared"]

    def num_pages(self):
        last_pk = self._totals()["last_pk"]
        return max(1, math.ceil(last_pk / self.items_per_page())) if last_pk else 1

    def get_latest_lastmod(self):
        appeared = self._remember((self.model, "appeared"), self._appeared)
        return _latest(self._totals()["updated"], appeared)

    def _page_range(self, page):
        size = self.items_per_page()
        return {"pk__gt": (page - 1) * size, "pk__lte": page * size}

    def page_last_modified(self, page):
        in_page = self._page_range(page)
        # The page's own rows through the primary key, the latest taken here: asked as MAX(updated_at),
        # PostgreSQL walked the whole updated_at index backwards looking for the range (1.5 s at
        # 100,000 posts for the first page).
        updated = max(
            self.model.objects.filter(**in_page).order_by("pk").values_list("updated_at", flat=True),
            default=None,
        )
        return _latest(updated, self._appeared(**in_page))

    def _dates(self):
        return ["updated_at", *([self.appears_at] if self.appears_at else [])]

    def page_rows(self, page):
        """(slug, dates…, written in each language…) of the visible items on ``page``, by primary key."""
        fields = self.model.page_text_fields
        flags = {
            f"in_{lang}": ExpressionWrapper(complete_in(fields, lang), output_field=BooleanField())
            for lang in language_codes()
        }
        query = self.visible().filter(**self._page_range(page)).annotate(**flags).order_by("pk").query
        # Django's own iteration: modeltranslation's queryset would add its fallback logic to every row.
        return QuerySet(self.model, query=query).values_list("slug", *self._dates(), *flags)

    def entries(self, page, base):
        languages = language_codes()
        prefixes = _prefixes(base, {lang: _path_parts(self.route, lang, slug=True) for lang in languages})
        dates = self._dates()
        rows = self.page_rows(page)
        zone = timezone.get_current_timezone()
        x_default = "x-default" in prefixes
        entries = []
        for slug, *rest in rows:
            if not _SAFE_SLUG.fullmatch(slug):
                slug = escape(slug)
            moments, complete = rest[: len(dates)], rest[len(dates) :]
            urls = {
                lang: f"{prefixes[lang][0]}{slug}{prefixes[lang][1]}"
                for lang, done in zip(languages, complete, strict=True)
                if done
            }
            if x_default and settings.LANGUAGE_CODE in urls:
                urls["x-default"] = f"{prefixes['x-default'][0]}{slug}{prefixes['x-default'][1]}"
            lastmod = _latest(*moments)
            entries.append((urls, lastmod.astimezone(zone).date().isoformat() if lastmod else ""))
        # An empty page within the range (its items all drafts or deleted) is an empty list, as Django
        # answers an empty first page; past the last item there is no page.
        if not entries and page > 1 and page > self.num_pages():
            return None
        return entries


class PostSection(ModelSection):
    model = Post
    route = "news:detail"
    appears_at = "published_at"


class EventSection(ModelSection):
    model = Event
    route = "events:detail"


class PartnerSection(ModelSection):
    model = Partner
    route = "partners:detail"


MODEL_SECTIONS = [PostSection, EventSection, PartnerSection]
SECTIONS = {
    "pages": StaticSection,
    "news": PostSection,
    "events": EventSection,
    "partners": PartnerSection,
}


def sections():
    """A fresh instance of every section, sharing one memo: for one request."""
    memo = {}
    return {name: section(memo) for name, section in SECTIONS.items()}


def render_urlset(entries, changefreq=None):
    """The XML of a sitemap page: each address with its lastmod, changefreq and hreflang alternates."""
    tail = f"<changefreq>{changefreq}</changefreq>" if changefreq else ""
    chunks = ['<?xml version="1.0" encoding="UTF-8"?>\n', f"<urlset {_NAMESPACES}>"]
    for urls, lastmod in entries:
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{url}"/>' for lang, url in urls.items()
        )
        details = f"<lastmod>{lastmod}</lastmod>{tail}{links}</url>" if lastmod else f"{tail}{links}</url>"
        chunks.extend(f"<url><loc>{url}</loc>{details}" for lang, url in urls.items() if lang != "x-default")
    chunks.append("</urlset>\n")
    return "".join(chunks)


def _page_number(request):
    value = request.GET.get("p", "1")
    if not value.isascii() or not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise Http404("No such sitemap page.")
    return int(value)


def _section_or_404(section):
    if section not in SECTIONS:
        raise Http404("No such sitemap section.")
    return sections()[section]


def _section_last_modified(request, section):
    return _section_or_404(section).page_last_modified(_page_number(request))


@require_safe
@condition(last_modified_func=_section_last_modified)
def section_sitemap(request, section):
    """One page of a section: 304 when nothing on it changed since the crawler's last visit."""
    sitemap = _section_or_404(section)
    entries = sitemap.entries(_page_number(request), f"{request.scheme}://{request.get_host()}")
    if entries is None:
        raise Http404("No such sitemap page.")
    body = render_urlset(entries, sitemap.changefreq)
    response = HttpResponse(body, content_type="application/xml")
    # As Django's own sitemap views: the file is for crawlers, not a page to show in results.
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    # Last-Modified comes from ``condition``: the page's latest change, unpublished items included.
    return response


def render_index(entries):
    """The XML of the sitemap index: each page's address with its lastmod."""
    chunks = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ]
    for location, lastmod in entries:
        details = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        chunks.append(f"<sitemap><loc>{location}</loc>{details}</sitemap>")
    chunks.append("</sitemapindex>\n")
    return "".join(chunks)


@require_safe
@conditional_page
def sitemap_index(request):
    """The index: every page of every section, each with its section's last change.

    Written without a template, as the pages are: it lists a page per 500 items (200 news pages at
    100,000 posts), and Django's index view rendered each through its template.
    """
    base = f"{request.scheme}://{request.get_host()}"
    entries, latest = [], []
    for name, section in sections().items():
        location = escape(base + reverse("sitemap_section", kwargs={"section": name}))
        lastmod = section.get_latest_lastmod()
        latest.append(lastmod)
        stamp = timezone.localtime(lastmod).isoformat() if lastmod else ""
        entries.append((location, stamp))
        entries.extend((f"{location}?p={page}", stamp) for page in range(2, section.num_pages() + 1))
    response = HttpResponse(render_index(entries), content_type="application/xml")
    # As Django's index: Last-Modified when every section knows its last change (304s from it).
    if latest and all(latest):
        response["Last-Modified"] = http_date(max(latest).timestamp())
    return response
