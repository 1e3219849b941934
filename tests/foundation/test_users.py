import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_with_email_signs_in_to_admin_through_allauth(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-passphrase-19")
    call_command("createsuperuser", "--noinput", "--email", "Owner@CestMoi.rs", verbosity=0)

    login_url = client.get("/admin/login/?next=/admin/")["Location"]
    assert login_url == "/accounts/login/?next=%2Fadmin%2F"
    client.post(login_url, {"login": "owner@cestmoi.rs", "password": "a-long-admin-passphrase-19"})
    # The first sign-in verifies the address (allauth), which signs the owner in...
    (verification,) = mail.outbox
    client.post(re.search(r"https?://\S+", verification.body).group(0))
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    # ...and the admin asks for an authenticator app first (tests/accounts/test_staff_mfa.py).
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/?next=%2Fadmin%2F"


def test_email_is_unique_whatever_its_case():
    User.objects.create_user("ana@example.com", "pw-for-test-123")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANA@example.com")


def test_wrong_password_does_not_open_admin(client):
    User.objects.create_superuser("boss@cestmoi.rs", "right-passphrase-42")
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": "boss@cestmoi.rs", "password": "wrong"}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
