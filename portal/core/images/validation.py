"""What the portal accepts as an uploaded picture.

Every image field (cover images, gallery images, partner logos) runs
``validate_image_upload``: the real format must be JPEG, PNG or WebP, and the
file must fit the size and pixel limits and decode completely.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from PIL import Image, UnidentifiedImageError

from portal.core.translation_utils import language_codes

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000

# Pillow format name → the file extension a stored image gets.
ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}

MESSAGES = {
    "too_large": _("The file is %(size)s; an image may be at most %(limit)s. Reduce it and upload it again."),
    "not_an_image": _("This file is not a picture. Upload a JPEG, PNG or WebP image."),
    "format": _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP image."),
    "too_many_pixels": _(
        "The image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is "
        "%(limit)s megapixels. Reduce it and upload it again."
    ),
    "bomb": _(
        "The image has more pixels than the limit of %(limit)s megapixels "
        "(it may be a decompression bomb). Reduce it and upload it again."
    ),
    "animated": _("Animated images are not accepted. Upload a still JPEG, PNG or WebP image."),
    "damaged": _(
        "The image is damaged or incomplete (the upload may have been cut short). "
        "Save it again in an image editor and upload it again."
    ),
}


def max_bytes():
    """The largest image file accepted, in bytes (setting ``IMAGE_UPLOAD_MAX_BYTES``)."""
    return getattr(settings, "IMAGE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels():
    """The most pixels an accepted image may have (``IMAGE_UPLOAD_MAX_PIXELS``, capped by Pillow's own)."""
    limit = getattr(settings, "IMAGE_UPLOAD_MAX_PIXELS", DEFAULT_MAX_PIXELS)
    # Above Image.MAX_IMAGE_PIXELS Pillow warns (we refuse), so a higher setting could never be reached.
    return min(limit, Image.MAX_IMAGE_PIXELS) if Image.MAX_IMAGE_PIXELS else limit


def _megapixels(pixels):
    """``40000000`` → "40", ``48123456`` → "48.1" (with the active language's decimal mark)."""
    value = round(pixels / 1_000_000, 1)
    return number_format(int(value) if value.is_integer() else value)


def _bomb_error():
    return ValidationError(MESSAGES["bomb"], code="bomb", params={"limit": _megapixels(max_pixels())})


class BombWarningsAsErrors(warnings.catch_warnings):
    """Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse instead.

    ``catch_warnings`` is process-wide, not per thread; the explicit pixel check
    in ``open_image`` does not depend on it, since our limit never exceeds Pillow's.
    """

    def __enter__(self):
        result = super().__enter__()
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return result


def rewound(value):
    """The file object behind a FieldFile, an UploadedFile or a plain File, at its start."""
    file = getattr(value, "file", value)
    file.seek(0)
    return file


def _format_name(file):
    """The format Pillow recognises in a file it may not accept, e.g. "GIF"; None if none."""
    try:
        with BombWarningsAsErrors(), Image.open(rewound(file)) as image:
            return image.format
    except Exception:
        return None


def _header_problem(image):
    """A ValidationError if the header shows too many pixels or an animation, else None."""
    width, height = image.size
    if width * height > max_pixels():
        return ValidationError(
            MESSAGES["too_many_pixels"],
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "megapixels": _megapixels(width * height),
                "limit": _megapixels(max_pixels()),
            },
        )
    if getattr(image, "is_animated", False):
        return ValidationError(MESSAGES["animated"], code="animated")
    return None


def open_image(file):
    """Open an accepted image from its header, or raise ValidationError. Nothing is decoded yet."""
    try:
        with BombWarningsAsErrors():
            image = Image.open(rewound(file), formats=list(ALLOWED_FORMATS))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _bomb_error() from error
    except UnidentifiedImageError as error:
        other = _format_name(file)
        if other:
            raise ValidationError(MESSAGES["format"], code="format", params={"format": other}) from error
        raise ValidationError(MESSAGES["not_an_image"], code="not_an_image") from error
    except Exception as error:
        raise ValidationError(MESSAGES["damaged"], code="damaged") from error
    problem = _header_problem(image)
    if problem:
        with image:  # lets go of the file without closing it: the file belongs to the caller
            raise problem
    return image


def validate_image_upload(value):
    """Refuse anything but a complete JPEG, PNG or WebP within the size and pixel limits."""
    if not value or getattr(value, "_committed", False):
        # Already in storage: checked when it was uploaded, and not worth decoding at every save.
        return
    if value.size > max_bytes():
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(max_bytes())},
        )
    file = getattr(value, "file", value)
    try:
        with open_image(file) as image:
            if image.format == "JPEG":
                # Decoding at 1/8 scale still reads every scan: a cut-off file fails, and cheaply.
                image.draft(image.mode, (1, 1))
            try:
                with BombWarningsAsErrors():
                    image.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise _bomb_error() from error
            except Exception as error:
                raise ValidationError(MESSAGES["damaged"], code="damaged") from error
    finally:
        file.seek(0)


class ImageFormField(forms.ImageField):
    """A form ImageField whose errors name the limits.

    Django's own field opens the upload with Pillow first and calls a
    decompression bomb "not a valid image"; this one runs
    ``validate_image_upload`` before that.
    """

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            validate_image_upload(data)
        return super().to_python(data)


def require_alt_text(instance, image_field, alt_field):
    """Per-language errors for each missing translation of ``alt_field`` when ``image_field`` is set."""
    if not getattr(instance, image_field):
        return {}
    names = dict(settings.LANGUAGES)
    return {
        build_localized_fieldname(alt_field, lang): ValidationError(
            _("Describe the picture in %(language)s too, for visitors who cannot see it."),
            code="alt_missing",
            params={"language": names[lang]},
        )
        for lang in language_codes()
        if not (getattr(instance, build_localized_fieldname(alt_field, lang), None) or "").strip()
    }
