import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import selectors, services
from accounts.models import Address
from accounts.rules import ADDRESS_BOOK_LIMIT

from .factories import AddressFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Jelena Petrović",
    "street": "Knez Mihailova 12",
    "postal_code": "11000",
    "city": "Beograd",
    "phone": "064 123 4567",
}


def add(user, **overrides):
    return services.address_create(user=user, **{**VALID, **overrides})


def default_ids(user):
    return list(Address.objects.filter(user=user, is_default=True).values_list("pk", flat=True))


def test_first_address_becomes_the_default_and_later_ones_do_not():
    user = VerifiedUserFactory()
    first = add(user)
    second = add(user, street="Bulevar kralja Aleksandra 1")
    assert default_ids(user) == [first.pk]
    assert list(selectors.addresses_for_user(user)) == [first, second]


def test_setting_a_default_moves_it_and_keeps_exactly_one():
    user = VerifiedUserFactory()
    first, second = add(user), add(user, street="Cara Dušana 5")
    services.address_set_default(address=second)
    assert default_ids(user) == [second.pk]
    assert selectors.address_default_for_user(user) == second
    assert list(selectors.addresses_for_user(user)) == [second, first]
    first.refresh_from_db()
    assert not first.is_default


def test_creating_with_make_default_takes_the_default_over():
    user = VerifiedUserFactory()
    add(user)
    third = add(user, street="Cara Dušana 5", make_default=True)
    assert default_ids(user) == [third.pk]


def test_deleting_the_default_promotes_the_newest_remaining_address():
    user = VerifiedUserFactory()
    first = add(user)
    add(user, street="Cara Dušana 5")
    newest = add(user, street="Njegoševa 7")
    services.address_delete(address=first)
    assert default_ids(user) == [newest.pk]


def test_deleting_the_last_address_leaves_an_empty_book():
    user = VerifiedUserFactory()
    services.address_delete(address=add(user))
    assert not selectors.addresses_for_user(user).exists()
    assert selectors.address_default_for_user(user) is None


def test_the_database_refuses_a_second_default_address():
    address = AddressFactory(is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AddressFactory(user=address.user, is_default=True)


def test_defaults_of_different_users_do_not_interfere():
    mine, theirs = VerifiedUserFactory(), VerifiedUserFactory()
    my_address, their_address = add(mine), add(theirs)
    assert default_ids(mine) == [my_address.pk]
    assert default_ids(theirs) == [their_address.pk]
    assert list(selectors.addresses_for_user(mine)) == [my_address]


# --- Pages ------------------------------------------------------------------------------------


@pytest.fixture
def customer(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    return user


def test_adding_an_address_normalises_postal_code_and_phone(client, customer):
    response = client.post(
        reverse("accounts:address_add"), {**VALID, "postal_code": "11 000"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:addresses")
    address = Address.objects.get(user=customer)
    assert address.postal_code == "11000"
    assert address.phone.as_e164 == "+381641234567"
    assert address.country == "RS"
    assert address.is_default
    page = response.content.decode()
    assert "Knez Mihailova 12" in page
    assert "+381 64 1234567" in page


def test_an_international_phone_number_is_accepted(client, customer):
    client.post(reverse("accounts:address_add"), {**VALID, "phone": "+44 20 7946 0958"})
    assert Address.objects.get(user=customer).phone.as_e164 == "+442079460958"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("postal_code", "1100", "five digits"),
        ("postal_code", "ABCDE", "five digits"),
        ("postal_code", "38220", "cannot deliver to Kosovo and Metohija"),
        ("phone", "12345", "Enter a valid phone number, e.g. 064 123 4567"),
        ("phone", "", "This field is required."),
        ("street", "", "This field is required."),
    ],
)
def test_a_wrong_field_is_named_next_to_it_and_nothing_is_saved(
    client, customer, field, value, message
):
    response = client.post(reverse("accounts:address_add"), {**VALID, field: value})
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert message in page
    assert not Address.objects.filter(user=customer).exists()


def test_editing_an_address_changes_it(client, customer):
    address = add(customer)
    response = client.post(
        reverse("accounts:address_edit", args=[address.pk]), {**VALID, "city": "Novi Sad"}
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.city == "Novi Sad"
    assert address.is_default


def test_delete_asks_first_and_deletes_on_post(client, customer):
    address = add(customer)
    url = reverse("accounts:address_delete", args=[address.pk])
    assert client.get(url).status_code == 200
    assert Address.objects.filter(pk=address.pk).exists()
    client.post(url)
    assert not Address.objects.filter(pk=address.pk).exists()


def test_set_default_only_accepts_post(client, customer):
    add(customer)
    second = add(customer, street="Cara Dušana 5")
    url = reverse("accounts:address_set_default", args=[second.pk])
    assert client.get(url).status_code == 405
    client.post(url)
    assert default_ids(customer) == [second.pk]


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("accounts:address_edit", "get"),
        ("accounts:address_edit", "post"),
        ("accounts:address_delete", "get"),
        ("accounts:address_delete", "post"),
        ("accounts:address_set_default", "post"),
    ],
)
def test_another_users_address_is_not_found_and_untouched(client, customer, name, method):
    theirs = add(VerifiedUserFactory())
    add(VerifiedUserFactory(), street="Drugi 2")
    response = getattr(client, method)(reverse(name, args=[theirs.pk]), VALID)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.street == VALID["street"]
    assert theirs.is_default


def test_a_full_address_book_says_so_and_saves_nothing(client, customer):
    AddressFactory.create_batch(ADDRESS_BOOK_LIMIT, user=customer)
    response = client.post(reverse("accounts:address_add"), VALID)
    assert response.status_code == 200
    assert "Your address book is full (20 addresses)" in response.content.decode()
    assert Address.objects.filter(user=customer).count() == ADDRESS_BOOK_LIMIT


def test_the_address_list_shows_only_my_addresses(client, customer):
    add(customer, street="Moja ulica 1")
    add(VerifiedUserFactory(), street="Tuđa ulica 2")
    page = client.get(reverse("accounts:addresses")).content.decode()
    assert "Moja ulica 1" in page
    assert "Tuđa ulica 2" not in page


def test_a_nonexistent_address_id_is_a_404_page(client, customer):
    response = client.get("/account/addresses/999999999/edit/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["accounts:overview", "accounts:profile", "accounts:addresses", "accounts:orders"]
)
def test_the_account_area_asks_visitors_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
