"""Every kind of answer the shop gives (an HTML page, the admin, a PDF, the payment webhook,
the health check, an error page: 404, 403, 429) carries the browser protections: HSTS on
HTTPS, no MIME sniffing, a same-origin referrer, no framing, and a CSP that allows no inline
script or style."""

import pytest
from django.test import Client

from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

pytestmark = pytest.mark.django_db


def assert_protected(response, what: str) -> None:
    headers = response.headers
    assert "max-age=31536000" in headers.get("Strict-Transport-Security", ""), what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "same-origin", what
    assert headers.get("X-Frame-Options") == "DENY", what
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy, what
    assert "script-src 'self'" in policy and "object-src 'none'" in policy, what
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, what


@pytest.fixture
def https(settings):
    # Production's values (settings read them with DEBUG off); the tests run with DEBUG's.
    settings.SECURE_HSTS_SECONDS = 31_536_000
    return Client()


def test_pages_downloads_and_machine_endpoints_carry_the_protections(
    https, legal_texts, fake_mollie
):
    answers = {
        "home page": https.get("/", secure=True),
        "sign-in page": https.get("/accounts/login/", secure=True),
        "admin sign-in": https.get("/admin/login/", secure=True),
        "PDF download": https.get("/complaints/form.pdf", secure=True),
        "health check (JSON)": https.get("/healthz/", secure=True),
        "payment webhook": https.post("/payments/webhook/", {"id": "tr_unknown"}, secure=True),
        "robots.txt": https.get("/robots.txt", secure=True),
        "404 page": https.get("/no-such-page/", secure=True),
    }
    assert answers["PDF download"]["Content-Type"] == "application/pdf"
    assert answers["404 page"].status_code == 404
    for what, response in answers.items():
        assert response.status_code < 500, what
        assert_protected(response, what)


def test_the_admin_and_a_403_carry_the_protections(https):
    staff_login(https, staff_member("marketing@cestmoi.rs", role="Marketing"))
    admin = https.get("/admin/", secure=True)
    refused = https.get("/admin/orders/order/", secure=True)
    assert admin.status_code == 200 and refused.status_code == 403
    assert_protected(admin, "admin")
    assert_protected(refused, "403 page")


def test_a_429_page_carries_the_protections(https):
    answers = [
        https.post("/newsletter/", {"email": "Target@Example.com"}, secure=True) for _ in range(4)
    ]
    assert answers[-1].status_code == 429
    assert_protected(answers[-1], "429 page")


def test_the_500_page_carries_the_protections(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.ROOT_URLCONF = "tests.deploy.failing_urls"
    client = Client(raise_request_exception=False)
    failed = client.get("/failing/", secure=True)
    assert failed.status_code == 500
    assert b"Something went wrong" in failed.content
    assert_protected(failed, "500 page")


def test_static_files_carry_the_protections(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    # WhiteNoise serves straight from the source folders, as without collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()
    for path in ("/static/css/site.css", "/static/js/gallery.js", "/static/img/favicon.svg"):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_protected(response, path)
