"""The rich text editors' configuration, shared by news, events and partners.

What the editor can produce is exactly what the sanitiser lets through:
django-prose-editor derives nh3's allowlist from this configuration.
"""

import re
from html import unescape

from django.utils.html import format_html_join, strip_tags
from django_prose_editor.fields import create_sanitizer

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
        "Figure": True,
        "Caption": True,
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
        "SpecialCharacters": True,
    }
}


#: Cleans editor HTML down to what RICH_TEXT allows (nh3): the same rules as the admin's fields.
sanitize_html = create_sanitizer(RICH_TEXT["extensions"])


def paragraphs_to_html(paragraphs):
    """Plain-text paragraphs as the (sanitised) HTML the rich text editor would produce."""
    html = format_html_join("", "<p>{}</p>", ((paragraph,) for paragraph in paragraphs if paragraph.strip()))
    return sanitize_html(str(html))


def html_to_text(html):
    """Rich text as plain text, for calendars, feeds and structured data."""
    text = re.sub(r"</(p|h[1-6]|li|blockquote|tr|figcaption)>|<br\s*/?>", "\n", html or "")
    text = unescape(strip_tags(text))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()
