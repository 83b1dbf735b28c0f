import pytest
from django.core.cache import caches
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
