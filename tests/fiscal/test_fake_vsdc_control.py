"""The fake V-SDC's control API, over HTTP, as a test in another process would use it."""

import json
import urllib.error
import urllib.request
import uuid
from decimal import Decimal

import pytest

from devtools.fake_vsdc import FakeVsdcServer
from fiscal.rules import Item, ReceiptKind, request_body
from fiscal.vsdc import CertificateRefused, VsdcClient

BODY = request_body(
    kind=ReceiptKind.SALE,
    items=[Item("Prsten", 1, Decimal("100.00"), "Ђ")],
    cashier="c",
    esir_number="n",
)


def _call(url, method="GET", data=None):
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, json.loads(response.read())


@pytest.fixture
def fake():
    with FakeVsdcServer(pac="ABC123") as server:
        yield server


def test_faults_invoices_and_reset_over_http(fake):
    client = VsdcClient(url=fake.url, pac="ABC123")
    status, fault = _call(f"{fake.url}/_fake/faults", "POST", {"mode": "certificate_refused"})
    assert status == 201 and fault["count"] == 1
    with pytest.raises(CertificateRefused):
        client.post_invoice(request_id=uuid.uuid4().hex, body=BODY)
    client.post_invoice(request_id="r1", body=BODY)
    status, invoices = _call(f"{fake.url}/_fake/invoices")
    assert [i["requestId"] for i in invoices] == ["r1"]
    # Its verification page answers for the receipt.
    with urllib.request.urlopen(invoices[0]["response"]["verificationUrl"], timeout=5) as page:
        assert invoices[0]["response"]["invoiceNumber"] in page.read().decode()
    _call(f"{fake.url}/_fake/reset", "POST", {})
    assert _call(f"{fake.url}/_fake/invoices")[1] == []


def test_a_wrong_pac_is_refused(fake):
    with pytest.raises(CertificateRefused):
        VsdcClient(url=fake.url, pac="WRONG").post_invoice(request_id="r2", body=BODY)
    assert fake.invoices() == []


def test_an_unknown_fault_mode_is_a_clear_400(fake):
    with pytest.raises(urllib.error.HTTPError) as refused:
        _call(f"{fake.url}/_fake/faults", "POST", {"mode": "explode"})
    assert refused.value.code == 400


def test_a_fake_started_again_never_repeats_a_receipt_number():
    numbers = set()
    for _ in range(2):
        with FakeVsdcServer() as server:
            receipt = VsdcClient(url=server.url).post_invoice(request_id="r", body=BODY)
            numbers.add(receipt["invoiceNumber"])
    assert len(numbers) == 2
