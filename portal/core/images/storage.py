"""What the portal keeps of an uploaded picture: its pixels, not its metadata.

The default storage (``MetadataStrippingStorage``) re-encodes every JPEG, PNG
or WebP it is given, whoever saves it (the admin, an import, the shell):
orientation applied, colours converted to sRGB, EXIF (GPS included), XMP,
comments and text chunks dropped.
"""

import io
import logging
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import ImageCms, ImageOps

from portal.core.images.validation import (
    ALLOWED_FORMATS,
    EXTENSIONS,
    BombWarningsAsErrors,
    open_image,
    rewound,
)

logger = logging.getLogger(__name__)

JPEG_QUALITY = 90
WEBP_QUALITY = 90

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
        with open_image(file) as image, BombWarningsAsErrors():
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


class MetadataStripping:
    """A storage mixin: every JPEG, PNG or WebP saved through it loses its metadata.

    Sitting in the storage, this covers every way a file can be saved. The
    stored name gets the extension of the real format (a PNG sent as .jpg is
    stored as .png). It reads only the content it is given, so it works for
    any storage, local or remote.
    """

    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        cleaned = strip_metadata(rewound(content))
        if cleaned is not None:
            data, format_ = cleaned
            root, extension = os.path.splitext(name)
            if EXTENSIONS.get(extension.lower()) != format_:
                name = root + ALLOWED_FORMATS[format_]
            content = ContentFile(data, name=name)
        return super().save(name, content, max_length=max_length)


class MetadataStrippingStorage(MetadataStripping, FileSystemStorage):
    """The media storage on the local folder (``MEDIA_ROOT``), the default."""
