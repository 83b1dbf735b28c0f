"""Helpers shared by every model whose text is translated with modeltranslation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from portal.richtext import html_to_text


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
