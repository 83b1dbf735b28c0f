from django.http import QueryDict


def without_blanks(query):
    """A mutable copy of ``query`` without empty values (what a form's untouched selects send)."""
    cleaned = QueryDict(mutable=True)
    for key in query:
        values = [value for value in query.getlist(key) if value]
        if values:
            cleaned.setlist(key, values)
    return cleaned


def filter_query(query):
    """A list page's filters from ``query``, to keep in its links: no empty values, no page or position."""
    filters = without_blanks(query)
    for name in ("page", "after", "before"):
        filters.pop(name, None)
    return filters
