"""The rich text editors' configuration, shared by news, events and partners.

What the editor can produce is exactly what the sanitiser lets through:
django-prose-editor derives nh3's allowlist from this configuration. On top of
that allowlist, pictures must come from this site (its uploads under
MEDIA_URL, or another path on the site): no hotlinked images, no tracking pixels.
"""

import re
from html import unescape
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.html import format_html_join, strip_tags
from django_prose_editor.config import allowlist_from_extensions

RICH_TEXT = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
        "Image": True,
        # The figure dialog's "Browse..." button opens the upload page (portal/site/uploads.py).
        "Figure": {"pickerUrl": reverse_lazy("rich_text_image_upload")},
        "Caption": True,
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
        "SpecialCharacters": True,
    }
}


# A scheme ("javascript:", "https:") or a host ("//evil.example") makes a URL leave the site. Browsers
# drop tabs and newlines inside URLs and read a backslash as a slash: such URLs are refused outright.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")


def is_local_url(url):
    """Whether ``url`` points at this site: a path without scheme or host, or under an absolute MEDIA_URL."""
    if _UNSAFE_CHARACTERS.search(url):
        return False
    media_url = settings.MEDIA_URL
    if _SCHEME.match(media_url) and url.startswith(media_url.rstrip("/") + "/"):
        return True
    return not _SCHEME.match(url) and not urlsplit(url).netloc and not url.startswith("//")


def _filter_attribute(tag, attribute, value):
    """nh3's last word on each allowed attribute: the value to keep, or None to drop it."""
    if tag == "img" and attribute == "src":
        return value if is_local_url(value) else None
    if attribute == "title" and not value.strip():
        # The link dialog always sends a title, empty when the editor leaves it so.
        return None
    return value


_cleaner = nh3.Cleaner(
    **allowlist_from_extensions(RICH_TEXT["extensions"]), attribute_filter=_filter_attribute
)


def sanitize_html(html):
    """Clean editor HTML down to what RICH_TEXT allows, with pictures from this site only (nh3).

    The sanitiser of every rich text field (``ProseEditorField(sanitize=sanitize_html)``).
    """
    cleaned = _cleaner.clean(html)
    # Like django-prose-editor's own sanitiser: the editor's lone empty paragraph is an empty field.
    return "" if re.fullmatch(r"<(\w+)></\1>", cleaned) else cleaned


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs as the (sanitised) HTML the rich text editor would produce."""
    html = format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs if paragraph.strip()))
    return sanitize_html(str(html))


def html_to_text(html):
    """Rich text as plain text, for calendars, feeds and structured data."""
    text = re.sub(r"</(p|h[1-6]|li|blockquote|tr|figcaption)>|<br\s*/?>", "\n", html or "")
    text = unescape(strip_tags(text))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()
