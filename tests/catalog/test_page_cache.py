"""The whole-page cache for visitors without a session: one visitor's address must never show
up in the page another visitor is served."""

import gzip
import re

import pytest
from django.test import Client

from catalog.models import Variant

from .factories import CategoryFactory, product_with_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    rings = CategoryFactory(name="Rings", slug="rings")
    product_with_variant(category=rings, name="Sava Ring", slug="sava-ring")


def next_fields(html: str) -> list[str]:
    return [line.strip() for line in html.splitlines() if 'name="next"' in line]


@pytest.mark.parametrize(
    "url",
    ["/", "/product/sava-ring/", "/category/rings/", "/search/?q=ring", "/contact/"],
)
def test_one_visitor_s_query_string_is_never_served_to_another(shop, url):
    joiner = "&" if "?" in url else "?"
    first, second = Client(), Client()
    first_html = first.get(f"{url}{joiner}next=/evil/").content.decode()
    assert all("/evil/" in field for field in next_fields(first_html))

    html = second.get(url).content.decode()

    assert "/evil/" not in html
    assert next_fields(html) and all(f'value="{url}"' in f for f in next_fields(html))


def test_a_listing_page_s_own_parameters_are_cached_per_query_string(shop):
    Client().get("/category/rings/?sort=price_asc")

    html = Client().get("/category/rings/?sort=price_desc").content.decode()

    assert 'value="/category/rings/?sort=price_desc"' in html


def test_a_euro_visitor_without_a_rate_is_not_served_a_dinar_visitor_s_page(shop):
    Client().get("/product/sava-ring/")
    euro = Client()
    euro.cookies["currency"] = "EUR"

    html = euro.get("/product/sava-ring/").content.decode()

    assert 'value="EUR" aria-pressed="true"' in html


# --- served whole before the middleware, and compressed without BREACH -----------------------
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GZIP = {"accept-encoding": "gzip, deflate, br"}


def without_tokens(html: str) -> str:
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


@pytest.mark.parametrize("url", ["/", "/product/sava-ring/", "/category/rings/", "/search/?q=ring"])
def test_a_compressed_page_decodes_to_the_page_served_uncompressed(shop, url):
    uncompressed = Client().get(url)  # stored now
    compressed = Client().get(url, headers=GZIP)

    assert "Content-Encoding" not in uncompressed.headers
    assert compressed.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(compressed.content).decode()
    assert without_tokens(html) == without_tokens(uncompressed.content.decode())
    assert int(compressed.headers["Content-Length"]) == len(compressed.content)
    assert len(compressed.content) < len(html) / 2


def test_a_page_served_from_the_cache_keeps_the_headers_the_middleware_gave_it(shop):
    first = Client().get("/category/rings/")
    again = Client().get("/category/rings/", headers=GZIP)

    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language"):
        assert again.headers[header] == first.headers[header]
    vary = {name.strip() for name in again.headers["Vary"].split(",")}
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= vary
    assert again.cookies["csrftoken"].value


def test_the_csrf_token_is_never_compressed_beside_what_the_visitor_typed(shop):
    """BREACH guesses a secret from the compressed length of a body that reflects the
    attacker's guess: the token goes in as uncompressed bytes, each response its own."""
    url = "/search/?q=csrfmiddlewaretoken"
    Client().get(url)
    first, second = (Client().get(url, headers=GZIP) for _ in range(2))

    tokens = [TOKEN.search(gzip.decompress(r.content).decode())[1] for r in (first, second)]
    assert tokens[0] != tokens[1]
    for response, token in zip((first, second), tokens, strict=True):
        assert token.encode() in response.content  # verbatim inside the gzip stream
    # Everything else but the checksum at the end is byte for byte the same: no compressed
    # length depends on the token.
    assert first.content[:-8].replace(tokens[0].encode(), b"") == second.content[:-8].replace(
        tokens[1].encode(), b""
    )


def test_a_visitor_with_a_session_gets_no_compressed_page(shop, client):
    client.post("/cart/add/", {"variant": Variant.objects.get().pk, "quantity": 1})
    assert client.cookies.get("sessionid")

    for url in ("/category/rings/", "/product/sava-ring/", "/cart/"):
        response = client.get(url, headers=GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert b"Sava Ring" in response.content


def test_a_visitor_s_own_csrf_cookie_works_with_the_cached_page_s_forms(shop):
    visitor = Client(enforce_csrf_checks=True)
    Client().get("/category/rings/")
    visitor.get("/")  # gets a CSRF cookie
    cookie = visitor.cookies["csrftoken"].value

    html = visitor.get("/category/rings/", headers=GZIP)
    token = TOKEN.search(gzip.decompress(html.content).decode())[1]
    response = visitor.post(
        "/currency/", {"currency": "EUR", "next": "/category/rings/", "csrfmiddlewaretoken": token}
    )

    assert visitor.cookies["csrftoken"].value == cookie
    assert response.status_code == 302
