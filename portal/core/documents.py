"""Private documents (signed agreements): what the portal accepts, where it keeps them, how it sends them.

A ``PrivateDocumentField`` accepts only PDF files, recognised by their content
(the ``%PDF-`` header and the ``startxref``/``%%EOF`` trailer), never by their
name or the browser's content type: an HTML page or an SVG picture with a
script in it would otherwise be stored as sent. Files go to the private
storage (``PRIVATE_MEDIA_ROOT``, beside ``MEDIA_ROOT``, never under it: the web
server serves nothing from it; or a private bucket, ``PRIVATE_STORAGE_URL``) under random names,
and leave it when they are replaced or their row is deleted. A file has no address of its own: its
``url`` is the model's view (``get_<field>_url()``), which decides who may
have it and answers through ``document_response``; django-sendfile2 lets
nginx or Apache send the bytes in production (``SENDFILE_BACKEND``).
"""

import os
import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _
from django_sendfile import sendfile

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: How long browsers and proxies may keep a public document; internal ones are never kept.
PUBLIC_MAX_AGE = 600

# The header may follow a little junk (the PDF reference allows it within the first 1024 bytes);
# the trailer's "startxref" and "%%EOF" sit at the very end, give or take a few bytes of padding.
_HEADER = re.compile(rb"%PDF-[12]\.\d")
_HEAD_BYTES = 1024
_TAIL_BYTES = 2048

MESSAGES = {
    "empty": _("The file is empty. Upload the agreement as a PDF document."),
    "too_large": _(
        "The file is %(size)s; a document may be at most %(limit)s. Reduce it and upload it again."
    ),
    "not_pdf": _(
        "This file is not a PDF document. Only PDF is accepted: "
        "save the agreement as PDF and upload it again."
    ),
    "damaged": _(
        "The PDF document is damaged or incomplete (the upload may have been cut short). "
        "Save it again as PDF and upload it again."
    ),
}


def max_bytes():
    """The largest document accepted, in bytes (setting ``DOCUMENT_UPLOAD_MAX_BYTES``)."""
    return getattr(settings, "DOCUMENT_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def _head_and_tail(file, size):
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(max(0, size - _TAIL_BYTES))
    tail = file.read(_TAIL_BYTES)
    return head, tail


def validate_pdf_upload(value):
    """Refuse anything but a complete-looking PDF within the size limit, whatever its name."""
    if not value or getattr(value, "_committed", False):
        # Already in storage: checked when it was uploaded.
        return
    size = value.size
    if not size:
        raise ValidationError(MESSAGES["empty"], code="empty")
    if size > max_bytes():
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )
    file = getattr(value, "file", value)
    try:
        head, tail = _head_and_tail(file, size)
    finally:
        file.seek(0)
    if not _HEADER.search(head):
        raise ValidationError(MESSAGES["not_pdf"], code="not_pdf")
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise ValidationError(MESSAGES["damaged"], code="damaged")


class PdfFormField(forms.FileField):
    """A form FileField whose every refusal says that a PDF is wanted (an empty file included)."""

    def widget_attrs(self, widget):
        # Only a hint for the file picker: the content is what is checked.
        return {**super().widget_attrs(widget), "accept": ".pdf,application/pdf"}

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            validate_pdf_upload(data)
        return super().to_python(data)


class PrivateStorage(FileSystemStorage):
    """Files kept under ``PRIVATE_MEDIA_ROOT``, which no web server serves; they have no URL."""

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public address; link to the view that serves them.")


class _PrivateStorageAlias(LazyObject):
    """``STORAGES["private"]`` looked up when first used, and again after the setting changes (tests)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorageAlias()


@receiver(setting_changed)
def _forget_private_storage(setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The storage for private documents (``STORAGES["private"]``: a folder, or a private bucket)."""
    return _private_storage


@deconstructible
class UnguessableName:
    """``upload_to`` that names every file ``<folder>/<random hex><extension>``, whatever it was called."""

    def __init__(self, folder, extension=".pdf"):
        self.folder = folder
        self.extension = extension

    def __call__(self, instance, filename):
        return f"{self.folder}/{uuid.uuid4().hex}{self.extension}"


class PrivateFieldFile(FieldFile):
    """A stored document whose address is the model's view, which checks who may have it."""

    @property
    def url(self):
        self._require_file()
        return getattr(self.instance, f"get_{self.field.name}_url")()


def remove_on_commit(storage, name):
    """Delete ``name`` from ``storage`` once the current transaction commits (never if it rolls back)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class PrivateDocumentField(models.FileField):
    """A PDF in the private storage under a random name; replaced and deleted files are removed."""

    attr_class = PrivateFieldFile
    default_validators = [validate_pdf_upload]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PdfFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # Signals, not save()/delete(): bulk deletes, cascades and inline formsets bypass those.
            signals.pre_save.connect(self._look_up_stored_name, sender=cls)
            signals.post_save.connect(self._remove_replaced, sender=cls)
            signals.post_delete.connect(self._remove_deleted, sender=cls)

    def _look_up_stored_name(self, sender, instance, raw=False, update_fields=None, **kwargs):
        # Raw saves (loaddata, restoring a version from the history) never remove a file: the
        # version restored may name a file removed long ago, and the current one is all there is.
        if raw or instance.pk is None or (update_fields is not None and self.name not in update_fields):
            return
        stored = sender._base_manager.filter(pk=instance.pk).values_list(self.attname, flat=True).first()
        instance.__dict__.setdefault("_stored_files", {})[self.attname] = stored

    def _remove_replaced(self, instance, **kwargs):
        stored = instance.__dict__.get("_stored_files", {}).pop(self.attname, None)
        if stored and stored != getattr(instance, self.attname).name:
            remove_on_commit(self.storage, stored)

    def _remove_deleted(self, instance, **kwargs):
        remove_on_commit(self.storage, getattr(instance, self.attname).name)


def _local_path(file):
    """The file's path on this machine, or None when its storage is remote (object storage)."""
    try:
        return file.path
    except NotImplementedError:
        return None


def document_response(request, file, filename, *, public):
    """``file`` as a PDF download named ``filename``; kept out of shared caches unless ``public``.

    The bytes come from Django, or from the web server in front (``SENDFILE_BACKEND``); from an
    object storage (``PRIVATE_STORAGE_URL``) the portal reads them and streams them itself, so that
    a document never has an address of its own, not even a signed one that could be passed on.
    A file missing from the storage is a 404. A file from before the PDF check that is no
    PDF (its name does not end in .pdf) goes as plain bytes.
    """
    pdf = filename.lower().endswith(".pdf")
    mimetype = "application/pdf" if pdf else "application/octet-stream"
    path = _local_path(file)
    if path is not None:
        response = sendfile(request, path, attachment=True, attachment_filename=filename, mimetype=mimetype)
    else:
        if not file.storage.exists(file.name):
            raise Http404("The document is missing from the storage.")
        response = FileResponse(
            file.storage.open(file.name, "rb"), as_attachment=True, filename=filename, content_type=mimetype
        )
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        add_never_cache_headers(response)
    return response
