"""Readable, language-independent slugs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from slugify import slugify

from portal.core.translation_utils import first_translation

MAX_SLUG_LENGTH = 80
# Paths that sit next to object pages (/news/feed/, /events/feed.ics, /partners/export.csv).
RESERVED_SLUGS = frozenset({"feed", "atom", "export", "map"})


def validate_not_reserved(slug):
    """Refuse slugs that would hide one of the portal's own pages."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another."), params={"slug": slug}
        )


def unique_slug(instance, text, max_length=MAX_SLUG_LENGTH):
    """A Latin slug for ``text`` (Cyrillic and Chinese transliterated) unique among
    ``instance``'s model, suffixed with -2, -3… when taken."""
    base = slugify(text or "", max_length=max_length, word_boundary=True) or "item"
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    slug, n = base, 2
    while slug in RESERVED_SLUGS or others.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        n += 1
    return slug


class SluggedModel(models.Model):
    """A model whose ``slug`` is filled in on save, when left empty, from ``slug_source`` (a translated
    field: the English text if there is one, else the first language that has text)."""

    slug_source = "title"

    slug = models.SlugField(
        _("slug"),
        max_length=MAX_SLUG_LENGTH,
        unique=True,
        blank=True,
        validators=[validate_not_reserved],
        help_text=_("Part of the address; made from the name or title if left empty."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.slug_text())
        super().save(*args, **kwargs)

    def slug_text(self):
        """The text the slug is made from."""
        return first_translation(self, self.slug_source)
