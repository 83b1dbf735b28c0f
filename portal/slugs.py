"""Readable, language-independent slugs."""

from slugify import slugify

MAX_SLUG_LENGTH = 80


def unique_slug(instance, text, max_length=MAX_SLUG_LENGTH):
    """A Latin slug for ``text`` (Cyrillic and Chinese transliterated) unique among
    ``instance``'s model, suffixed with -2, -3… when taken."""
    base = slugify(text or "", max_length=max_length, word_boundary=True) or "item"
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    slug, n = base, 2
    while others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug
