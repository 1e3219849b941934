"""A fake of the Tax Administration's virtual fiscal processor (V-SDC, TaxCore API v3), for
offline runs and tests: `POST /api/v3/invoices`, the look-up of a request by its RequestId,
a verification page, and a control API under /_fake/ (no PAC needed).

It validates as the real processor does what the shop relies on: the invoice and
transaction types, card and the other payment types, items whose total is quantity × unit
price, tax labels from its tax-rate table (Ђ 20 %, Е 10 %, А 0 %), payments that add up to
the items, refunds only against a receipt of the same invoice type that exists, with its
number and time, and not beyond what that receipt (minus earlier refunds) was worth. It
numbers receipts "<requestedBy>-<signedBy>-<totalCounter>" with a counter per invoice and
transaction type ("12/40АП").

Unlike the shop's wish, it does not deduplicate: a RequestId posted twice gets two receipts,
the worst case the shop must avoid. `/_fake/invoices` lists them with their RequestId.

Faults (POST /_fake/faults {"mode", "count", "delay", "path_contains", "method"}):
- "slow": carried out and answered after `delay` seconds;
- "unavailable": answered 503 without being carried out;
- "error_after_success": carried out, then answered 500;
- "timeout_after_success": carried out, then the answer is held for `delay` seconds and the
  connection closed without one (the client times out first);
- "certificate_refused": answered 401 as when the client certificate or PAC is refused.
With `--pac`, any request without that PAC header is refused the same way. With `--tls-cert`,
`--tls-key` and `--client-ca` it speaks HTTPS and, like the real processor, completes the TLS
handshake only with a client certificate signed by that CA."""

import base64
import contextlib
import html
import io
import json
import re
import secrets
import ssl
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from devtools.background import BackgroundHTTPServer

# The TaxCore tax-rate table of Serbia's VAT (category ECAL) and the "not in VAT" label.
TAX_RATES = {"Ђ": Decimal("20"), "Е": Decimal("10"), "А": Decimal("0")}
CATEGORY_NAMES = {"Ђ": "ECAL", "Е": "ECAL", "А": "N-TAX"}
INVOICE_TYPES = ("Normal", "Advance")
TRANSACTION_TYPES = ("Sale", "Refund")
PAYMENT_TYPES = ("Other", "Cash", "Card", "Check", "WireTransfer", "Voucher", "MobileMoney")
# The counter extension of each (invoiceType, transactionType): Promet/Avans, Prodaja/Refundacija.
EXTENSIONS = {
    ("Normal", "Sale"): "ПП",
    ("Normal", "Refund"): "ПР",
    ("Advance", "Sale"): "АП",
    ("Advance", "Refund"): "АР",
}
FAULT_MODES = (
    "slow",
    "unavailable",
    "error_after_success",
    "timeout_after_success",
    "certificate_refused",
)
CENT = Decimal("0.01")
BELGRADE = timezone(timedelta(hours=1))
LOOKUP = re.compile(r"^/api/v3/invoices/request/(?P<request_id>[A-Za-z0-9-]{1,32})$")


class ValidationFailed(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{field}: {code}" for field, code in errors))
        self.errors = errors


def _money(value, field: str, errors: list) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        errors.append((field, "2800 not a number"))
        return Decimal(0)
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount < 0:
        errors.append((field, "2806 invalid amount"))
        return Decimal(0)
    return amount


class FakeVsdcServer(BackgroundHTTPServer):
    """`with FakeVsdcServer() as fake:` serves on a free 127.0.0.1 port; `fake.url` is the
    value for VSDC_URL."""

    thread_name = "fake-vsdc"

    def __init__(
        self,
        host="127.0.0.1",
        port=0,
        *,
        pac="",
        public_url="",
        tls_cert="",
        tls_key="",
        client_ca="",
    ):
        super().__init__(_Handler, host, port)
        scheme = "http"
        if tls_cert:
            # As the real processor: TLS, and only clients whose certificate `client_ca` signed.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(tls_cert, tls_key)
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(client_ca)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            self.httpd.handle_error = _quiet_tls_errors(self.httpd.handle_error)
            scheme = "https"
        self.url = public_url.rstrip("/") or f"{scheme}://{host}:{self.httpd.server_port}"
        self.pac = pac
        # Like a new secure element: its own UIDs, so that receipt numbers of a fake started
        # again (bin/run restarted) never repeat those the shop already stored.
        self.requested_by = _uid()
        self.signed_by = _uid()
        self._lock = threading.Lock()
        self.reset()

    # --- control ---------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self._invoices: list[dict] = []
            self._by_number: dict[str, dict] = {}
            self._counters: dict[tuple, int] = {}
            self._faults: list[dict] = []
            self.posts = 0

    def add_fault(self, mode, *, count=1, delay=15.0, path_contains="", method="") -> dict:
        if mode not in FAULT_MODES:
            raise ValueError(f"mode must be one of {', '.join(FAULT_MODES)}")
        fault = {
            "mode": mode,
            "count": int(count),
            "delay": float(delay),
            "path_contains": str(path_contains),
            "method": str(method).upper(),
        }
        if fault["count"] < 1 or fault["delay"] < 0:
            raise ValueError("count must be at least 1 and delay not negative")
        with self._lock:
            self._faults.append(fault)
        return dict(fault)

    def take_fault(self, method: str, path: str) -> dict | None:
        with self._lock:
            for fault in self._faults:
                if fault["path_contains"] in path and fault["method"] in ("", method):
                    fault["count"] -= 1
                    if fault["count"] == 0:
                        self._faults.remove(fault)
                    return dict(fault)
        return None

    def invoices(self) -> list[dict]:
        """Every receipt issued: {"requestId", "request", "response"}."""
        with self._lock:
            return [dict(invoice) for invoice in self._invoices]

    def invoices_for(self, request_id: str) -> list[dict]:
        return [i for i in self.invoices() if i["requestId"] == request_id]

    # --- the processor ---------------------------------------------------------------------
    def find_by_request_id(self, request_id: str) -> dict | None:
        with self._lock:
            for invoice in self._invoices:
                if invoice["requestId"] == request_id:
                    return invoice["response"]
        return None

    def issue(self, request_id: str, body) -> dict:
        """Validate and sign one InvoiceRequest; raises ValidationFailed."""
        errors: list[tuple[str, str]] = []
        if not isinstance(body, dict):
            raise ValidationFailed([("request", "2800 not a JSON object")])
        invoice_type = body.get("invoiceType")
        transaction_type = body.get("transactionType")
        if invoice_type not in INVOICE_TYPES:
            errors.append(("invoiceType", "2805 invalid value"))
        if transaction_type not in TRANSACTION_TYPES:
            errors.append(("transactionType", "2805 invalid value"))
        items_total, tax_by_label = self._check_items(body.get("items"), errors)
        paid = self._check_payments(body.get("payment"), errors)
        if not errors and paid != items_total:
            errors.append(("payment", "2804 payments do not add up to the items"))
        with self._lock:
            referent = self._check_reference(
                body, invoice_type, transaction_type, items_total, errors
            )
            if errors:
                raise ValidationFailed(errors)
            return self._sign(request_id, body, items_total, tax_by_label, referent)

    def _check_items(self, items, errors) -> tuple[Decimal, dict]:
        total, tax = Decimal(0), {}
        if not isinstance(items, list) or not items:
            errors.append(("items", "2800 required"))
            return total, tax
        for index, item in enumerate(items):
            field = f"items[{index}]"
            if not isinstance(item, dict):
                errors.append((field, "2800 not an object"))
                continue
            name = item.get("name")
            if not isinstance(name, str) or not name.strip() or len(name) > 2048:
                errors.append((f"{field}.name", "2803 invalid length"))
            quantity = item.get("quantity")
            if isinstance(quantity, bool) or not isinstance(quantity, int | float) or quantity <= 0:
                errors.append((f"{field}.quantity", "2806 invalid quantity"))
                continue
            unit = _money(item.get("unitPrice"), f"{field}.unitPrice", errors)
            line = _money(item.get("totalAmount"), f"{field}.totalAmount", errors)
            expected = (Decimal(str(quantity)) * unit).quantize(CENT, ROUND_HALF_UP)
            if line != expected:
                errors.append((f"{field}.totalAmount", "2807 not quantity × unit price"))
            labels = item.get("labels")
            if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in TAX_RATES:
                errors.append((f"{field}.labels", "2310 invalid tax label"))
                continue
            total += line
            tax[labels[0]] = tax.get(labels[0], Decimal(0)) + line
        return total, tax

    def _check_payments(self, payments, errors) -> Decimal:
        if not isinstance(payments, list) or not payments:
            errors.append(("payment", "2800 required"))
            return Decimal(0)
        paid = Decimal(0)
        for index, payment in enumerate(payments):
            if not isinstance(payment, dict) or payment.get("paymentType") not in PAYMENT_TYPES:
                errors.append((f"payment[{index}].paymentType", "2805 invalid value"))
                continue
            paid += _money(payment.get("amount"), f"payment[{index}].amount", errors)
        return paid

    def _check_reference(self, body, invoice_type, transaction_type, total, errors):
        number = body.get("referentDocumentNumber")
        if not number:
            if transaction_type == "Refund":
                errors.append(
                    ("referentDocumentNumber", "2800 a refund needs the referenced receipt")
                )
            return None
        referent = self._by_number.get(number)
        if referent is None:
            errors.append(("referentDocumentNumber", "2809 no such receipt"))
            return None
        if body.get("referentDocumentDT") != referent["response"]["sdcDateTime"]:
            errors.append(("referentDocumentDT", "2810 does not match the referenced receipt"))
        ref_type = referent["request"]["invoiceType"]
        if referent["request"]["transactionType"] != "Sale":
            errors.append(("referentDocumentNumber", "2811 must refer to a sale"))
        elif transaction_type == "Refund":
            if ref_type != invoice_type:
                errors.append(("referentDocumentNumber", "2811 refund of another invoice type"))
            refunded = sum(
                (
                    Decimal(str(i["response"]["totalAmount"]))
                    for i in self._invoices
                    if i["request"].get("referentDocumentNumber") == number
                    and i["request"]["transactionType"] == "Refund"
                ),
                Decimal(0),
            )
            worth = Decimal(str(referent["response"]["totalAmount"]))
            if refunded + total > worth:
                errors.append(("items", "2812 refunds exceed the referenced receipt"))
        elif ref_type != "Advance":
            # A sale refers to another receipt only as the final receipt of an advance.
            errors.append(("referentDocumentNumber", "2811 a sale may refer only to an advance"))
        return referent

    def _sign(self, request_id, body, total, tax_by_label, referent) -> dict:
        kind = (body["invoiceType"], body["transactionType"])
        total_counter = self._counters.get("total", 0) + 1
        type_counter = self._counters.get(kind, 0) + 1
        self._counters["total"], self._counters[kind] = total_counter, type_counter
        number = f"{self.requested_by}-{self.signed_by}-{total_counter}"
        now = datetime.now(BELGRADE)
        sdc_time = now.isoformat(timespec="milliseconds")
        vl = base64.urlsafe_b64encode(secrets.token_bytes(24)).decode().rstrip("=")
        verification_url = f"{self.url}/v/?vl={vl}"
        extension = EXTENSIONS[kind]
        tax_items = [
            {
                "categoryType": 0,
                "label": label,
                "amount": float(
                    (amount * TAX_RATES[label] / (100 + TAX_RATES[label])).quantize(
                        CENT, ROUND_HALF_UP
                    )
                ),
                "rate": float(TAX_RATES[label]),
                "categoryName": CATEGORY_NAMES[label],
            }
            for label, amount in sorted(tax_by_label.items())
        ]
        response = {
            "requestedBy": self.requested_by,
            "signedBy": self.signed_by,
            "sdcDateTime": sdc_time,
            "invoiceCounter": f"{type_counter}/{total_counter}{extension}",
            "invoiceCounterExtension": extension,
            "invoiceNumber": number,
            "taxItems": tax_items,
            "verificationUrl": verification_url,
            "verificationQRCode": _qr_gif_base64(verification_url),
            "journal": _journal(body, number, sdc_time, total, tax_items, referent),
            "messages": "Success",
            "signature": base64.b64encode(secrets.token_bytes(64)).decode(),
            "encryptedInternalData": base64.b64encode(secrets.token_bytes(32)).decode(),
            "totalCounter": total_counter,
            "transactionTypeCounter": type_counter,
            "totalAmount": float(total),
            "taxGroupRevision": 2,
            "businessName": "C'est Moi Art Jewelry (fake V-SDC)",
            "tin": "000000000",
            "locationName": "Internet prodaja",
            "address": "Balkanska 2",
            "district": "Beograd",
            "mrc": "00-0000-FAKE",
        }
        invoice = {"requestId": request_id, "request": body, "response": response, "vl": vl}
        self._invoices.append(invoice)
        self._by_number[number] = invoice
        return response

    def invoice_by_vl(self, vl: str) -> dict | None:
        with self._lock:
            return next((i for i in self._invoices if i["vl"] == vl), None)


def _uid() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _quiet_tls_errors(handle_error):
    """A refused client certificate is an expected outcome here, not a traceback."""

    def handle(request, client_address):
        if isinstance(sys.exc_info()[1], ssl.SSLError | ConnectionError):
            return
        handle_error(request, client_address)

    return handle


def _journal(body, number, sdc_time, total, tax_items, referent) -> str:
    title = {
        ("Normal", "Sale"): "ПРОМЕТ ПРОДАЈА",
        ("Normal", "Refund"): "ПРОМЕТ РЕФУНДАЦИЈА",
        ("Advance", "Sale"): "АВАНС ПРОДАЈА",
        ("Advance", "Refund"): "АВАНС РЕФУНДАЦИЈА",
    }[(body["invoiceType"], body["transactionType"])]
    lines = [
        "============ ФИСКАЛНИ РАЧУН ============",
        "C'est Moi Art Jewelry",
        f"ЕСИР број: {body.get('invoiceNumber', '')}",
        f"Касир: {body.get('cashier', '')}",
        f"-------------{title}-------------",
        "Артикли",
    ]
    for item in body["items"]:
        lines.append(f"{item['name']} ({item['labels'][0]})")
        lines.append(f"  {item['unitPrice']:.2f} x {item['quantity']} = {item['totalAmount']:.2f}")
    lines.append(f"Укупан износ: {total:.2f}")
    for payment in body["payment"]:
        lines.append(f"{payment['paymentType']}: {Decimal(str(payment['amount'])):.2f}")
    for tax in tax_items:
        lines.append(
            f"{tax['label']} {tax['categoryName']} {tax['rate']:.2f}%: {tax['amount']:.2f}"
        )
    if referent is not None:
        lines.append(f"Реф. број: {referent['response']['invoiceNumber']}")
    lines += [
        f"ПФР време: {sdc_time}",
        f"ПФР број рачуна: {number}",
        "======================================",
    ]
    return "\n".join(lines)


def _qr_gif_base64(url: str) -> str:
    """The QR code of the verification URL as a base64 GIF, as the processor sends it."""
    import qrcode  # installed with django-allauth[mfa]; Pillow writes the GIF

    image = qrcode.make(url, box_size=4, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF")
    return base64.b64encode(buffer.getvalue()).decode()


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeVSDC/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def fake(self) -> FakeVsdcServer:
        return self.server.fake

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, payload, content_type="application/json; charset=utf-8"):
        body = (
            payload
            if isinstance(payload, bytes)
            else json.dumps(payload, ensure_ascii=False).encode()
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return None

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/_fake/invoices":
            return self._send(200, self.fake.invoices())
        if parts.path == "/v/":
            return self._verification_page(parse_qs(parts.query).get("vl", [""])[0])
        match = LOOKUP.match(parts.path)
        if match:
            return self._api("GET", parts.path, lambda: self._lookup(match["request_id"]))
        self._send(404, {"message": "Not found"})

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/_fake/reset":
            self._body()
            self.fake.reset()
            return self._send(200, {"reset": True})
        if path == "/_fake/faults":
            data = self._body() or {}
            try:
                fault = self.fake.add_fault(
                    data.get("mode"),
                    count=data.get("count", 1),
                    delay=data.get("delay", 15.0),
                    path_contains=data.get("path_contains", ""),
                    method=data.get("method", ""),
                )
            except (ValueError, TypeError) as error:
                return self._send(400, {"message": str(error)})
            return self._send(201, fault)
        if path == "/api/v3/invoices":
            body = self._body()
            return self._api("POST", path, lambda: self._issue(body))
        self._body()
        self._send(404, {"message": "Not found"})

    def _api(self, method, path, carry_out):
        if self.fake.pac and self.headers.get("PAC") != self.fake.pac:
            return self._send(401, {"message": "Certificate or PAC refused"})
        fault = self.fake.take_fault(method, path)
        mode = fault["mode"] if fault else ""
        if mode == "certificate_refused":
            return self._send(401, {"message": "Certificate or PAC refused"})
        if mode == "unavailable":
            return self._send(503, {"message": "Service unavailable"})
        if mode == "slow":
            time.sleep(fault["delay"])
        status, payload = carry_out()
        if mode == "error_after_success":
            return self._send(500, {"message": "Internal server error"})
        if mode == "timeout_after_success":
            time.sleep(fault["delay"])
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return None
        return self._send(status, payload)

    def _issue(self, body):
        request_id = self.headers.get("RequestId", "")
        if len(request_id) > 32:
            return 400, {
                "message": "Invalid request",
                "modelState": [{"property": "RequestId", "errors": ["2803"]}],
            }
        with self.fake._lock:
            self.fake.posts += 1
        try:
            return 200, self.fake.issue(request_id, body)
        except ValidationFailed as failure:
            return 400, {
                "message": "Invalid request",
                "modelState": [
                    {"property": field, "errors": [code]} for field, code in failure.errors
                ],
            }

    def _lookup(self, request_id):
        found = self.fake.find_by_request_id(request_id)
        if found is None:
            return 404, {"message": "No receipt for this RequestId"}
        return 200, found

    def _verification_page(self, vl: str):
        invoice = self.fake.invoice_by_vl(vl)
        if invoice is None:
            return self._send(404, b"Unknown receipt", "text/plain; charset=utf-8")
        page = (
            "<!doctype html><meta charset=utf-8><title>Fake V-SDC: receipt</title>"
            f"<h1>Receipt {html.escape(invoice['response']['invoiceNumber'])} is valid</h1>"
            f"<pre>{html.escape(invoice['response']['journal'])}</pre>"
        )
        self._send(200, page.encode(), "text/html; charset=utf-8")
