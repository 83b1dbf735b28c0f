"""Parse articles exported from the office's previous site as plain text (see docs/import.md).

The export looks like ``portal/site/demo/source/qingdao-technology-transfer-2016.txt``: a title line, body
paragraphs separated by blank lines, an optional "For your reference:" section, a signature line,
``Дата публикации: YYYY.MM.DD`` and navigation lines starting with ``>>``.

Pure functions: nothing here touches the database (``Post`` is read only for the title's length limit).
``news.importers.service`` turns the parsed articles into posts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from news.models import Post
from portal.core.richtext import paragraphs_to_html

NAVIGATION_PREFIX = ">>"
DATE_LINE = re.compile(r"(?:дата публикации|publication date)\s*:\s*(?P<value>.*)", re.IGNORECASE)
DATE_VALUE = re.compile(r"(?P<year>\d{4})[.-](?P<month>\d{1,2})[.-](?P<day>\d{1,2})")
REFERENCE_LINE = re.compile(r"(?:for your reference|для справки|справка)\s*:\s*(?P<rest>.*)", re.IGNORECASE)
SIGNATURES = frozenset({"international relations office", "управление международных связей"})
# A paragraph ending in one of these (before closing quotes and brackets) ends a sentence.
SENTENCE_ENDS = ".!?…:;"
CLOSING_MARKS = "\"'”’»)]"
# Control characters that never occur in a text export (tab, line feed, carriage return and form feed do).
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1251", "Windows-1251"))
UTF8_BOM = b"\xef\xbb\xbf"


class ArticleError(Exception):
    """A file that cannot be imported, with the line to look at (1 for whole-file problems)."""

    def __init__(self, source: str, line: int, message: str):
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message


@dataclass(frozen=True)
class ParsedArticle:
    """One exported article, split into the parts a news post has."""

    title: str
    lead: str
    paragraphs: tuple[str, ...]  # the body after the lead, without the signature
    reference_note: str
    signature: str
    published_on: date
    source_name: str = ""
    encoding: str = "UTF-8"

    @property
    def language(self) -> str:
        """The article's language as detected from its letters: "ru" or "en"."""
        return detect_language(" ".join([self.title, self.lead, *self.paragraphs, self.reference_note]))

    @property
    def published_at(self) -> datetime:
        """Noon of the publication day in the site's time zone."""
        return datetime.combine(self.published_on, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def body_html(self) -> str:
        """The body as rich text: the paragraphs after the lead, then the signature."""
        return paragraphs_to_html([*self.paragraphs, self.signature])


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def detect_language(text: str) -> str:
    """The language of ``text``: "ru" when most of its letters are Cyrillic, otherwise "en"."""
    letters = [char for char in text if char.isalpha()]
    cyrillic = sum(1 for char in letters if unicodedata.name(char, "").startswith("CYRILLIC"))
    return "ru" if cyrillic * 2 > len(letters) else "en"


def decode_article(data: bytes, source_name: str) -> tuple[str, str]:
    """The text of an export and the name of its encoding: UTF-8 (BOM or not), else Windows-1251."""
    if b"\x00" in data:
        raise ArticleError(source_name, 1, _("not a text file (binary content)"))
    for codec, name in ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if BINARY_CHARACTERS.search(text):
            raise ArticleError(source_name, 1, _("not a text file (binary content)"))
        if codec == "utf-8-sig" and data.startswith(UTF8_BOM):
            name = "UTF-8 with BOM"
        return text, name
    raise ArticleError(source_name, 1, _("the text is neither UTF-8 nor Windows-1251"))


def read_article(path: str | Path) -> ParsedArticle:
    """Read, decode and parse one exported file; raises ArticleError."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ArticleError(source, 1, _("no such file")) from None
    except IsADirectoryError:
        raise ArticleError(source, 1, _("a directory, not a file")) from None
    except OSError as error:
        raise ArticleError(source, 1, error.strerror or str(error)) from None
    text, encoding = decode_article(data, source)
    return replace(parse_article(text, source), encoding=encoding)


def parse_article(text: str, source_name: str = "<text>") -> ParsedArticle:
    """Split an export into title, lead, body paragraphs, reference note, signature and date.

    Raises ArticleError naming ``source_name`` and the offending line.
    """

    def fail(line: int, message: str) -> NoReturn:
        raise ArticleError(source_name, line, message)

    if not text.strip():
        fail(1, _("the file is empty"))
    lines = [_Line(number, _tidy(raw)) for number, raw in enumerate(text.splitlines(), start=1)]
    content = [line for line in lines if line.text]
    if not content:
        fail(1, _("no article text, only navigation links"))
    title = content[0]
    if DATE_LINE.fullmatch(title.text) or REFERENCE_LINE.fullmatch(title.text) or _is_signature(title.text):
        fail(title.number, _("no title: the first line with text is “%(text)s”") % {"text": title.text})
    max_title = Post._meta.get_field("title").max_length
    if len(title.text) > max_title:
        fail(
            title.number,
            _("the title is %(length)d characters long, more than the %(max)d a title can have")
            % {"length": len(title.text), "max": max_title},
        )

    body: list[list[_Line]] = []
    reference: list[list[_Line]] = []
    blocks, block = body, None
    date_line: _Line | None = None
    published_on: date | None = None
    for line in lines[title.number :]:
        if not line.text:
            block = None
            continue
        if (match := DATE_LINE.fullmatch(line.text)) is not None:
            if date_line is not None:
                fail(
                    line.number,
                    _("a second publication date (the first is on line %(line)d)")
                    % {"line": date_line.number},
                )
            date_line, published_on, block = line, _parse_date(match["value"], line, source_name), None
            continue
        if date_line is not None:
            fail(
                line.number, _("unexpected text after the publication date: “%(text)s”") % {"text": line.text}
            )
        if (match := REFERENCE_LINE.fullmatch(line.text)) is not None:
            if blocks is reference:
                fail(line.number, _("a second “For your reference” section"))
            blocks, block = reference, None
            if not match["rest"]:
                continue
            line = _Line(line.number, match["rest"])
        if block is None:
            block = []
            blocks.append(block)
        block.append(line)
    if published_on is None:
        fail(1, _("no publication date line (“Дата публикации: YYYY.MM.DD”)"))

    signature = _take_signature(reference) or _take_signature(body)
    paragraphs = _paragraphs(body)
    if not paragraphs:
        fail(title.number, _("the article has no text after its title"))
    return ParsedArticle(
        title=title.text,
        lead=paragraphs[0],
        paragraphs=tuple(paragraphs[1:]),
        reference_note="\n\n".join(_paragraphs(reference)),
        signature=signature,
        published_on=published_on,
        source_name=source_name,
    )


def _tidy(raw: str) -> str:
    """A line without surrounding whitespace and runs of spaces; navigation lines count as blank."""
    text = re.sub(r"[ \t]+", " ", raw.strip())
    return "" if text.startswith(NAVIGATION_PREFIX) else text


def _parse_date(value: str, line: _Line, source_name: str) -> date:
    match = DATE_VALUE.fullmatch(value)
    try:
        if match is None:
            raise ValueError
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise ArticleError(
            source_name,
            line.number,
            _("“%(value)s” is not a valid publication date (expected YYYY.MM.DD)") % {"value": value},
        ) from None


def _is_signature(text: str) -> bool:
    return text.rstrip(".").casefold() in SIGNATURES


def _take_signature(blocks: list[list[_Line]]) -> str:
    """Remove and return the section's last line if it is the office's signature."""
    if not blocks or not _is_signature(blocks[-1][-1].text):
        return ""
    signature = blocks[-1].pop().text
    if not blocks[-1]:
        blocks.pop()
    return signature


def _paragraphs(blocks: list[list[_Line]]) -> list[str]:
    """Join blocks of lines into paragraphs.

    The lines of a block (no blank line between them) always make one paragraph. A block also
    continues the previous paragraph when that one does not end a sentence and the block starts with a
    lowercase letter: the old site's export sometimes breaks a paragraph mid-sentence with blank lines.
    """
    paragraphs: list[str] = []
    for block in blocks:
        text = " ".join(line.text for line in block)
        if paragraphs and _continues(paragraphs[-1], text):
            paragraphs[-1] = f"{paragraphs[-1]} {text}"
        else:
            paragraphs.append(text)
    return paragraphs


def _continues(previous: str, text: str) -> bool:
    last = previous.rstrip(CLOSING_MARKS)[-1:]
    return not (last and last in SENTENCE_ENDS) and text[:1].islower()
