import pytest
from django.urls import reverse

from .factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(client):
    user = VerifiedUserFactory(full_name="", email="mila@example.com")
    client.force_login(user)
    return user


def test_header_my_account_link_opens_the_account_area(client, customer):
    home = client.get("/").content.decode()
    assert f'href="{reverse("accounts:overview")}">My account' in home
    page = client.get(reverse("accounts:overview")).content.decode()
    assert "mila@example.com" in page
    assert "You have not saved an address yet." in page
    assert reverse("complaints:complaints_info") in page
    assert reverse("complaints:withdrawal_info") in page


def test_profile_saves_name_and_a_serbian_phone_typed_nationally(client, customer):
    response = client.post(
        reverse("accounts:profile"), {"full_name": "  Mila Jovanović ", "phone": "064 123 4567"}
    )
    assert response["Location"] == reverse("accounts:overview")
    customer.refresh_from_db()
    assert customer.full_name == "Mila Jovanović"
    assert customer.phone.as_e164 == "+381641234567"
    page = client.get(reverse("accounts:overview")).content.decode()
    assert "Mila Jovanović" in page
    assert "+381 64 1234567" in page


def test_profile_accepts_a_foreign_number_and_an_empty_phone(client, customer):
    client.post(reverse("accounts:profile"), {"full_name": "Mila", "phone": "+49 30 901820"})
    customer.refresh_from_db()
    assert customer.phone.as_e164 == "+4930901820"
    client.post(reverse("accounts:profile"), {"full_name": "Mila", "phone": ""})
    customer.refresh_from_db()
    assert not customer.phone


@pytest.mark.parametrize("phone", ["064", "not a phone", "+381 64 12", "0000000000000000"])
def test_profile_names_a_wrong_phone_next_to_the_field(client, customer, phone):
    response = client.post(reverse("accounts:profile"), {"full_name": "Mila", "phone": phone})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_phone_error"' in page
    assert "Enter a valid phone number, e.g. 064 123 4567" in page
    customer.refresh_from_db()
    assert not customer.phone
