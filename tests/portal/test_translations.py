import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
SOURCES = ["manage.py", "portal", "news", "partners", "templates", "locale"]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """The Russian catalogue as makemessages would leave it for the current code."""
    tree = tmp_path_factory.mktemp("project")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tree / name)
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "portal.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(tree / "locale" / "ru" / "LC_MESSAGES" / "django.po"))


def test_makemessages_leaves_nothing_untranslated(fresh_catalogue):
    untranslated = [entry.msgid for entry in fresh_catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in fresh_catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_is_current():
    catalogue = polib.pofile(str(PO_FILE))
    with translation.override("ru"):
        stale = [
            entry.msgid
            for entry in catalogue.translated_entries()
            if not entry.msgid_plural
            and not entry.msgctxt
            and translation.gettext(entry.msgid) != entry.msgstr
        ]
    assert stale == []
