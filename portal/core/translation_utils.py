"""Helpers shared by every model whose text is translated with modeltranslation."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.fields import NONE
from modeltranslation.utils import build_localized_fieldname, resolution_order

from portal.core.richtext import html_to_text

# "Shown <in Russian>": a phrase per language, so that each translation can put the name in the
# grammatical case its sentence needs.
IN_LANGUAGE = {
    "ru": _("in Russian"),
    "en": _("in English"),
    "zh-hans": _("in Chinese"),
}


def language_codes():
    """The codes of the portal's languages, default language first."""
    codes = [code for code, _name in settings.LANGUAGES]
    codes.sort(key=lambda code: code != settings.LANGUAGE_CODE)
    return codes


def localized(*fields):
    """The per-language column names of ``fields``: ``localized("title")`` → ["title_ru", "title_en"]."""
    return [build_localized_fieldname(field, lang) for field in fields for lang in language_codes()]


def first_translation(instance, field, prefer="en"):
    """The text of ``field`` in ``prefer`` if filled in, else in the first language that has it."""
    for lang in [prefer, *language_codes()]:
        value = getattr(instance, build_localized_fieldname(field, lang), None)
        if value:
            return value
    return ""


def filled_in(field, lang):
    """Q matching rows whose ``field`` has text in ``lang`` (neither NULL nor empty)."""
    name = build_localized_fieldname(field, lang)
    return models.Q(**{f"{name}__isnull": False}) & ~models.Q(**{name: ""})


def filled_in_any_language(field):
    """Q matching rows whose ``field`` has text in at least one language."""
    condition = models.Q()
    for lang in language_codes():
        condition |= filled_in(field, lang)
    return condition


def missing_in(fields, lang):
    """Q matching rows where any of ``fields`` has no text in ``lang``."""
    condition = models.Q()
    for field in fields:
        condition |= ~filled_in(field, lang)
    return condition


def some_language_constraint(field, model_label):
    """A database constraint: ``field`` may not be empty in every language at once."""
    return models.CheckConstraint(
        condition=filled_in_any_language(field),
        name=f"{model_label}_{field}_in_some_language",
        violation_error_message=_("Fill in this field in at least one language."),
    )


def validate_some_language(instance, fields):
    """Raise a friendly ValidationError when one of ``fields`` is empty in every language."""
    errors = {}
    for field in fields:
        names = [build_localized_fieldname(field, lang) for lang in language_codes()]
        if not any(getattr(instance, name, None) for name in names):
            errors[names[0]] = _("Fill in this field in at least one language.")
    if errors:
        raise ValidationError(errors)


def has_text(value):
    """Whether a field's value holds text a visitor would read (an empty paragraph does not)."""
    if not value:
        return False
    text = str(value)
    if "<" in text:
        return bool(html_to_text(text))
    return bool(text.strip())


def missing_texts(values, fields):
    """{language code: [field names without text]} for the languages that lack any of ``fields``.

    ``values`` maps per-language column names (``body_en``) to their values: a form's cleaned data
    or an object's ``__dict__``.
    """
    missing = {}
    for lang in language_codes():
        empty = [
            field for field in fields if not has_text(values.get(build_localized_fieldname(field, lang)))
        ]
        if empty:
            missing[lang] = empty
    return missing


def missing_languages(instance, fields):
    """The language codes in which any of ``fields`` has no text on ``instance``."""
    return [
        lang
        for lang in language_codes()
        if any(not getattr(instance, build_localized_fieldname(field, lang), None) for field in fields)
    ]


def shown_language(instance, field):
    """The language whose text ``instance.<field>`` shows in the active language, None when it has none.

    It asks modeltranslation's own descriptor, so it follows MODELTRANSLATION_FALLBACK_LANGUAGES and
    the field's idea of an empty value exactly as the page does.
    """
    descriptor = getattr(type(instance), field)
    undefined = descriptor.fallback_undefined
    if undefined is NONE:
        undefined = descriptor.field.get_default()
    for lang in resolution_order(get_language(), descriptor.fallback_languages):
        value = getattr(instance, build_localized_fieldname(field, lang), None)
        if descriptor.meaningful_value(value, undefined):
            return lang
    return None


def in_language(lang):
    """The phrase "in Russian", "in English" for ``lang``, in the active language."""
    if lang in IN_LANGUAGE:
        return IN_LANGUAGE[lang]
    return format_lazy(_("in {language}"), language=translation.get_language_info(lang)["name_translated"])


@dataclass(frozen=True)
class FallbackPart:
    """Fields of one item that are shown in another language than the page's."""

    lang: str
    fields: tuple

    @property
    def language(self):
        return in_language(self.lang)

    @property
    def field_names(self):
        return ", ".join(str(name) for name in self.fields)


@dataclass(frozen=True)
class Fallback:
    """What of an item the active language shows in other languages; falsy when nothing is."""

    parts: tuple
    whole: bool

    def __bool__(self):
        return bool(self.parts)


def fallback(instance, fields):
    """Which of ``fields`` the active language shows in which other language, per language.

    ``whole`` is true when none of the item's text is in the active language and all of it is in a
    single other one: the page can then say the item is not translated, rather than list fields.
    """
    active = get_language()
    by_language = {}
    own = False
    for field in fields:
        lang = shown_language(instance, field)
        if lang == active:
            own = True
        elif lang is not None:
            name = instance._meta.get_field(field).verbose_name
            by_language.setdefault(lang, []).append(name)
    parts = tuple(FallbackPart(lang, tuple(names)) for lang, names in by_language.items())
    return Fallback(parts=parts, whole=not own and len(parts) == 1)


def complete_languages(instance, fields):
    """The languages whose page shows each of ``fields`` that has any text in that language itself."""
    complete = []
    for lang in language_codes():
        with translation.override(lang):
            if not fallback(instance, fields):
                complete.append(lang)
    return complete


def complete_in(fields, lang):
    """Q matching rows whose page in ``lang`` shows none of ``fields`` in another language.

    ``complete_languages`` for a whole queryset at once, computed by the database: each field has
    text in ``lang``, or in no language at all (then no language can show it).
    """
    condition = models.Q()
    for field in fields:
        condition &= filled_in(field, lang) | ~filled_in_any_language(field)
    return condition
