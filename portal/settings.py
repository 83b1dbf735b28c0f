"""Settings for the IRO portal.

Everything that differs between a laptop, CI and production comes from the
environment (or a ``.env`` file next to ``manage.py``); the defaults are safe
and give a working portal on SQLite.
"""

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
    "partners",
    "news",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before the session: a session cookie with NUL in it must be dropped before it is looked up.
    "portal.middleware.RejectUnstorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
                "portal.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages are declared here and nowhere else: adding Chinese for ASRTU partners
# means adding ("zh-hans", "中文") below, running makemigrations (new *_zh_hans
# columns) and compiling locale/zh_Hans.
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

# --- Images: upload limits and responsive renditions (portal/images.py, sorl-thumbnail) ---
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# Uploads lose their metadata (EXIF with GPS, XMP…) in the storage, whoever saves them.
STORAGES["default"] = {"BACKEND": "portal.images.MetadataStrippingStorage"}
# Renditions are written by sorl-thumbnail to a plain storage: they are made from clean files already.
STORAGES["renditions"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# sorl keeps each rendition's name and size in this cache, backed by its database table: with the
# cache warm a page with pictures runs no extra query. Point it at Redis in production (shared by all
# workers, survives restarts); the in-process default needs room for about 8 entries per picture.
CACHES["renditions"] = env.cache("RENDITION_CACHE_URL", default="locmemcache://renditions?MAX_ENTRIES=100000")
THUMBNAIL_CACHE = "renditions"
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_STORAGE = "renditions"
THUMBNAIL_ENGINE = "portal.images.RenditionEngine"
THUMBNAIL_PREFIX = "renditions/"
THUMBNAIL_UPSCALE = False  # never wider than the original: srcset lists each real width once
THUMBNAIL_QUALITY = 82
THUMBNAIL_FORMAT = "JPEG"
THUMBNAIL_FLATTEN = True  # a transparent logo's JPEG fallback is white underneath, not black
THUMBNAIL_DEBUG = False  # a missing or broken file renders no picture instead of a 500
# --- end of Images ---

SITE_NAME = _("International Relations Office")

# Everything is served by the portal itself: no CDN, no inline script or style, except the
# admin rich text editor's import map and base stylesheet, allowed by their hashes (portal/csp.py).
from portal import csp as portal_csp  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": portal_csp.Sources([SELF], portal_csp.importmap_hashes),
        "style-src": portal_csp.Sources([SELF], portal_csp.editor_style_hashes),
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
