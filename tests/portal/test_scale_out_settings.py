"""Settings that let several app servers share everything: sessions, cache, renditions' bookkeeping."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each test starts a fresh Python process that sets Django up with the given environment.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import json; from django.conf import settings; print(json.dumps({"
    "'session': settings.SESSION_ENGINE, 'page_cache': settings.PAGE_CACHE_SECONDS, "
    "'renditions': settings.CACHES['renditions']}))"
)


def _settings(**env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "CACHE_URL", "RENDITION_CACHE_URL", "SESSION_STORE", "DEBUG"}
    }
    environment.update(SECRET_KEY="k" * 60, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_by_default_sessions_are_in_the_database_and_pages_kept_ten_minutes():
    result = _settings(DEBUG="0")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["page_cache"] == 600
    assert shown["renditions"]["BACKEND"].endswith("LocMemCache")


def test_development_keeps_no_pages():
    result = _settings(DEBUG="1")
    assert json.loads(result.stdout.splitlines()[-1])["page_cache"] == 0


def test_sessions_and_renditions_follow_a_shared_cache():
    result = _settings(DEBUG="0", CACHE_URL="redis://127.0.0.1:6379/4", SESSION_STORE="cache")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"
    assert shown["renditions"]["LOCATION"] == "redis://127.0.0.1:6379/4"
    assert shown["renditions"]["KEY_PREFIX"] == "renditions"


def test_sessions_in_a_per_process_cache_are_refused():
    # A logout in one worker would leave the session alive in the others' memory.
    result = _settings(DEBUG="0", SESSION_STORE="cache")
    assert result.returncode != 0
    assert "SESSION_STORE=cache needs a shared CACHE_URL" in result.stderr
