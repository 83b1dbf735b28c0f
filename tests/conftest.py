import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests.factories import iro_editor, iro_publisher


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = tmp_path / "private"
    # Renditions are remembered in a cache that would outlive each test's media folder.
    caches["renditions"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    with translation.override("ru"):
        yield


@pytest.fixture
def editor(db):
    return iro_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def publisher(db):
    return iro_publisher()


@pytest.fixture
def publisher_client(client, publisher):
    client.force_login(publisher)
    return client


# The modules whose database holds the demo content right now (see ``demo_module``).
_modules_with_demo = set()


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    return client


@pytest.fixture(scope="module")
def demo_module(request, django_db_setup, django_db_blocker):
    """The starter content (``manage.py load_demo``), loaded once for the module, rolled back after it.

    Each test's own transaction is a savepoint inside this one, so what a test changes is rolled
    back when it ends and the next test sees the demo content as loaded. Use ``demo``, not this.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    _modules_with_demo.add(request.module)
    yield
    _modules_with_demo.discard(request.module)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def demo(demo_module, db):
    """The demo content, for a test that runs in a transaction (not for the browser tests)."""


@pytest.fixture(autouse=True)
def _no_demo_left_behind(request):
    """A test that did not ask for the demo content must not see a module's shared copy of it."""
    if request.module in _modules_with_demo and "demo" not in request.fixturenames:
        pytest.fail(
            "The demo content loaded for this module is still in the database: "
            "put the tests that use `demo` after the others, or give this one `demo` too."
        )
