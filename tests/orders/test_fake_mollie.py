"""The fake Mollie API as a client other than mollie-api-python sees it: the hosted page, the
errors in Mollie's format, and the control API the checkout tests will use."""

import socket
import subprocess
import sys
import time

import pytest
import requests

KEY = "test_cestmoiOfflineFakeMollieKey000"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def api(fake_mollie):
    session = requests.Session()
    session.headers.update(AUTH)

    def call(method, path, **kwargs):
        return session.request(method, fake_mollie.url + path, timeout=5, **kwargs)

    yield call
    session.close()


@pytest.fixture
def payment(api, shop):
    response = api(
        "POST",
        "/v2/payments",
        json={
            "amount": {"currency": "EUR", "value": "42.00"},
            "description": "Order CM-2026-000042 <ring>",
            "redirectUrl": f"{shop.url}/orders/42/",
            "webhookUrl": f"{shop.url}/payments/webhook/",
            "metadata": {"order_id": 42},
        },
    )
    assert response.status_code == 201
    return response.json()


def test_checkout_page_shows_what_is_paid(payment):
    page = requests.get(payment["_links"]["checkout"]["href"], timeout=5)
    assert page.status_code == 200
    assert "€42.00" in page.text
    assert "Order CM-2026-000042 &lt;ring&gt;" in page.text
    for choice in ("Paid", "Failed", "Canceled", "Expired"):
        assert f">{choice}</button>" in page.text


def test_choosing_an_outcome_calls_the_webhook_then_redirects_back(payment, api, shop):
    answer = requests.post(
        payment["_links"]["checkout"]["href"],
        data={"status": "failed"},
        allow_redirects=False,
        timeout=5,
    )
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"{shop.url}/orders/42/"
    [webhook] = shop.calls
    assert webhook["path"] == "/payments/webhook/"
    assert webhook["content_type"] == "application/x-www-form-urlencoded"
    assert webhook["form"] == {"id": [payment["id"]]}
    fetched = api("GET", f"/v2/payments/{payment['id']}").json()
    assert fetched["status"] == "failed"
    assert "failedAt" in fetched
    assert "checkout" not in fetched["_links"]


def test_a_second_submit_changes_nothing(payment, api, shop):
    checkout = payment["_links"]["checkout"]["href"]
    requests.post(checkout, data={"status": "paid"}, allow_redirects=False, timeout=5)
    again = requests.post(checkout, data={"status": "failed"}, allow_redirects=False, timeout=5)
    assert again.status_code == 303
    assert api("GET", f"/v2/payments/{payment['id']}").json()["status"] == "paid"
    assert len(shop.calls) == 1
    assert "This payment is paid" in requests.get(checkout, timeout=5).text


def test_a_late_webhook_can_be_sent_later(payment, api, shop, fake_mollie):
    requests.post(
        payment["_links"]["checkout"]["href"],
        data={"status": "paid", "webhook": "skip"},
        allow_redirects=False,
        timeout=5,
    )
    assert shop.calls == []
    assert api("GET", f"/v2/payments/{payment['id']}").json()["status"] == "paid"

    sent = api("POST", f"/_fake/payments/{payment['id']}/webhook").json()
    assert sent["status"] == 200
    assert shop.calls[0]["form"] == {"id": [payment["id"]]}
    assert fake_mollie.webhook_calls == [sent]


def test_control_api_sets_statuses_and_lists_payments(payment, api, shop):
    answer = api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "paid"})
    assert answer.json()["status"] == "paid"
    assert answer.json()["amountRemaining"] == {"currency": "EUR", "value": "42.00"}
    assert len(shop.calls) == 1

    refused = api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "open"})
    assert refused.status_code == 409
    listed = api("GET", "/_fake/payments").json()
    assert listed["count"] == 1
    assert listed["payments"][0]["id"] == payment["id"]
    assert listed["payments"][0]["_embedded"] == {"refunds": []}


def test_refunds_can_be_advanced_and_canceled_over_http(payment, api, shop):
    api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "paid"})
    refunds = f"/v2/payments/{payment['id']}/refunds"
    first = api("POST", refunds, json={"amount": {"currency": "EUR", "value": "10.00"}}).json()
    second = api("POST", refunds, json={"amount": {"currency": "EUR", "value": "5.00"}}).json()

    assert api("DELETE", f"{refunds}/{second['id']}").status_code == 204
    processing = api("POST", f"/_fake/refunds/{first['id']}/status", data={"status": "processing"})
    assert processing.json()["status"] == "processing"
    assert api("DELETE", f"{refunds}/{first['id']}").status_code == 422

    payment_now = api("GET", f"/v2/payments/{payment['id']}?embed=refunds").json()
    assert payment_now["amountRefunded"]["value"] == "10.00"
    assert [r["status"] for r in payment_now["_embedded"]["refunds"]] == ["processing", "canceled"]
    assert api("GET", f"{refunds}/{first['id']}").json()["amount"]["value"] == "10.00"
    # one webhook for "paid", one for the refund reaching "processing"
    assert [call["form"]["id"] for call in shop.calls] == [[payment["id"]], [payment["id"]]]


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        ({"currency": "EUR", "value": "10"}, "amount.value"),
        ({"currency": "EUR", "value": "10.0"}, "amount.value"),
        ({"currency": "EUR", "value": "10.000"}, "amount.value"),
        ({"currency": "EUR", "value": 10.00}, "amount.value"),
        ({"currency": "EUR", "value": "1,00"}, "amount.value"),
        ({"currency": "EUR", "value": "0.00"}, "amount.value"),
        ({"currency": "USD", "value": "10.00"}, "amount.currency"),
        ({"value": "10.00"}, "amount.currency"),
        (None, "amount"),
    ],
)
def test_amounts_are_validated_like_mollie(amount, field, api, shop):
    answer = api(
        "POST",
        "/v2/payments",
        json={"amount": amount, "description": "x", "redirectUrl": shop.url},
    )
    assert answer.status_code == 422
    error = answer.json()
    assert (error["status"], error["title"], error["field"]) == (422, "Unprocessable Entity", field)
    assert error["_links"]["documentation"]["href"].startswith("https://docs.mollie.com/")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"description": "", "redirectUrl": "http://127.0.0.1/"}, "description"),
        ({"description": "x", "redirectUrl": "javascript:alert(1)"}, "redirectUrl"),
        (
            {"description": "x", "redirectUrl": "http://127.0.0.1/", "webhookUrl": "ftp://a"},
            "webhookUrl",
        ),
        (
            {"description": "x", "redirectUrl": "http://127.0.0.1/", "metadata": "m" * 2000},
            "metadata",
        ),
    ],
)
def test_other_payment_fields_are_validated(data, field, api):
    answer = api(
        "POST", "/v2/payments", json={"amount": {"currency": "EUR", "value": "1.00"}, **data}
    )
    assert (answer.status_code, answer.json()["field"]) == (422, field)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer live_" + "a" * 30, "Bearer test_short", "Basic " + KEY, "Bearer"],
)
def test_requests_without_a_test_key_get_401(authorization, fake_mollie):
    headers = {"Authorization": authorization} if authorization else {}
    answer = requests.get(f"{fake_mollie.url}/v2/payments/tr_x", headers=headers, timeout=5)
    assert answer.status_code == 401
    assert answer.json()["title"] == "Unauthorized Request"


def test_unknown_ids_get_mollie_404s(api, payment, fake_mollie):
    answer = api("GET", "/v2/payments/tr_unknown")
    assert answer.status_code == 404
    assert answer.json()["detail"] == "No payment exists with token tr_unknown."
    assert api("GET", f"/v2/payments/{payment['id']}/refunds/re_unknown").status_code == 404
    assert requests.get(f"{fake_mollie.url}/checkout/tr_nope", timeout=5).status_code == 404


def test_broken_json_is_a_400(api):
    answer = api(
        "POST", "/v2/payments", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert (answer.status_code, answer.json()["status"]) == (400, 400)


def test_command_line_server_starts_and_serves():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.fake_mollie", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert f"http://127.0.0.1:{port}" in process.stdout.readline()
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/_fake/payments", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert answer.json() == {"count": 0, "payments": []}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_control_can_skip_the_webhook_and_charge_back_part_of_a_payment(payment, api, shop):
    api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "paid", "webhook": "0"})
    assert shop.calls == []
    charged = api(
        "POST", f"/_fake/payments/{payment['id']}/chargeback", data={"amount": "12.00"}
    ).json()
    assert charged["amountChargedBack"] == {"currency": "EUR", "value": "12.00"}
    assert charged["amountRemaining"] == {"currency": "EUR", "value": "30.00"}
    assert [call["form"]["id"] for call in shop.calls] == [[payment["id"]]]
    too_much = api("POST", f"/_fake/payments/{payment['id']}/chargeback", data={"amount": "30.01"})
    assert too_much.status_code == 422


def test_faults_lose_answers_and_a_replay_under_the_same_key_makes_nothing_twice(payment, api):
    api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "paid"})
    refunds = f"/v2/payments/{payment['id']}/refunds"
    body = {"amount": {"currency": "EUR", "value": "10.00"}, "metadata": {"refund_id": 7}}
    key = {"Idempotency-Key": "order-refund-7"}
    fault = {"path_contains": "/refunds", "method": "POST", "mode": "error_after_success"}
    assert api("POST", "/_fake/faults", json=fault).status_code == 201
    assert api("GET", "/_fake/faults").json()["count"] == 1

    lost = api("POST", refunds, json=body, headers=key)
    assert (lost.status_code, lost.json()["status"]) == (500, 500)
    (made,) = api("GET", refunds).json()["_embedded"]["refunds"]  # made all the same
    replay = api("POST", refunds, json=body, headers=key)
    assert (replay.status_code, replay.json()["id"]) == (201, made["id"])
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert api("GET", refunds).json()["count"] == 1
    assert api("GET", "/_fake/faults").json()["count"] == 0


def test_a_timed_out_request_is_carried_out_and_an_unavailable_one_is_not(
    payment, api, fake_mollie
):
    api("POST", f"/_fake/payments/{payment['id']}/status", data={"status": "paid"})
    refunds = f"/v2/payments/{payment['id']}/refunds"
    body = {"amount": {"currency": "EUR", "value": "1.00"}}
    api("POST", "/_fake/faults", json={"path_contains": "/refunds", "mode": "unavailable"})
    assert api("POST", refunds, json=body).status_code == 503
    assert api("GET", refunds).json()["count"] == 0

    api(
        "POST",
        "/_fake/faults",
        json={"path_contains": "/refunds", "mode": "timeout_after_success", "delay": 1},
    )
    with pytest.raises(requests.ReadTimeout):
        requests.post(fake_mollie.url + refunds, json=body, headers=AUTH, timeout=(5, 0.3))
    assert api("GET", refunds).json()["count"] == 1


def test_faults_are_checked(api):
    unknown = api("POST", "/_fake/faults", json={"mode": "explode"})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "mode")
    assert api("POST", "/_fake/faults", data={"mode": "slow", "count": "0"}).status_code == 400
    assert api("GET", "/_fake/faults").json() == {"count": 0, "faults": []}
