"""Storages on an S3-compatible object store (django-storages), chosen by settings from the environment.

``MEDIA_STORAGE_URL`` and ``PRIVATE_STORAGE_URL`` (``portal.core.storage_urls``) put these in
``STORAGES``; without them everything stays on local folders. Imported only then: a portal on local
folders never loads boto3.
"""

from storages.backends.s3 import S3Storage

from portal.core.images.storage import MetadataStripping


class PublicMediaStorage(MetadataStripping, S3Storage):
    """Uploaded pictures in the public bucket: metadata removed, addressed without a signature."""


class PrivateDocumentStorage(S3Storage):
    """Private documents in a bucket or prefix nobody reads anonymously; they have no URL."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no public address; link to the view that serves them.")
