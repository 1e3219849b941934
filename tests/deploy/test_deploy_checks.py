"""`check --deploy` fails when production would run on a development default: e-mail into
files, tasks in the web process, the fake Mollie, a local or plain-HTTP SITE_URL, HTTPS off,
or a courier API on this machine."""

import pytest
from django.core.checks import registry

from cestmoi.checks import courier_endpoints_check
from tests.foundation.test_settings import PRODUCTION_ENV, run
from tests.orders.factories import courier


def check_deploy(**overrides: str):
    return run("manage.py", "check", "--deploy", env={**PRODUCTION_ENV, **overrides})


def test_the_production_environment_passes():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    # Clean, not merely passing: no warning either, and none silenced.
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"EMAIL_URL": ""}, "cestmoi.E001"),  # e-mails written to files
        ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "cestmoi.E002"),
        ({"CELERY_BROKER_URL": ""}, "cestmoi.E002"),  # no broker: eager by default
        ({"MOLLIE_API_KEY": "test_cestmoiOfflineFakeMollieKey000"}, "cestmoi.E003"),
        ({"MOLLIE_API_ENDPOINT": "http://127.0.0.1:8790"}, "cestmoi.E004"),
        ({"MOLLIE_API_ENDPOINT": "http://fake-mollie:8790"}, "cestmoi.E004"),
        ({"SITE_URL": "https://localhost:8000"}, "cestmoi.E005"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "cestmoi.E005"),
        ({"SITE_URL": "http://www.cestmoi.rs"}, "cestmoi.E006"),
        ({"SECURE_SSL_REDIRECT": "false"}, "cestmoi.E007"),
        ({"SECURE_COOKIES": "false"}, "cestmoi.E007"),
    ],
    ids=lambda value: value if isinstance(value, str) else next(iter(value)),
)
def test_each_unsafe_setting_fails_check_deploy(overrides, error):
    result = check_deploy(**overrides)
    assert result.returncode != 0
    assert error in result.stderr


def test_the_checks_run_only_with_deploy():
    env = {**PRODUCTION_ENV, "EMAIL_URL": ""}
    result = run("manage.py", "check", env=env)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_a_courier_api_on_this_machine_fails_check_deploy_with_the_database():
    assert courier_endpoints_check in registry.registry.get_checks(include_deployment_checks=True)
    method = courier()
    method.courier_api_url = "https://api.courier.example/shipments"
    method.save()
    assert courier_endpoints_check(databases=["default"]) == []
    for local in ("http://127.0.0.1:8791/shipments", "https://localhost/shipments"):
        method.courier_api_url = local
        method.save()
        errors = courier_endpoints_check(databases=["default"])
        assert [error.id for error in errors] == ["cestmoi.E008"]
    # Without --database the check reads nothing.
    assert courier_endpoints_check(databases=None) == []
