"""Uploaded pictures: what the portal accepts, and what it keeps of them.

Every image field (cover images, gallery images, partner logos) runs
``validate_image_upload``: the real format must be JPEG, PNG or WebP, and the
file must fit the size and pixel limits and decode completely. The default
storage (``MetadataStrippingStorage``) then re-encodes every JPEG, PNG or WebP
it is given, whoever saves it (the admin, an import, the shell): orientation
applied, colours converted to sRGB, EXIF (GPS included), XMP, comments and
text chunks dropped. Responsive renditions are sorl-thumbnail's business
(``templates/includes/picture.html``) and go to a storage of their own.
"""

import io
import logging
import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from sorl.thumbnail.engines.pil_engine import Engine as PillowEngine

from portal.core.translation_utils import language_codes

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000

# Pillow format name → the file extension a stored image gets.
ALLOWED_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}

JPEG_QUALITY = 90
WEBP_QUALITY = 90

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


class _BombWarningsAsErrors(warnings.catch_warnings):
    """Pillow only warns between MAX_IMAGE_PIXELS and twice that; we refuse instead.

    ``catch_warnings`` is process-wide, not per thread; the explicit pixel check
    in ``_open`` does not depend on it, since our limit never exceeds Pillow's.
    """

    def __enter__(self):
        result = super().__enter__()
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return result


def _rewound(value):
    """The file object behind a FieldFile, an UploadedFile or a plain File, at its start."""
    file = getattr(value, "file", value)
    file.seek(0)
    return file


def _format_name(file):
    """The format Pillow recognises in a file it may not accept, e.g. "GIF"; None if none."""
    try:
        with _BombWarningsAsErrors(), Image.open(_rewound(file)) as image:
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


def _open(file):
    """Open an accepted image from its header, or raise ValidationError. Nothing is decoded yet."""
    try:
        with _BombWarningsAsErrors():
            image = Image.open(_rewound(file), formats=list(ALLOWED_FORMATS))
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
        with _open(file) as image:
            if image.format == "JPEG":
                # Decoding at 1/8 scale still reads every scan: a cut-off file fails, and cheaply.
                image.draft(image.mode, (1, 1))
            try:
                with _BombWarningsAsErrors():
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


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image):
    """Convert an image with an embedded colour profile to plain sRGB, the web's assumption.

    Returns the image and the profile to embed: None after a conversion, the
    original profile if the conversion failed (better kept than lost).
    """
    icc = image.info.get("icc_profile")
    if not icc:
        return image, None
    original = image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):
            has_alpha = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        # LittleCMS converts the colour channels; the alpha channel is put back afterwards.
        alpha = image.getchannel("A") if "A" in image.getbands() else None
        if alpha is not None:
            image = image.convert(image.mode[:-1])
        image = ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.warning("Could not convert an uploaded image's colour profile to sRGB; keeping the profile.")
        return original, icc
    if alpha is not None:
        image.putalpha(alpha)
    return image, None


def _encode(image, format_, icc_profile):
    """The image re-encoded in ``format_`` with nothing but pixels (and transparency, colour profile)."""
    params = {"icc_profile": icc_profile} if icc_profile else {}
    if format_ == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        params.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif format_ == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            has_alpha = "A" in image.getbands() or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
        params.update(quality=WEBP_QUALITY)
    # Pillow's JPEG and PNG writers copy some of image.info (comments, colour profile) by themselves.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    buffer = io.BytesIO()
    image.save(buffer, format_, **params)
    return buffer.getvalue()


def strip_metadata(file):
    """``file`` re-encoded without metadata, as ``(bytes, format)``; None if it is no image we clean.

    Files that are not JPEG, PNG or WebP, animated, over the limits or damaged
    are left alone: documents pass through the same storage, and image fields
    have already refused such files in ``validate_image_upload``.
    """
    try:
        with _open(file) as image, _BombWarningsAsErrors():
            format_ = image.format
            image.load()
            upright = ImageOps.exif_transpose(image)
            converted, icc_profile = _to_srgb(upright)
            return _encode(converted, format_, icc_profile), format_
    except ValidationError as error:
        if error.code != "not_an_image":
            logger.warning("Stored an image without removing its metadata: %s", error.code)
        return None
    except Exception:
        logger.warning("Stored an image without removing its metadata: it could not be re-encoded.")
        return None
    finally:
        file.seek(0)


class MetadataStrippingStorage(FileSystemStorage):
    """The media storage: every JPEG, PNG or WebP saved through it loses its metadata.

    Sitting in the storage, this covers every way a file can be saved. The
    stored name gets the extension of the real format (a PNG sent as .jpg is
    stored as .png).
    """

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        cleaned = strip_metadata(_rewound(content))
        if cleaned is not None:
            data, format_ = cleaned
            root, extension = os.path.splitext(name)
            if EXTENSIONS.get(extension.lower()) != format_:
                name = root + ALLOWED_FORMATS[format_]
            content = ContentFile(data, name=name)
        return super().save(name, content, max_length=max_length)


class RenditionEngine(PillowEngine):
    """sorl-thumbnail's Pillow engine, decoding a JPEG original only as finely as a rendition needs.

    libjpeg decodes at 1/2, 1/4 or 1/8 scale directly, so a 960 px rendition of
    a 35-megapixel photo no longer decodes 35 million pixels first: the first
    view of a post with such a cover went from about 5 s to 1.3 s here.
    """

    def create(self, image, geometry, options):
        if image.format == "JPEG" and not options.get("crop") and not options.get("cropbox"):
            width, height = geometry
            if self.flip_dimensions(image, options=options):
                width, height = height, width
            # Never smaller than the rendition: the final resize is still Lanczos, from at least that size.
            image.draft(image.mode, (width, height))
        return super().create(image, geometry, options)


def shareable_url(image, width="1600"):
    """The URL of a JPEG rendition of ``image`` for link previews and structured data, never the original."""
    from sorl.thumbnail import get_thumbnail

    return get_thumbnail(image, width, format="JPEG", upscale=False).url
