"""The forms a signed-in customer fills (profile, address book, password and e-mail changes),
the checkout's steps with a full cart, and the complaint and withdrawal forms for their own
order answer whatever is posted to them with a page, a redirect or a 4xx, never a server error;
and an empty post to each form says what is missing."""

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from tests.accounts.factories import AddressFactory, VerifiedUserFactory
from tests.complaints.complaint_factories import delivered_order
from tests.orders.checkout_steps import add_to_cart, fill_checkout
from tests.orders.factories import courier, ring

from .test_form_fuzzing import FIELD_NAMES, FUZZ, urlencoded, values

pytestmark = pytest.mark.django_db

# The customer's own forms' field names, beside the public ones, so that fuzzed values reach
# the checks behind them.
CUSTOMER_FIELDS = [
    *FIELD_NAMES, "oldpassword", "action_add", "action_primary", "action_remove", "is_default",
    "saved_address", "checkout_key", "newsletter", "repair_consent", "reason", "sent_on",
    "address", "quantity_1", "quantity_2", "lines", "engraving",
]  # fmt: skip
bodies = st.lists(
    st.tuples(st.sampled_from(CUSTOMER_FIELDS).map(str.encode) | st.binary(max_size=8), values),
    max_size=12,
)

# url, and whether an empty POST is refused with the form's errors (a page that says what is
# missing) rather than a redirect (a step that sends the customer back to the one before).
CUSTOMER_POSTS = [
    # Name and phone are optional: an empty profile is a valid one.
    ("/account/profile/", False),
    ("/account/addresses/new/", True),
    ("/account/addresses/{address}/edit/", True),
    ("/accounts/password/change/", True),
    # allauth's e-mail page sends a post without one of its buttons back to itself.
    ("/accounts/email/", False),
    ("/checkout/", True),
    ("/checkout/delivery/", True),
    ("/checkout/review/", True),
    ("/checkout/confirm/", False),
    ("/complaints/new/{order}/", True),
    ("/withdraw/new/{order}/", True),
]
# Public forms (fuzzed in test_form_fuzzing.py), whose empty post must say what is missing too.
PUBLIC_FORMS = ["/complaints/new/", "/withdraw/new/", "/contact/write/", "/privacy/"]


@pytest.fixture
def customer(legal_texts, fake_mollie):
    """A signed-in customer with an address, a delivered order and a cart at the confirm step."""
    user = VerifiedUserFactory()
    order = delivered_order(email=user.email, user=user)
    client = Client()
    client.force_login(user)
    delivery = courier()
    add_to_cart(client, ring(stock=50)[0], quantity=2)
    fill_checkout(client, delivery)
    ids = {"address": AddressFactory(user=user).pk, "order": order.number}
    return client, ids


def test_an_empty_post_to_a_customer_form_says_what_is_missing(customer):
    client, ids = customer
    wrong = []
    for url, empty_shows_errors in CUSTOMER_POSTS + [(url, True) for url in PUBLIC_FORMS]:
        response = client.post(url.format(**ids), {})
        if not empty_shows_errors:
            if response.status_code not in (302, 400):
                wrong.append(f"{url}: HTTP {response.status_code}")
        elif response.status_code not in (200, 400):
            wrong.append(f"{url}: HTTP {response.status_code}")
        elif b"errorlist" not in response.content:
            wrong.append(f"{url}: the blank form again, no error shown")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("url", [url for url, _ in CUSTOMER_POSTS])
@FUZZ
@given(body=bodies)
def test_no_post_makes_a_customer_form_fail(customer, url, body):
    client, ids = customer
    response = client.post(
        url.format(**ids), urlencoded(body), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, (url, body, response.content[:300])
