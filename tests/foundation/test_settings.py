import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "www.cestmoi.rs,cestmoi.rs",
    "SITE_URL": "https://www.cestmoi.rs",
    "DATABASE_URL": "postgres://cestmoi@db:5432/cestmoi",
    "REDIS_URL": "redis://redis:6379/0",
    "CELERY_BROKER_URL": "redis://redis:6379/1",
    "EMAIL_URL": "smtp+tls://shop:secret@mail.example.com:587",
    "MOLLIE_API_KEY": "live_cestmoiExampleKeyNotARealOne0000",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_HTTPS_PROXY": "true",
}


def run(*args: str, env: dict[str, str], timeout=120) -> subprocess.CompletedProcess:
    """Python in the project folder with only `env` (and PATH) as its environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run("-c", code, env=env)


def test_settings_load_with_no_environment_on_the_embedded_defaults():
    result = run_python(
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
        " 'name': str(settings.DATABASES['default']['NAME']),"
        " 'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'mail': settings.EMAIL_BACKEND,"
        " 'mail_dir': str(settings.EMAIL_FILE_PATH), 'media': str(settings.MEDIA_ROOT),"
        " 'debug': settings.DEBUG}))",
        {"DJANGO_SETTINGS_MODULE": "cestmoi.settings"},
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    var = BASE_DIR / "var"
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(var / "db.sqlite3")
    assert loaded["eager"] is True
    assert loaded["mail"] == "django.core.mail.backends.filebased.EmailBackend"
    assert loaded["mail_dir"] == str(var / "mail")
    assert loaded["media"] == str(var / "media")
    assert loaded["debug"] is True


def test_production_environment_passes_check_deploy_without_warnings():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_admin_url_is_configurable():
    result = run_python(
        "import django; django.setup(); from django.urls import reverse;"
        "print(reverse('admin:index'))",
        {"DJANGO_SETTINGS_MODULE": "cestmoi.settings", "ADMIN_URL": "staff-7f3a/"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "/staff-7f3a/"
