import pytest
from django.core.management import call_command
from django.db import IntegrityError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_with_email_logs_in_to_admin(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase-19")
    call_command("createsuperuser", "--noinput", "--email", "Owner@CestMoi.rs", verbosity=0)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "owner@cestmoi.rs", "password": "a-long-admin-passphrase-19"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_email_is_unique_whatever_its_case():
    User.objects.create_user("ana@example.com", "pw-for-test-123")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANA@example.com")


def test_wrong_password_does_not_open_admin(client):
    User.objects.create_superuser("boss@cestmoi.rs", "right-passphrase-42")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss@cestmoi.rs", "password": "wrong"}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
