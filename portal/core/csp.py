"""What the admin's rich text editor needs from the strict Content-Security-Policy.

django-prose-editor brings two inline pieces that ``script-src 'self'`` and
``style-src 'self'`` would refuse:

- the ``<script type="importmap">`` django-js-asset renders with the form media,
  which maps the editor's module names to static URLs (hashed file names under
  ManifestStaticFilesStorage, so it differs between development and production);
- the base stylesheet Tiptap injects as a ``<style data-tiptap-style>`` element
  when an editor starts (ProseMirror needs its ``white-space: pre-wrap``).

Neither can carry a nonce: Django 5.2's admin renders form media without one and
django-prose-editor starts Tiptap without ``injectNonce``. So both are allowed by
the sha256 hashes of exactly what is rendered and served, computed here rather
than written down, so that a new static files storage or editor release cannot
silently break the editor. Nothing else inline is allowed.

This module is imported by the settings: Django is configured only when the
hashes are first needed (the first response), and they are cached from then on.
"""

import base64
import functools
import hashlib
import logging
import re

logger = logging.getLogger(__name__)

_SCRIPT_CONTENT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL)
# Tiptap's base CSS, a template literal in the editor's bundle: from its first rule to the closing backtick.
_TIPTAP_CSS = re.compile(r"`(\.ProseMirror \{\s*position: relative;[^`]*)`")


class Sources(list):
    """A directive's sources, followed by sources computed when the header is built.

    django-csp copies each directive's sources (``copy.copy``) before writing
    the header: the copy is a plain list with the computed sources appended.
    """

    def __init__(self, sources, *computed):
        super().__init__(sources)
        self.computed = computed

    def __copy__(self):
        extra = [source for compute in self.computed for source in compute()]
        return [*self, *(source for source in extra if source not in self)]

    def __repr__(self):
        return f"Sources({list(self)!r}, {', '.join(f.__name__ for f in self.computed)})"


def csp_hash(text):
    """The CSP source expression allowing an inline element whose content is ``text``."""
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def importmap_hashes():
    """Hashes of the import maps the prose editor widgets render, with the current static files storage."""
    from django.conf import settings

    storage = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    return list(_importmap_hashes(settings.STATIC_URL, storage))


@functools.lru_cache(maxsize=4)
def _importmap_hashes(static_url, storage):
    # The arguments are only the cache key: the static URLs depend on them.
    from django_prose_editor.widgets import AdminProseEditorWidget, ProseEditorWidget

    hashes = []
    try:
        for widget in (AdminProseEditorWidget(), ProseEditorWidget()):
            for tag in widget.media.render_importmap():
                if match := _SCRIPT_CONTENT.search(str(tag)):
                    hashes.append(csp_hash(match[1]))
    except Exception:
        # E.g. collectstatic has not run yet: the admin's editor cannot start, but every other page must work.
        logger.exception("Could not render the rich text editor's import map for the CSP")
        return ()
    return tuple(dict.fromkeys(hashes))


@functools.cache
def editor_style_hashes():
    """The hash of the stylesheet Tiptap injects when an editor starts, read from the editor's bundle."""
    from django.contrib.staticfiles import finders

    path = finders.find("django_prose_editor/editor.js")
    match = None
    if path:
        with open(path, encoding="utf-8") as bundle:
            match = _TIPTAP_CSS.search(bundle.read())
    # A template literal with escapes or placeholders would not be the text the browser sees.
    if match is None or "\\" in match[1] or "${" in match[1]:
        logger.error(
            "Tiptap's injected stylesheet not found in django_prose_editor/editor.js; the CSP refuses it"
        )
        return ()
    return (csp_hash(match[1]),)
