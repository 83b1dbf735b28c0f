import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Nearly every test here starts a fresh Python process that sets Django up.
pytestmark = pytest.mark.slow

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


# --- Settings from the environment, in a fresh process ---


def run_python(args, **env):
    """Run Python in the project with nothing in its environment but ``env`` (and PATH)."""
    environment = {"PATH": os.environ["PATH"], **env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def production_env(tmp_path):
    """The three variables a production deployment must set, and nothing else."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "iro.example.edu",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def settings_in(env, *names, code=""):
    """The named settings (and the result of ``code``) as a fresh process sees them with ``env``."""
    script = (
        "import json, django; django.setup(); from django.conf import settings\n"
        f"{code}\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, default=str))"
    )
    result = run_python(["-c", script], DJANGO_SETTINGS_MODULE="portal.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_deploy_check_passes_with_only_the_three_required_variables(production_env):
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **production_env)
    assert result.returncode == 0, result.stderr


def test_production_defaults_are_https_only(production_env):
    assert settings_in(
        production_env,
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    ) == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    }


def test_insecure_http_relaxes_https_for_a_lab(production_env):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], INSECURE_HTTP="1", **production_env
    )
    assert result.returncode != 0
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in result.stderr
    assert settings_in(
        {**production_env, "INSECURE_HTTP": "1"},
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
    ) == {
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }


FORWARDED_HTTPS = (
    "from django.test import RequestFactory\n"
    "settings.FORWARDED_HTTPS_IS_SECURE = RequestFactory().get("
    "'/', headers={'x-forwarded-proto': 'https'}).is_secure()"
)


def test_a_forwarded_https_header_is_not_believed_by_default(production_env):
    assert settings_in(production_env, "FORWARDED_HTTPS_IS_SECURE", code=FORWARDED_HTTPS) == {
        "FORWARDED_HTTPS_IS_SECURE": False
    }


def test_behind_a_proxy_the_forwarded_https_header_is_believed(production_env):
    env = {**production_env, "BEHIND_PROXY": "1"}
    assert settings_in(env, "FORWARDED_HTTPS_IS_SECURE", code=FORWARDED_HTTPS) == {
        "FORWARDED_HTTPS_IS_SECURE": True
    }


def test_login_limits_come_from_the_environment(production_env):
    env = {**production_env, "LOGIN_FAILURE_LIMIT": "3", "LOGIN_COOLOFF_MINUTES": "0"}
    assert settings_in(production_env, "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME") == {
        "AXES_FAILURE_LIMIT": 5,
        "AXES_COOLOFF_TIME": "0:30:00",
    }
    assert settings_in(env, "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME") == {
        "AXES_FAILURE_LIMIT": 3,
        "AXES_COOLOFF_TIME": None,
    }


def test_admins_and_mail_come_from_the_environment(production_env):
    env = {
        **production_env,
        "ADMINS": "Ops <ops@example.edu>, b@example.edu",
        "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.edu:587",
        "SERVER_EMAIL": "portal@example.edu",
    }
    assert settings_in(env, "ADMINS", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "SERVER_EMAIL") == {
        "ADMINS": [["Ops", "ops@example.edu"], ["", "b@example.edu"]],
        "EMAIL_HOST": "smtp.example.edu",
        "EMAIL_PORT": 587,
        "EMAIL_USE_TLS": True,
        "SERVER_EMAIL": "portal@example.edu",
    }
    assert settings_in(production_env, "ADMINS") == {"ADMINS": []}


def test_a_malformed_admins_list_stops_the_portal(production_env):
    result = run_python(["manage.py", "check"], ADMINS="Ops, ops.example.edu", **production_env)
    assert result.returncode != 0
    assert "ADMINS must be addresses" in result.stderr


def test_media_on_object_storage_are_allowed_as_pictures_by_the_content_security_policy():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = (
        "from django.conf import settings; import json; print(json.dumps([settings.MEDIA_URL, "
        "settings.STORAGES['default']['BACKEND'], "
        "[str(s) for s in settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]]))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={
            **environment,
            "DEBUG": "1",
            "MEDIA_STORAGE_URL": "s3://iro-media/portal?endpoint_url=https://storage.yandexcloud.net",
        },
        capture_output=True,
        text=True,
    )
    media_url, backend, img_src = json.loads(result.stdout)
    assert media_url == "https://storage.yandexcloud.net/iro-media/portal/"
    assert backend == "portal.core.object_storage.PublicMediaStorage"
    assert media_url in img_src


def test_private_documents_cannot_share_the_public_buckets_prefix():
    result = _check(
        DEBUG="1",
        MEDIA_STORAGE_URL="s3://iro/media",
        PRIVATE_STORAGE_URL="s3://iro/media/agreements",
    )
    assert result.returncode != 0
    assert "PRIVATE_STORAGE_URL" in result.stderr
