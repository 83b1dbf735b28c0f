"""Object storage from one URL: ``MEDIA_STORAGE_URL`` and ``PRIVATE_STORAGE_URL`` read into ``STORAGES``.

    s3://[ACCESS_KEY:SECRET_KEY@]bucket[/prefix]?endpoint_url=https://storage.yandexcloud.net&region=ru-central1

Any S3-compatible store (Yandex Object Storage, VK Cloud, MinIO, AWS) through django-storages.
Without credentials in the URL, boto3 finds them as usual (``AWS_ACCESS_KEY_ID`` and
``AWS_SECRET_ACCESS_KEY`` in the environment, a profile, an instance role).

Public media are addressed without a signature (``querystring_auth`` off), under one fixed prefix
that becomes ``MEDIA_URL``: pages that show them stay cacheable, and the rich text sanitiser and
the Content-Security-Policy know where pictures may come from. Private documents get no address at
all: the portal reads them after its own permission check and sends them itself
(``portal.core.documents.document_response``). Read only by settings: imports nothing from Django
but its exception.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

#: Query parameters a storage URL may carry: what each means is in docs/deployment.md.
PARAMETERS = {
    "endpoint_url",
    "region",
    "custom_domain",
    "addressing_style",
    "default_acl",
    "signature_version",
    "cache_control",
}
PUBLIC_ACLS = {"public-read", "public-read-write", "authenticated-read"}
#: How long a browser or CDN may keep a public picture. Stored names are never reused for other
#: pictures while the file exists, but a day lets a replaced file with a recycled name show up.
DEFAULT_CACHE_CONTROL = "public, max-age=86400"


def _parse(url, variable):
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"{variable} must start with s3:// (any S3-compatible storage).")
    userinfo, _at, bucket = parts.netloc.rpartition("@")
    if not bucket:
        raise ImproperlyConfigured(f"{variable} names no bucket: s3://bucket/prefix?endpoint_url=…")
    query = dict(parse_qsl(parts.query))
    if unknown := set(query) - PARAMETERS:
        raise ImproperlyConfigured(
            f"{variable}: unknown parameter(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(PARAMETERS))}."
        )
    options = {"bucket_name": bucket, "location": parts.path.strip("/")}
    if userinfo:
        key, _colon, secret = userinfo.partition(":")
        options.update(access_key=unquote(key), secret_key=unquote(secret))
    endpoint = query.get("endpoint_url")
    if endpoint:
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"{variable}: endpoint_url must be an http(s) address.")
        options["endpoint_url"] = endpoint.rstrip("/")
    if "region" in query:
        options["region_name"] = query["region"]
    if "signature_version" in query:
        options["signature_version"] = query["signature_version"]
    # Addresses as endpoint/bucket/key: every S3-compatible store understands them, and a bucket
    # name with dots still matches the endpoint's TLS certificate.
    options["addressing_style"] = query.get("addressing_style", "path" if endpoint else "auto")
    return options, query


def public_storage(url, variable="MEDIA_STORAGE_URL"):
    """``(OPTIONS for S3Storage, MEDIA_URL)`` for the bucket of public media in ``url``."""
    options, query = _parse(url, variable)
    if "custom_domain" in query:
        # A CDN or a bucket website in front: addresses use it, https unless the domain says otherwise.
        domain, protocol = query["custom_domain"].strip("/"), "https:"
        if "://" in domain:
            scheme, _sep, domain = domain.partition("://")
            protocol = f"{scheme}:"
    elif "endpoint_url" in options:
        endpoint = urlsplit(options["endpoint_url"])
        domain, protocol = f"{endpoint.netloc}{endpoint.path}/{options['bucket_name']}", f"{endpoint.scheme}:"
    else:
        region = options.get("region_name")
        host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
        domain, protocol = f"{host}/{options['bucket_name']}", "https:"
    options.update(
        custom_domain=domain,
        url_protocol=protocol,
        querystring_auth=False,
        # Like the local folder: a new upload never replaces another file of the same name.
        file_overwrite=False,
        object_parameters={"CacheControl": query.get("cache_control", DEFAULT_CACHE_CONTROL)},
    )
    if "default_acl" in query:
        options["default_acl"] = query["default_acl"]
    location = f"{options['location']}/" if options["location"] else ""
    return options, f"{protocol}//{domain}/{location}"


def private_storage(url, variable="PRIVATE_STORAGE_URL"):
    """OPTIONS for the S3Storage of private documents in ``url``: never public, never addressed."""
    options, query = _parse(url, variable)
    if query.get("default_acl") in PUBLIC_ACLS:
        raise ImproperlyConfigured(f"{variable}: private documents cannot be stored {query['default_acl']}.")
    if "custom_domain" in query:
        raise ImproperlyConfigured(f"{variable}: private documents have no public address (custom_domain).")
    if "default_acl" in query:
        options["default_acl"] = query["default_acl"]
    # No ACL is sent otherwise: a new object is private in every S3-compatible store.
    options.update(
        file_overwrite=False,
        # Never used to address a document (the portal sends them), but if ever: a minute, signed.
        querystring_auth=True,
        querystring_expire=60,
    )
    return options


def overlapping(public, private):
    """Whether two storages' options share a bucket on one endpoint with one prefix inside the other."""
    same_bucket = (public["bucket_name"], public.get("endpoint_url")) == (
        private["bucket_name"],
        private.get("endpoint_url"),
    )
    first, second = (f"{options['location']}/".lstrip("/") for options in (public, private))
    return same_bucket and (first.startswith(second) or second.startswith(first))


def object_storages(media_storage_url="", private_storage_url=""):
    """``(STORAGES entries, MEDIA_URL or None)`` for the storage URLs given; empty ones change nothing."""
    entries, media_url, media = {}, None, None
    if media_storage_url:
        media, media_url = public_storage(media_storage_url)
        entries["default"] = {"BACKEND": "portal.core.object_storage.PublicMediaStorage", "OPTIONS": media}
        # sorl names renditions after their source and options: writing one again writes the same picture.
        entries["renditions"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**media, "file_overwrite": True},
        }
    if private_storage_url:
        private = private_storage(private_storage_url)
        if media and overlapping(media, private):
            raise ImproperlyConfigured(
                "PRIVATE_STORAGE_URL must be another bucket than MEDIA_STORAGE_URL, or a prefix beside its "
                "prefix, never the same one or inside it: everything under MEDIA_STORAGE_URL is public."
            )
        entries["private"] = {
            "BACKEND": "portal.core.object_storage.PrivateDocumentStorage",
            "OPTIONS": private,
        }
    return entries, media_url
