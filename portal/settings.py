"""Settings for the IRO portal.

Everything that differs between a laptop, CI and production comes from the
environment (or a ``.env`` file next to ``manage.py``); the defaults are safe
and give a working portal on SQLite.
"""

from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Keys Django generates for new projects, or anything this short, are not secrets.
_INSECURE_KEY_PREFIX = "django-insecure"
_DEV_SECRET_KEY = f"{_INSECURE_KEY_PREFIX}-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY or SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY to a random value of at least 50 characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 for local development."
        )
    SECRET_KEY = SECRET_KEY or _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it must come before it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "csp",
    "django_prose_editor",
    "reversion",
    "sorl.thumbnail",
    "axes",
    "partners",
    "news",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: a page the visitor has already (same ETag) is a 304, cache hits included.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session: a session cookie with NUL in it must be dropped before it is looked up.
    "portal.core.middleware.RejectUnstorableInputMiddleware",
    # Before the session, locale and everything else: a cached page needs none of them.
    "portal.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Each process keeps its connection for a minute rather than opening one per request: every
# anonymous request asks the database for the content version (with a per-process cache), and a
# new PostgreSQL connection costs more than the rest of a cached page. Checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Whether the default cache is one store for every process and server (Redis, Memcached…) rather
# than each process's own memory.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith((".LocMemCache", ".DummyCache"))

# --- Page cache for anonymous visitors (portal/core/pagecache.py, portal/core/content_version.py) ---
# How long a whole page is kept at most (0: no page cache); any edit makes kept pages unreachable at
# once, and no page outlives the next scheduled change (a post going live, an event ending).
# Off by default under DEBUG: a template being edited would otherwise show its old self for minutes.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
# How long a CDN or proxy in front may keep an anonymous page (s-maxage): it cannot know of edits.
PAGE_CACHE_CDN_SECONDS = env.int("PAGE_CACHE_CDN_SECONDS", default=60)
# Cookies that change how a page looks for a visitor (e.g. a future low-vision mode's): each value
# gets its own cached copy.
PAGE_CACHE_VARY_COOKIES = ()

# Sessions live in the database, which every app server shares; SESSION_STORE=cache reads them from
# the default cache first (it must then be shared, or a logout would not reach the other processes).
_session_store = env.str("SESSION_STORE", default="database")
if _session_store not in ("database", "cache"):
    raise ImproperlyConfigured("SESSION_STORE must be database or cache.")
if _session_store == "cache":
    if not _SHARED_CACHE:
        raise ImproperlyConfigured("SESSION_STORE=cache needs a shared CACHE_URL (e.g. redis://…).")
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# django-axes first: it refuses a locked-out username and address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages are declared here. Adding Chinese for ASRTU partners means adding ("zh-hans", "中文")
# below, running makemigrations (new *_zh_hans columns), compiling locale/zh_Hans, and giving the
# searchable models a search_zh_hans column with its own text-search configuration (docs/search.md).
LANGUAGES = [
    ("ru", _("Russian")),
    ("en", _("English")),
]
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="ru")
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True

MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
# A missing translation falls back to any other language, default language first.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE, *(code for code, _name in LANGUAGES if code != LANGUAGE_CODE)),
}
# modeltranslation's tabbed admin would otherwise load jQuery UI from Google's
# CDN; the setting's name really has no MODELTRANSLATION_ prefix.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- Images: upload limits and responsive renditions (portal/core/images/, sorl-thumbnail) ---
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# Uploads lose their metadata (EXIF with GPS, XMP…) in the storage, whoever saves them.
STORAGES["default"] = {"BACKEND": "portal.core.images.storage.MetadataStrippingStorage"}
# Renditions are written by sorl-thumbnail to a plain storage: they are made from clean files already.
STORAGES["renditions"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# sorl keeps each rendition's name and size in this cache, backed by its database table: with the
# cache warm a page with pictures runs no extra query. Point it at Redis in production (shared by all
# workers, survives restarts); the in-process default needs room for about 8 entries per picture.
CACHES["renditions"] = env.cache("RENDITION_CACHE_URL", default="locmemcache://renditions?MAX_ENTRIES=100000")
if _SHARED_CACHE and not env.str("RENDITION_CACHE_URL", default=""):
    # With a shared default cache, the renditions' bookkeeping goes there too, beside the pages.
    CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "renditions"}
THUMBNAIL_CACHE = "renditions"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_STORAGE = "renditions"
THUMBNAIL_ENGINE = "portal.core.images.renditions.RenditionEngine"
THUMBNAIL_PREFIX = "renditions/"
THUMBNAIL_UPSCALE = False  # never wider than the original: srcset lists each real width once
THUMBNAIL_QUALITY = 82
THUMBNAIL_FORMAT = "JPEG"
THUMBNAIL_FLATTEN = True  # a transparent logo's JPEG fallback is white underneath, not black
THUMBNAIL_DEBUG = False  # a missing or broken file renders no picture instead of a 500
# --- end of Images ---

# --- Private documents: signed agreements (portal/core/documents.py) ---
# Kept beside the public media, never under it: the web server serves MEDIA_ROOT to anyone, while
# these are sent only through a view that applies the agreement's visibility.
PRIVATE_MEDIA_ROOT = Path(
    str(env.path("PRIVATE_MEDIA_ROOT", default=Path(str(MEDIA_ROOT)).parent / "private-media"))
)
if Path(str(MEDIA_ROOT)).resolve() in (PRIVATE_MEDIA_ROOT.resolve(), *PRIVATE_MEDIA_ROOT.resolve().parents):
    raise ImproperlyConfigured(
        f"PRIVATE_MEDIA_ROOT ({PRIVATE_MEDIA_ROOT}) must not be MEDIA_ROOT or inside it: "
        "everything under MEDIA_ROOT is served to anyone."
    )
STORAGES["private"] = {"BACKEND": "portal.core.documents.PrivateStorage"}
DOCUMENT_UPLOAD_MAX_BYTES = env.int("DOCUMENT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# Who sends a document's bytes once the view has said yes: Django itself ("simple"), or the web
# server in front, nginx ("nginx": X-Accel-Redirect to SENDFILE_URL) or Apache ("xsendfile").
_SENDFILE_BACKENDS = {
    "simple": "django_sendfile.backends.simple",
    "nginx": "django_sendfile.backends.nginx",
    "xsendfile": "django_sendfile.backends.xsendfile",
}
_sendfile_backend = env.str("SENDFILE_BACKEND", default="simple")
if _sendfile_backend not in _SENDFILE_BACKENDS:
    raise ImproperlyConfigured(f"SENDFILE_BACKEND must be one of: {', '.join(_SENDFILE_BACKENDS)}.")
SENDFILE_BACKEND = _SENDFILE_BACKENDS[_sendfile_backend]
SENDFILE_ROOT = str(PRIVATE_MEDIA_ROOT)
SENDFILE_URL = env.str("SENDFILE_URL", default="/private-documents/")
# --- end of Private documents ---

# --- Object storage: uploads on an S3-compatible store shared by every app server (optional) ---
# MEDIA_STORAGE_URL=s3://bucket/prefix?endpoint_url=https://storage.yandexcloud.net&region=ru-central1
# moves pictures and their renditions there, PRIVATE_STORAGE_URL agreement documents (a private bucket
# or prefix). Credentials in the URL (s3://KEY:SECRET@bucket/…) or, as boto3 reads them, from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Without them: the local folders above.
from portal.core import storage_urls  # noqa: E402

MEDIA_STORAGE_URL = env.str("MEDIA_STORAGE_URL", default="")
PRIVATE_STORAGE_URL = env.str("PRIVATE_STORAGE_URL", default="")
_object_storages, _media_url = storage_urls.object_storages(MEDIA_STORAGE_URL, PRIVATE_STORAGE_URL)
STORAGES.update(_object_storages)
MEDIA_URL = _media_url or MEDIA_URL
# --- end of Object storage ---

SITE_NAME = _("International Relations Office")
# Addresses per sitemap page (portal/site/sitemaps.py). The protocol allows 50,000; pages of 10,000
# (5,000 items in two languages) are made in a fifth of the time and cached in a fifth of the room.
SITEMAP_URL_LIMIT = env.int("SITEMAP_URL_LIMIT", default=1_000)

# Everything is served by the portal itself: no CDN, no inline script or style, except the
# admin rich text editor's import map and base stylesheet, allowed by their hashes (portal/core/csp.py).
from portal.core import csp as portal_csp  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": portal_csp.Sources([SELF], portal_csp.importmap_hashes),
        "style-src": portal_csp.Sources([SELF], portal_csp.editor_style_hashes),
        # Pictures from an object storage or CDN (MEDIA_STORAGE_URL) come from its address.
        "img-src": [SELF, "data:", *([MEDIA_URL] if "://" in MEDIA_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Transport: HTTPS only, unless DEBUG or INSECURE_HTTP=1 (a lab without TLS) ---
INSECURE_HTTP = DEBUG or env.bool("INSECURE_HTTP", default=False)
SECURE_SSL_REDIRECT = not INSECURE_HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not INSECURE_HTTP
# One year, subdomains included; a smaller value only while trying HTTPS out (docs/deployment.md).
SECURE_HSTS_SECONDS = 0 if INSECURE_HTTP else env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Not preloaded: browsers' preload lists take a whole registrable domain (example.edu, not
# iro.example.edu), and the header only counts when the university's apex domain sends it. Enrolling
# pins every university subdomain to HTTPS for months; that is the university's decision, taken on the
# apex domain, so the portal neither sends "preload" nor warns about it (security.W021).
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Forwarded headers are believed only from a reverse proxy that sets them (BEHIND_PROXY=1):
# otherwise any client could claim HTTPS with X-Forwarded-Proto or another address with X-Forwarded-For.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# Powerful browser features no page of the portal uses are switched off for it and anything it embeds.
_UNUSED_BROWSER_FEATURES = [
    "accelerometer",
    "autoplay",
    "bluetooth",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "gamepad",
    "geolocation",
    "gyroscope",
    "hid",
    "identity-credentials-get",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
]
PERMISSIONS_POLICY = {feature: [] for feature in _UNUSED_BROWSER_FEATURES}

# --- Admin login: lockout after repeated failures (django-axes) ---
# The pair of username and address is locked: a mistyped password elsewhere does not lock a
# colleague out, and one address cannot try one account endlessly.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
# 0 keeps the lock until someone lifts it (admin or axes_reset); attempts during a lock prolong it.
_cool_off_minutes = env.int("LOGIN_COOLOFF_MINUTES", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=_cool_off_minutes) if _cool_off_minutes else None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.core.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.core.security.client_ip"

# --- Logging and error mail ---
# A client's mistake (a bad Host header, a 404, a refused CSRF token) is one line; a server error
# (500) is logged with its traceback and mailed to ADMINS, e.g. "Ops <ops@example.edu>, b@example.edu".
ADMINS = [
    (name, address) for name, address in getaddresses([env.str("ADMINS", default="")]) if name or address
]
if any("@" not in address for _name, address in ADMINS):
    raise ImproperlyConfigured(
        'ADMINS must be addresses separated by commas: "Name <a@example.edu>, b@example.edu"'
    )
SERVER_EMAIL = env.str("SERVER_EMAIL", default="root@localhost")
EMAIL_SUBJECT_PREFIX = "[IRO portal] "
# e.g. smtp+tls://user:password@smtp.example.edu:587; without it, a local mail server on port 25.
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))

LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "server_errors": {"()": "portal.core.logs.ServerErrorsOnly"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "console": {
            "()": "portal.core.logs.ClientErrorsOnOneLine",
            "format": "{asctime} {levelname} {name}: {message}",
            "style": "{",
        },
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "console"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "server_errors"],
        },
    },
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": LOG_LEVEL},
        # runserver's request lines, as Django's default logging has them (configuring "django" resets it).
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
