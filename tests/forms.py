"""Read a rendered HTML form back into POST data, the way a browser would submit it."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._textarea = None
        self._select = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self._add(name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def form_data(response, form_id):
    """The POST data the form ``form_id`` on the page would send unchanged."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    return parser.data


def new_post_form(**fields):
    """POST data for the admin's "add news post" form: an empty draft, with ``fields`` filled in."""
    from news.models import Status

    return {
        **{
            f"{name}_{lang}": ""
            for name in ("title", "lead", "body", "reference_note", "cover_alt")
            for lang in ("ru", "en")
        },
        "slug": "",
        "status": Status.DRAFT,
        "published_at_0": "2026-01-15",
        "published_at_1": "10:00:00",
        # The gallery inline's management form, with no pictures.
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        **fields,
    }
