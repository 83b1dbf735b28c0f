import sys
from dataclasses import dataclass
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
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


def _commits(item):
    """Whether the test commits for real (pytest-django empties the database after it)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    return bool({"transactional_db", "live_server", "django_db_serialized_rollback"} & set(item.fixturenames))


def _restores_migrated_rows(item):
    marker = item.get_closest_marker("django_db")
    serialized = marker is not None and marker.kwargs.get("serialized_rollback")
    return _commits(item) and (serialized or "django_db_serialized_rollback" in item.fixturenames)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations created (content types, the office's groups) after a test that
    committed, unless the next test does so itself (or there is none: the database is gone).

    pytest-django empties the database after such a test and, with ``serialized_rollback``, restores
    those rows only at the start of the next such test; any other test run after it in the same
    process (pytest-xdist hands a worker modules in any order) expects them in place.
    """
    result = yield
    if _commits(item) and nextitem is not None and not _restores_migrated_rows(nextitem):
        from django.contrib.contenttypes.models import ContentType
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for each in connections.all(initialized_only=True):
                contents = getattr(each, "_test_serialized_contents", None)
                if contents and not ContentType.objects.using(each.alias).exists():
                    each.creation.deserialize_db_from_string(contents)
    return result


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


@dataclass
class TableRows:
    """Rows of one table, as the database stores them, ready to be inserted again as they are."""

    table: str
    columns: list[str]
    rows: list[tuple]

    def insert(self, connection):
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(self.table)} ({columns}) VALUES ({placeholders})",
                self.rows,
            )


def _tables():
    """Every table's model (many-to-many link tables included) with its writable fields."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            # Generated columns (the search vectors) are the database's to fill in.
            yield model, [field for field in model._meta.local_concrete_fields if not field.generated]


def _row_keys():
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model, _fields in _tables()}


@pytest.fixture(scope="session")
def _demo_rows(django_db_setup, django_db_blocker):
    """What ``manage.py load_demo`` adds to the database, table by table: it runs once per session,
    in a transaction rolled back at once, and the tests that want the demo content get these rows."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = _row_keys()
        call_command("load_demo", stdout=StringIO())
        tables = []
        for model, fields in _tables():
            added = model._base_manager.exclude(pk__in=before[model]).values_list(
                *(field.attname for field in fields)
            )
            rows = [
                tuple(
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(fields, row, strict=True)
                )
                for row in added
            ]
            if rows:
                tables.append(TableRows(model._meta.db_table, [field.column for field in fields], rows))
        transaction.set_rollback(True)
    return tables


@pytest.fixture(scope="module")
def demo_module(request, django_db_setup, django_db_blocker, _demo_rows):
    """The starter content (``manage.py load_demo``), put in once for the module, rolled back after it.

    Each test's own transaction is a savepoint inside this one, so what a test changes is rolled
    back when it ends and the next test sees the demo content as loaded. Use ``demo``, not this.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            for table in _demo_rows:
                table.insert(connection)
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
