"""Staff set up how each courier is notified in the courier service's admin page, with errors
next to the field, and check the set-up with a TEST pick-up notice: made-up data (the shop
itself as recipient), success or the backend's error as a message, never a 500 page."""

import io
import socket
import threading

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import mail
from pypdf import PdfReader

from legal.seller import SELLER
from orders.models import CourierNotification, OrderEvent
from tests.accounts.second_factor import staff_login

from .factories import courier
from .staff_factories import paid_order, staff_member
from .test_couriers import PAYLOAD_KEYS

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/orders/deliverymethod/"


def change_url(method):
    return f"{LIST_URL}{method.pk}/change/"


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def manager_client(client):
    staff_login(client, staff_member("manager@cestmoi.rs", role="Order manager"))
    return client


def form_data(method, **changes):
    data = {
        "name_en": method.name,
        "name_sr_latn": method.name,
        "price": str(method.price),
        "delivery_estimate_en": method.delivery_estimate,
        "delivery_estimate_sr_latn": method.delivery_estimate,
        "tracking_url_template": "",
        "is_active": "on",
        "position": "0",
        "notification_backend": "none",
        "courier_email": "",
        "courier_api_url": "",
    }
    return {**data, **changes}


def field_errors(response, field):
    return response.context["adminform"].form.errors.get(field, [])


def send_test_notice(client, *methods):
    return client.post(
        LIST_URL, {"action": "send_test_notice", "_selected_action": [m.pk for m in methods]}
    )


def configured(name, **fields):
    method = courier(name)
    for field, value in fields.items():
        setattr(method, field, value)
    method.save()
    return method


# --- The form ---------------------------------------------------------------------------


def test_the_page_shows_the_courier_fields_and_the_list_the_backend(manager_client):
    method = configured("D Express", notification_backend="http")
    page = manager_client.get(change_url(method)).content.decode()
    assert "Courier notification" in page
    for field in ("notification_backend", "courier_email", "courier_api_url"):
        assert f'name="{field}"' in page, field
    assert "the pick-up request with the shipping label PDF goes to this address" in page
    listing = manager_client.get(LIST_URL).content.decode()
    assert "Courier&#x27;s web API" in listing
    assert "Send a TEST pick-up notice" in listing


def test_an_email_backend_needs_an_address(manager_client):
    method = courier("Post Express")
    response = manager_client.post(
        change_url(method), form_data(method, notification_backend="email")
    )
    assert response.status_code == 200
    assert field_errors(response, "courier_email") == [
        "Give the courier's e-mail address: notices are sent there."
    ]
    # Shown next to the field, not only at the top of the page.
    assert 'class="form-row errors field-courier_email"' in response.content.decode()
    method.refresh_from_db()
    assert method.notification_backend == "none"


def test_an_api_backend_needs_a_url(manager_client):
    method = courier("D Express")
    response = manager_client.post(
        change_url(method), form_data(method, notification_backend="http")
    )
    assert response.status_code == 200
    assert field_errors(response, "courier_api_url") == [
        "Give the courier's API URL: notices are posted there."
    ]
    assert 'class="form-row errors field-courier_api_url"' in response.content.decode()


def test_in_production_the_api_url_must_be_https(manager_client, settings):
    settings.DEBUG = False
    method = courier("D Express")
    for url in ("http://api.dexpress.example.rs/pickups", "ftp://api.dexpress.example.rs/"):
        data = form_data(method, notification_backend="http", courier_api_url=url)
        response = manager_client.post(change_url(method), data)
        assert field_errors(response, "courier_api_url") == [
            "The courier's API URL must start with https://."
        ]
    data = form_data(method, notification_backend="http", courier_api_url="not a url")
    assert field_errors(manager_client.post(change_url(method), data), "courier_api_url") == [
        "Enter a valid URL."
    ]
    url = "https://api.dexpress.example.rs/pickups"
    response = manager_client.post(
        change_url(method), form_data(method, notification_backend="http", courier_api_url=url)
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.notification_backend, method.courier_api_url) == ("http", url)


def test_in_development_http_is_allowed(manager_client, settings, fake_courier):
    settings.DEBUG = True
    method = courier("D Express")
    ftp = form_data(method, notification_backend="http", courier_api_url="ftp://127.0.0.1/")
    assert field_errors(manager_client.post(change_url(method), ftp), "courier_api_url") == [
        "The courier's API URL must start with https:// or http://."
    ]
    data = form_data(method, notification_backend="http", courier_api_url=fake_courier.url)
    assert manager_client.post(change_url(method), data).status_code == 302
    method.refresh_from_db()
    assert method.courier_api_url == fake_courier.url


def test_an_email_backend_with_its_address_is_saved(manager_client):
    method = courier("Post Express")
    data = form_data(method, notification_backend="email", courier_email="pickup@posta.example.rs")
    assert manager_client.post(change_url(method), data).status_code == 302
    method.refresh_from_db()
    assert (method.notification_backend, method.courier_email) == (
        "email",
        "pickup@posta.example.rs",
    )


# --- The TEST notice ------------------------------------------------------------------


def test_a_test_notice_reaches_the_courier_api(manager_client, fake_courier):
    order = paid_order()  # a real order exists, and stays out of the test
    method = configured("D Express", notification_backend="http", courier_api_url=fake_courier.url)
    response = send_test_notice(manager_client, method)
    assert response.status_code == 302
    [post] = fake_courier.posts
    payload = post["json"]
    assert set(payload) == PAYLOAD_KEYS
    assert payload["order_number"].startswith("TEST-")
    assert payload["recipient_name"] == f"TEST – {SELLER.business_name}"
    assert (payload["street"], payload["postal_code"], payload["city"], payload["country"]) == (
        "Balkanska no. 2",
        "11000",
        "Belgrade",
        "RS",
    )
    assert post["headers"]["X-Test-Notice"] == "true"
    assert post["headers"]["Idempotency-Key"].startswith(payload["order_number"])
    assert order.number not in str(post) and order.email not in str(post)
    [message] = messages_of(response)
    assert message == (
        f"A test notice ({payload['order_number']}) was sent to D Express by Courier's web API."
    )
    assert CourierNotification.objects.count() == 0
    assert OrderEvent.objects.filter(order=order).count() == 0


def test_a_test_notice_by_email_carries_the_label(manager_client):
    method = configured(
        "Post Express", notification_backend="email", courier_email="pickup@posta.example.rs"
    )
    response = send_test_notice(manager_client, method)
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["pickup@posta.example.rs"]
    assert email.subject.startswith("[TEST] Pick-up request: parcel TEST-")
    assert email.body.startswith("THIS IS A TEST. Please do not pick up anything.")
    [(filename, content, mimetype)] = email.attachments
    assert filename.startswith("label-TEST-") and mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "TEST-" in text and "Balkanska no. 2" in text
    assert "was sent to Post Express by E-mail with a shipping label" in messages_of(response)[0]
    assert CourierNotification.objects.count() == 0


def test_a_courier_api_error_is_a_message(manager_client, fake_courier):
    method = configured("D Express", notification_backend="http", courier_api_url=fake_courier.url)
    fake_courier.fail_next(1, status=500)
    response = send_test_notice(manager_client, method)
    assert response.status_code == 302
    assert messages_of(response) == [
        "The test notice to D Express failed: D Express answered HTTP 500"
    ]
    assert fake_courier.posts == []


@pytest.fixture
def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server(settings):
    """Accepts connections and never answers: the courier times out."""
    settings.COURIER_API_TIMEOUT = 0.5
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def not_http_server():
    """Answers with something that is not HTTP."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer():
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"hello, this is not HTTP\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    thread.join(timeout=5)
    server.close()


@pytest.mark.parametrize("server", ["closed_port", "silent_server", "not_http_server"])
def test_an_unreachable_courier_is_a_message(manager_client, request, server):
    port = request.getfixturevalue(server)
    url = f"http://127.0.0.1:{port}/shipments"
    method = configured("D Express", notification_backend="http", courier_api_url=url)
    response = send_test_notice(manager_client, method)
    assert response.status_code == 302
    [message] = messages_of(response)
    assert message.startswith("The test notice to D Express failed: D Express could not be reached")


def test_a_courier_without_automatic_notice_has_nothing_to_test(manager_client, fake_courier):
    method = courier("Post Express")
    response = send_test_notice(manager_client, method)
    assert messages_of(response) == [
        "The test notice to Post Express failed: Post Express has no automatic notice: "
        "choose how to notify the courier first."
    ]
    assert mail.outbox == [] and fake_courier.attempts == 0


def test_staff_who_may_not_change_couriers_cannot_send_a_test(client, fake_courier):
    viewer = staff_member("viewer@cestmoi.rs")
    viewer.user_permissions.add(Permission.objects.get(codename="view_deliverymethod"))
    staff_login(client, viewer)
    method = configured("D Express", notification_backend="http", courier_api_url=fake_courier.url)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert "Send a TEST pick-up notice" not in listing.content.decode()
    response = send_test_notice(client, method)
    assert response.status_code in (200, 302)
    assert fake_courier.attempts == 0
    assert mail.outbox == []
