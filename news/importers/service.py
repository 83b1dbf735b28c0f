"""Create draft posts from exported articles, one transaction per file (see docs/import.md).

``news.importers.parsing`` reads and splits the files; this module writes the posts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modeltranslation.utils import build_localized_fieldname

from news.importers.parsing import ArticleError, ParsedArticle, read_article
from news.models import Post, Status
from portal.core.slugs import unique_slug
from portal.core.translation_utils import first_translation, language_codes


class Outcome(StrEnum):
    CREATED = "created"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class FileResult:
    """What happened to one file."""

    source: str
    outcome: Outcome
    article: ParsedArticle | None = None
    language: str = ""
    post: Post | None = None  # unsaved in a dry run
    existing: Post | None = None  # the post an import was skipped for, if in the database
    error: ArticleError | None = None
    dry_run: bool = False

    def __str__(self) -> str:
        """The line the command prints for the file."""
        if self.error is not None:
            return str(self.error)
        article = self.article
        if self.outcome == Outcome.SKIPPED:
            if self.existing is None:
                return _('%(source)s: skipped (same as an earlier file): "%(title)s"') % {
                    "source": self.source,
                    "title": article.title,
                }
            return _('%(source)s: skipped (already imported): "%(title)s" (%(slug)s)') % {
                "source": self.source,
                "title": article.title,
                "slug": self.existing.slug,
            }
        details = [self.post.slug, article.published_on.isoformat(), self.language]
        if article.encoding != "UTF-8":
            details.append(article.encoding)
        if self.dry_run:
            message = _('%(source)s: would create: "%(title)s" (%(details)s)')
        else:
            message = _('%(source)s: created: "%(title)s" (%(details)s)')
        return message % {"source": self.source, "title": article.title, "details": ", ".join(details)}


@dataclass
class ImportReport:
    """The results of an import run, one per file, in order."""

    dry_run: bool = False
    results: list[FileResult] = field(default_factory=list)

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def created(self) -> int:
        return self._count(Outcome.CREATED)

    @property
    def skipped(self) -> int:
        return self._count(Outcome.SKIPPED)

    @property
    def failed(self) -> int:
        return self._count(Outcome.FAILED)

    def __str__(self) -> str:
        """The summary line: "3 created, 1 skipped, 2 failed"."""
        if self.dry_run:
            created = ngettext("%(count)d would be created", "%(count)d would be created", self.created)
        else:
            created = ngettext("%(count)d created", "%(count)d created", self.created)
        parts = [
            created % {"count": self.created},
            ngettext("%(count)d skipped", "%(count)d skipped", self.skipped) % {"count": self.skipped},
            ngettext("%(count)d failed", "%(count)d failed", self.failed) % {"count": self.failed},
        ]
        summary = ", ".join(parts)
        return _("%(summary)s (dry run: nothing saved)") % {"summary": summary} if self.dry_run else summary


def import_articles(
    paths: Iterable[str | Path],
    *,
    language: str | None = None,
    dry_run: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
) -> ImportReport:
    """Create a draft post from each exported file, one transaction per file.

    ``language`` is the language the text goes into (None: detect it per file). Files whose title and
    publication date match an existing post in that language are skipped; broken files are reported
    and the others imported all the same. ``on_result`` is called as each file is done.
    """
    if language is not None and language not in language_codes():
        raise ValueError(f"Unknown language {language!r}; expected one of {language_codes()}.")
    report = ImportReport(dry_run=dry_run)
    seen: set[tuple[str, str, date]] = set()
    for path in paths:
        result = _import_file(path, language=language, dry_run=dry_run, seen=seen)
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    return report


def find_imported(article: ParsedArticle, language: str) -> Post | None:
    """The post an article was already imported as: same title in ``language``, same publication day."""
    day_starts = datetime.combine(article.published_on, time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return (
        Post.objects.filter(
            **{build_localized_fieldname("title", language): article.title},
            published_at__gte=day_starts,
            published_at__lt=day_starts + timedelta(days=1),
        )
        .order_by("pk")
        .first()
    )


def _import_file(path: str | Path, *, language: str | None, dry_run: bool, seen: set) -> FileResult:
    source = str(path)
    article = None
    try:
        article = read_article(path)
        language = language or article.language
        key = (language, article.title, article.published_on)
        with transaction.atomic():
            existing = find_imported(article, language)
            if existing is not None or key in seen:
                return FileResult(
                    source, Outcome.SKIPPED, article, language, existing=existing, dry_run=dry_run
                )
            post = _create_post(article, language, dry_run=dry_run)
    except ArticleError as error:
        return FileResult(source, Outcome.FAILED, article, error=error, dry_run=dry_run)
    except DatabaseError as error:
        message = _("could not be saved: %(error)s") % {"error": error}
        return FileResult(
            source, Outcome.FAILED, article, error=ArticleError(source, 1, message), dry_run=dry_run
        )
    seen.add(key)
    return FileResult(source, Outcome.CREATED, article, language, post=post, dry_run=dry_run)


def _create_post(article: ParsedArticle, language: str, *, dry_run: bool) -> Post:
    """Save ``article`` as a draft in ``language`` (in a dry run only validate it and choose its slug)."""
    post = _new_post(article, language)
    # No need to activate the article's language: EditorialModel sanitises each language's column
    # itself and never writes through the active language, so the other language stays empty.
    try:
        post.full_clean(exclude=["slug"])
    except ValidationError as error:
        raise ArticleError(article.source_name, 1, "; ".join(error.messages)) from None
    if dry_run:
        post.slug = unique_slug(post, first_translation(post, "title"))
    else:
        with reversion.create_revision():
            reversion.set_comment(_("Imported from %(file)s") % {"file": Path(article.source_name).name})
            post.save()
    return post


def _new_post(article: ParsedArticle, language: str) -> Post:
    def localized(name):
        return build_localized_fieldname(name, language)

    return Post(
        **{
            localized("title"): article.title,
            localized("lead"): article.lead,
            localized("body"): article.body_html,
            localized("reference_note"): article.reference_note,
        },
        status=Status.DRAFT,
        published_at=article.published_at,
        is_demo=False,
    )
