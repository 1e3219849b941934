"""What the shop relies on from the V-SDC, checked through the shop's own ESIR client.

Runs against the fake V-SDC (devtools.fake_vsdc), and unchanged against a real processor
(the Tax Administration's sandbox) when the environment names one and its certificate:

    VSDC_URL=https://… VSDC_CERT_PATH=cert.pem VSDC_KEY_PATH=key.pem VSDC_PAC=… \\
        .venv/bin/python -m pytest tests/fiscal/test_vsdc_contract.py

(`VSDC_CA_PATH` too if the processor's server certificate needs a CA bundle.) Against the real
processor every test issues sandbox receipts; nothing here needs the shop's database."""

import base64
import os
import re
import uuid
from datetime import datetime
from decimal import Decimal

import pytest

from fiscal.rules import Item, ReceiptKind, request_body
from fiscal.vsdc import VsdcClient, VsdcRejected

NUMBER = re.compile(r"^[A-Z0-9]{8}-[A-Z0-9]{8}-(?P<total>\d+)$")
RING = Item("Prsten Luna 54", 1, Decimal("4990.00"), "Ђ")
DELIVERY = Item("Dostava", 1, Decimal("450.00"), "Ђ")


@pytest.fixture(scope="module")
def vsdc():
    url = os.environ.get("VSDC_URL", "")
    if url and os.environ.get("VSDC_CERT_PATH"):
        yield VsdcClient(
            url=url.rstrip("/"),
            cert_path=os.environ["VSDC_CERT_PATH"],
            key_path=os.environ["VSDC_KEY_PATH"],
            ca_path=os.environ.get("VSDC_CA_PATH", ""),
            pac=os.environ.get("VSDC_PAC", ""),
            read_timeout=30.0,
        )
        return
    from devtools.fake_vsdc import FakeVsdcServer

    with FakeVsdcServer() as server:
        yield VsdcClient(url=server.url, read_timeout=5.0)


def _issue(vsdc, kind, items, referent=None):
    body = request_body(
        kind=kind,
        items=items,
        cashier="contract test",
        esir_number=f"TEST-{uuid.uuid4().hex[:8]}",
        referent_number=referent["invoiceNumber"] if referent else "",
        referent_date_time=referent["sdcDateTime"] if referent else "",
    )
    request_id = uuid.uuid4().hex
    return request_id, vsdc.post_invoice(request_id=request_id, body=body)


def test_a_receipt_comes_back_signed_numbered_and_verifiable(vsdc):
    _, receipt = _issue(vsdc, ReceiptKind.ADVANCE_SALE, [RING, DELIVERY])
    number = NUMBER.match(receipt["invoiceNumber"])
    assert number, receipt["invoiceNumber"]
    assert int(number["total"]) == receipt["totalCounter"]
    assert receipt["invoiceCounterExtension"] == "АП"
    assert (
        receipt["invoiceCounter"]
        == f"{receipt['transactionTypeCounter']}/{receipt['totalCounter']}АП"
    )
    assert Decimal(str(receipt["totalAmount"])) == Decimal("5440.00")
    datetime.fromisoformat(receipt["sdcDateTime"])
    assert receipt["signature"]
    assert receipt["journal"]
    assert receipt["verificationUrl"].startswith(("http://", "https://"))
    assert base64.b64decode(receipt["verificationQRCode"]).startswith(b"GIF8")
    (tax,) = receipt["taxItems"]
    assert (tax["label"], Decimal(str(tax["rate"]))) == ("Ђ", Decimal("20"))
    assert Decimal(str(tax["amount"])) == Decimal("906.67")  # 20/120 of 5,440.00


def test_counters_advance_per_transaction_type(vsdc):
    _, first = _issue(vsdc, ReceiptKind.SALE, [RING])
    _, second = _issue(vsdc, ReceiptKind.SALE, [RING])
    assert second["totalCounter"] > first["totalCounter"]
    assert second["transactionTypeCounter"] > first["transactionTypeCounter"]
    _, refund = _issue(vsdc, ReceiptKind.REFUND, [RING], referent=second)
    assert refund["invoiceCounterExtension"] == "ПР"
    assert refund["totalCounter"] > second["totalCounter"]
    assert refund["transactionTypeCounter"] < refund["totalCounter"]


def test_a_request_is_found_by_its_request_id(vsdc):
    request_id, receipt = _issue(vsdc, ReceiptKind.ADVANCE_SALE, [RING])
    found = vsdc.lookup(request_id=request_id)
    assert found is not None
    assert found["invoiceNumber"] == receipt["invoiceNumber"]
    assert vsdc.lookup(request_id=uuid.uuid4().hex) is None


def test_a_refund_refers_to_a_receipt_of_its_own_type(vsdc):
    _, advance = _issue(vsdc, ReceiptKind.ADVANCE_SALE, [RING, DELIVERY])
    _, closing = _issue(vsdc, ReceiptKind.ADVANCE_REFUND, [RING, DELIVERY], referent=advance)
    assert closing["invoiceCounterExtension"] == "АР"
    _, final = _issue(vsdc, ReceiptKind.SALE, [RING, DELIVERY], referent=advance)
    assert final["invoiceCounterExtension"] == "ПП"


def test_a_refund_without_its_sale_is_refused(vsdc):
    with pytest.raises(VsdcRejected, match="referentDocumentNumber"):
        _issue(vsdc, ReceiptKind.REFUND, [RING])
    unknown = {
        "invoiceNumber": "AAAAAAAA-BBBBBBBB-999999",
        "sdcDateTime": "2026-01-01T10:00:00.000+01:00",
    }
    with pytest.raises(VsdcRejected, match="referentDocumentNumber"):
        _issue(vsdc, ReceiptKind.REFUND, [RING], referent=unknown)


def test_a_refund_must_match_the_referenced_receipts_time(vsdc):
    _, sale = _issue(vsdc, ReceiptKind.SALE, [RING])
    wrong_time = {**sale, "sdcDateTime": "2020-01-01T10:00:00.000+01:00"}
    with pytest.raises(VsdcRejected, match="referentDocumentDT"):
        _issue(vsdc, ReceiptKind.REFUND, [RING], referent=wrong_time)


def test_an_unknown_tax_label_or_a_wrong_total_is_refused(vsdc):
    with pytest.raises(VsdcRejected, match="labels"):
        _issue(vsdc, ReceiptKind.SALE, [Item("Prsten", 1, Decimal("100.00"), "Ж")])
    body = request_body(
        kind=ReceiptKind.SALE, items=[RING], cashier="contract test", esir_number="TEST"
    )
    body["items"][0]["totalAmount"] = 4990.01
    body["payment"][0]["amount"] = 4990.01
    with pytest.raises(VsdcRejected, match="totalAmount"):
        vsdc.post_invoice(request_id=uuid.uuid4().hex, body=body)
