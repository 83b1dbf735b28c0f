"""What every piece of content edited by the office carries: a version for
optimistic locking and when each language's text was last changed."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from portal.core.translation_utils import language_codes


class Status(models.TextChoices):
    """Where an item stands: visitors see only published ones."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def choices_constraint(field, choices, model_label):
    """A database constraint: ``field`` holds one of ``choices`` (a TextChoices), whoever writes it."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"{model_label}_{field}_valid",
        violation_error_message=_("Choose one of the offered values."),
    )


class RecordedModel(models.Model):
    """The record every piece of the office's content keeps: the demo flag and when it was created
    and last updated."""

    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Made-up example content; delete before going live.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class EditorialModel(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Goes up with every save, so that two people cannot overwrite each other."),
    )
    translations_updated_at = models.JSONField(
        _("translations last updated"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("When the text in each language was last changed, as {language: ISO date-time}."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored = type(self)._default_manager.filter(pk=self.pk).first() if self.pk else None
        self.sanitize_rich_text()
        self.note_translation_changes(stored)
        # Always one more than what is stored, even when an old revision is being restored.
        self.version = (stored.version if stored else 0) + 1
        super().save(*args, **kwargs)

    def sanitize_rich_text(self):
        """Clean every rich text field, whoever saves: the admin, an import, the shell."""
        translated = set(self.translated_fields())
        for field in self._meta.concrete_fields:
            # The per-language columns carry the sanitiser of django-prose-editor's field. The
            # original field would read and write through the active language (with fallback): skip it.
            # Generated columns (the search vectors) cannot be read before the database computes them.
            if field.name in translated or field.generated:
                continue
            sanitize = getattr(field, "sanitize", None)
            value = getattr(self, field.attname)
            if callable(sanitize) and isinstance(value, str) and value:
                setattr(self, field.attname, sanitize(value))

    def translated_fields(self):
        """The names of this model's translated fields (without language suffix)."""
        return sorted(translator.get_options_for_model(type(self)).fields)

    def language_values(self, lang):
        return [
            getattr(self, build_localized_fieldname(field, lang)) or "" for field in self.translated_fields()
        ]

    def note_translation_changes(self, stored):
        """Stamp the languages whose text changed in this save and work out which are now behind.

        Editing a language that was up to date changes the source: every other language that has
        text and was not edited in the same save falls behind (``stale_<lang>``). Writing a
        language for the first time, or editing one that was behind, is translation work: it
        catches up, and nothing else moves.
        """
        now = timezone.now().isoformat()
        stamps = dict(self.translations_updated_at or {})
        codes = language_codes()
        written = {lang for lang in codes if any(self.language_values(lang))}
        before = {lang for lang in codes if stored is not None and any(stored.language_values(lang))}
        changed = {
            lang
            for lang in written
            if stored is None
            or lang not in stamps
            or stored.language_values(lang) != self.language_values(lang)
        }
        behind = {lang for lang in codes if stamps.get(stale_key(lang))}
        source_edited = any(lang in before and lang not in behind for lang in changed)
        for lang in changed:
            stamps[lang] = now
        for lang in codes:
            if lang in written and lang not in changed and (source_edited or lang in behind):
                stamps[stale_key(lang)] = True
            else:
                stamps.pop(stale_key(lang), None)
        self.translations_updated_at = stamps


def stale_key(lang):
    """The key in ``translations_updated_at`` that marks ``lang`` as behind the other languages."""
    return f"stale_{lang}"
