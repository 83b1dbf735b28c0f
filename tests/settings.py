"""Settings for the test suite: the real settings with a throwaway key and fast hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "x" * 50)
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="iro-test-media-"))
os.environ.setdefault("PRIVATE_MEDIA_ROOT", tempfile.mkdtemp(prefix="iro-test-private-"))

from portal.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client speaks plain http, like a lab with INSECURE_HTTP=1.
SECURE_SSL_REDIRECT = SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
# The test client's login() authenticates without a request, which django-axes refuses;
# every login through a real request is still counted and locked as in production.
AUTHENTICATION_BACKENDS = ["tests.auth.AxesBackendAllowingTestClientLogin", *AUTHENTICATION_BACKENDS[1:]]  # noqa: F405
# Serve static files from the apps' folders, as in development: no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Emptied between committing tests with DELETE instead of TRUNCATE: see tests/postgresql/base.py.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "tests.postgresql"  # noqa: F405
# No page cache unless a test turns it on (tests/portal/test_page_cache.py): inside a test's
# transaction the content version is never bumped (it waits for a commit that never comes), and the
# in-memory cache outlives each test while its database rolls back, so one test's pages would be
# served to the next. TEST_PAGE_CACHE_SECONDS turns it on for servers started by a test.
PAGE_CACHE_SECONDS = int(os.environ.get("TEST_PAGE_CACHE_SECONDS", "0"))
# Sitemap pages are ranges of ids, and ids grow with every test of a run: at the protocol's largest
# page (25,000 items), the items a test makes are on the first page of their section whatever ran
# before it. Tests of the paging set their own limit (tests/portal/test_sitemap.py).
SITEMAP_URL_LIMIT = 50_000
