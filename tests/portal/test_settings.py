import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _check(**env):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize("key", ["", "django-insecure-abc123", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = _check(DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_starts_with_a_real_secret_key():
    result = _check(DEBUG="0", SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr


def test_development_starts_without_a_secret_key():
    result = _check(DEBUG="1", SECRET_KEY="")
    assert result.returncode == 0, result.stderr


def test_languages_are_russian_first_then_english():
    assert settings.LANGUAGE_CODE == "ru"
    assert [code for code, _name in settings.LANGUAGES] == ["ru", "en"]


@pytest.mark.parametrize("private", ["{media}", "{media}/private"])
def test_private_documents_cannot_be_kept_in_the_public_media(tmp_path, private):
    media = tmp_path / "media"
    result = _check(DEBUG="1", MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=private.format(media=media))
    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT" in result.stderr


def test_private_documents_are_kept_beside_the_public_media_by_default(tmp_path):
    unset = {"PRIVATE_MEDIA_ROOT", "DJANGO_SETTINGS_MODULE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.PRIVATE_MEDIA_ROOT)",
        ],
        cwd=ROOT,
        env={**environment, "DEBUG": "1", "MEDIA_ROOT": str(tmp_path / "media")},
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == str(tmp_path / "private-media"), result.stderr


def test_an_unknown_sendfile_backend_is_refused():
    result = _check(DEBUG="1", SENDFILE_BACKEND="lighttpd")
    assert result.returncode != 0
    assert "SENDFILE_BACKEND" in result.stderr
