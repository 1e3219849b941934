"""Every public form and machine endpoint answers whatever is posted to it (random text, huge
values, NUL, bytes that are no UTF-8 such as encoded surrogates, missing fields, the same key
repeated) with a page, a redirect or a 4xx, never a server error."""

from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.orders.factories import courier, ring

pytestmark = pytest.mark.django_db

PUBLIC_POSTS = [
    "/newsletter/",
    "/contact/write/",
    "/complaints/new/",
    "/withdraw/new/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/cart/add/",
    "/checkout/",
    "/checkout/delivery/",
    "/checkout/review/",
    "/checkout/confirm/",
    "/currency/",
    "/i18n/setlang/",
    "/payments/webhook/",
    "/payments/bank/callback/",
    "/payments/bank/return/",
]
PUBLIC_GETS = ["/search/", "/", "/cart/", "/privacy/", "/complaints/new/", "/withdraw/new/"]

# The names the forms read, so that the fuzzed values reach the checks behind them.
FIELD_NAMES = [
    "email", "full_name", "name", "subject", "body", "message", "description", "goods",
    "order_number", "remedy", "lines", "login", "password", "password1", "password2",
    "variant", "quantity", "q", "page", "sort", "currency", "language", "next", "id", "oid",
    "kind", "consent", "phone", "street", "city", "postal_code", "delivery_method",
    "accept_terms", "Response", "ProcReturnCode", "HASH", "HASHPARAMSVAL", "statement",
]  # fmt: skip

NASTY_BYTES = [
    b"\x00",
    b"\xed\xa0\x80",  # a UTF-16 surrogate written as UTF-8: no valid text
    b"\xff\xfe",
    b"9" * 40,
    b"-1",
    b"x" * 100_000,
    "ž\u202eŠ".encode(),
]
values = st.one_of(
    st.text(max_size=50).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.sampled_from(NASTY_BYTES),
    st.integers().map(lambda number: str(number).encode()),
)
# Pairs, so that a key can come twice and any key can be missing.
bodies = st.lists(
    st.tuples(st.sampled_from(FIELD_NAMES).map(str.encode) | st.binary(max_size=8), values),
    max_size=12,
)


def urlencoded(pairs) -> str:
    return "&".join(f"{quote_from_bytes(key)}={quote_from_bytes(value)}" for key, value in pairs)


FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def shop(legal_texts, fake_mollie, fake_bank):
    ring(stock=5)
    courier()


@pytest.mark.parametrize("url", ["/payments/bank/return/", "/payments/bank/callback/"])
def test_a_bank_form_posted_to_a_shop_without_the_bank_is_refused(client, url):
    # Found by the fuzzing below: the shop answered 500 for the missing bank settings.
    assert client.post(url, {"oid": "x", "HASH": "y"}).status_code == 400


def test_a_webhook_for_an_id_the_shop_never_made_is_ignored(client, shop):
    # Found by the fuzzing below: an id with a control character went to the bank inside
    # its XML, which no parser takes, and the webhook answered 503.
    assert client.post("/payments/webhook/", {"id": "\x1f"}).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_POSTS)
@FUZZ
@given(body=bodies)
def test_no_post_makes_a_public_endpoint_fail(client, shop, url, body):
    response = client.post(url, urlencoded(body), content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500, (url, body, response.content[:300])


@pytest.mark.parametrize("url", PUBLIC_GETS)
@FUZZ
@given(query=bodies)
def test_no_query_string_makes_a_public_page_fail(client, shop, url, query):
    response = client.get(f"{url}?{urlencoded(query)}")
    assert response.status_code < 500, (url, query, response.content[:300])
