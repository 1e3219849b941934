"""HTTP side of the fake: Mollie's v2 endpoints the shop uses, the hosted checkout page, the
webhook calls and a small control API for tests (under /_fake/, no key needed).

Faults (POST /_fake/faults) make the next API requests fail the ways the real network does,
so that the shop's handling of a lost answer can be tested over HTTP:
- "timeout_after_success": the request is carried out (and remembered under its
  Idempotency-Key), then the answer is held for `delay` seconds and the connection closed
  without one: the client times out, or with delay 0 sees the connection drop.
- "error_after_success": the request is carried out, then answered 500.
- "unavailable": answered 503 without being carried out.
- "slow": carried out and answered normally, after `delay` seconds."""

import contextlib
import html
import json
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit

from devtools.background import BackgroundHTTPServer

from .store import REFUND_STATUSES_WITH_WEBHOOK, Store
from .validation import MollieError, parse_amount

logger = logging.getLogger(__name__)

# Mollie's keys are "test_" or "live_" and 30 letters or digits. The fake never takes a live
# key, so that a misconfigured shop cannot send one to it.
TEST_KEY = re.compile(r"^test_[A-Za-z0-9]{30}$")
WEBHOOK_TIMEOUT = 10
CHECKOUT_CHOICES = ("paid", "failed", "canceled", "expired")
NO = {"0", "false", "no", "skip"}
FAULT_MODES = ("timeout_after_success", "error_after_success", "unavailable", "slow")
# Longer than the shop's default read timeout of 10 s.
FAULT_DELAY = 15.0

ID = r"(?P<{}>[A-Za-z0-9_]+)"
PAYMENT = ID.format("payment_id")
REFUND = ID.format("refund_id")
# (method, path pattern, handler name, needs the API key)
ROUTES = [
    ("POST", r"/v2/payments", "api_create_payment", True),
    ("GET", rf"/v2/payments/{PAYMENT}", "api_get_payment", True),
    ("POST", rf"/v2/payments/{PAYMENT}/refunds", "api_create_refund", True),
    ("GET", rf"/v2/payments/{PAYMENT}/refunds", "api_list_refunds", True),
    ("GET", rf"/v2/payments/{PAYMENT}/refunds/{REFUND}", "api_get_refund", True),
    ("DELETE", rf"/v2/payments/{PAYMENT}/refunds/{REFUND}", "api_cancel_refund", True),
    ("GET", rf"/checkout/{PAYMENT}", "checkout_page", False),
    ("POST", rf"/checkout/{PAYMENT}", "checkout_choose", False),
    ("GET", r"/_fake/payments", "control_payments", False),
    ("GET", r"/_fake/webhook-calls", "control_webhook_calls", False),
    ("POST", rf"/_fake/payments/{PAYMENT}/status", "control_payment_status", False),
    ("POST", rf"/_fake/payments/{PAYMENT}/webhook", "control_call_webhook", False),
    ("POST", rf"/_fake/payments/{PAYMENT}/chargeback", "control_chargeback", False),
    ("POST", rf"/_fake/refunds/{REFUND}/status", "control_refund_status", False),
    ("GET", r"/_fake/faults", "control_faults", False),
    ("POST", r"/_fake/faults", "control_add_fault", False),
    ("POST", r"/_fake/reset", "control_reset", False),
]
ROUTES = [(m, re.compile(f"^{p}$"), name, auth) for m, p, name, auth in ROUTES]


class FakeMollieServer(BackgroundHTTPServer):
    """The fake on its own thread: `with FakeMollieServer() as fake: ...` binds a free port
    on 127.0.0.1 and serves until the block ends. `fake.url` is the value for
    MOLLIE_API_ENDPOINT. The control methods below are what the /_fake/ endpoints call."""

    thread_name = "fake-mollie"

    def __init__(self, host="127.0.0.1", port=0, *, api_key="", public_url=""):
        super().__init__(_Handler, host, port)
        self.url = public_url.rstrip("/") or f"http://{host}:{self.httpd.server_port}"
        self.api_key = api_key
        self.store = Store(self.url)
        self._faults_lock = threading.Lock()
        self._faults: list[dict] = []

    def accepts_key(self, authorization: str) -> bool:
        scheme, _, key = authorization.partition(" ")
        if scheme != "Bearer" or not TEST_KEY.match(key):
            return False
        return not self.api_key or secrets.compare_digest(key, self.api_key)

    # --- control ---------------------------------------------------------------------------
    def add_fault(
        self, mode: str, *, path_contains: str = "", method: str = "", count=1, delay=FAULT_DELAY
    ) -> dict:
        """Make the next `count` API requests whose path contains `path_contains` (and whose
        method is `method`, when given) fail as `mode` says (see the module's docstring)."""
        if mode not in FAULT_MODES:
            raise MollieError(400, f"mode must be one of {', '.join(FAULT_MODES)}", "mode")
        try:
            count, delay = int(count), float(delay)
        except (TypeError, ValueError):
            raise MollieError(400, "count and delay must be numbers") from None
        if count < 1 or delay < 0:
            raise MollieError(400, "count must be at least 1 and delay not negative")
        fault = {
            "mode": mode,
            "path_contains": str(path_contains),
            "method": str(method).upper(),
            "count": count,
            "delay": delay,
        }
        with self._faults_lock:
            self._faults.append(fault)
        return dict(fault)

    def faults(self) -> list[dict]:
        """The faults still waiting for requests (count is what is left of each)."""
        with self._faults_lock:
            return [dict(fault) for fault in self._faults]

    def take_fault(self, method: str, path: str) -> dict | None:
        """The first fault this request matches, used up by one."""
        with self._faults_lock:
            for fault in self._faults:
                if fault["path_contains"] in path and fault["method"] in ("", method):
                    fault["count"] -= 1
                    if fault["count"] == 0:
                        self._faults.remove(fault)
                    return dict(fault)
        return None

    def reset(self) -> None:
        self.store.reset()
        with self._faults_lock:
            self._faults.clear()

    def payments(self) -> list[dict]:
        """Every payment as GET /v2/payments/{id}?embed=refunds would show it."""
        return self.store.all_payments()

    @property
    def webhook_calls(self) -> list[dict]:
        return self.store.webhook_call_log()

    def set_payment_status(self, payment_id: str, status: str, *, webhook=True) -> dict:
        self.store.set_payment_status(payment_id, status)
        if webhook:
            self.call_webhook(payment_id)
        return self.store.get_payment(payment_id)

    def set_refund_status(self, refund_id: str, status: str, *, webhook=True) -> dict:
        refund = self.store.set_refund_status(refund_id, status)
        if webhook and status in REFUND_STATUSES_WITH_WEBHOOK:
            self.call_webhook(refund["paymentId"])
        return refund

    def charge_back(self, payment_id: str, amount=None, *, webhook=True) -> dict:
        self.store.charge_back(payment_id, amount)
        if webhook:
            self.call_webhook(payment_id)
        return self.store.get_payment(payment_id)

    def call_webhook(self, payment_id: str) -> dict | None:
        """POST id=<payment id>, form-encoded, to the payment's webhookUrl, as Mollie does.
        Mollie retries failed calls for hours; the fake calls once and logs the outcome
        (replay with POST /_fake/payments/{id}/webhook)."""
        url = self.store.webhook_url_for_payment(payment_id)
        if not url:
            return None
        call = {"paymentId": payment_id, "url": url, "status": None, "error": None}
        call["at"] = datetime.now(UTC).isoformat()
        request = urllib.request.Request(  # noqa: S310 - only http(s) URLs are accepted
            url,
            data=urlencode({"id": payment_id}).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": "Mollie HTTP client/1.0 (cestmoi fake)",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310  # nosec B310: the shop's own webhook URL
                call["status"] = response.status
        except urllib.error.HTTPError as error:
            call["status"] = error.code
        except (urllib.error.URLError, OSError) as error:
            call["error"] = str(error)
        self.store.record_webhook_call(call)
        return call


def _server_error(status: int, title: str) -> dict:
    return {"status": status, "title": title, "detail": "Something went wrong at the fake."}


def _wants_webhook(form: dict) -> bool:
    """Control requests call the webhook unless told webhook=0 (or false, no, skip)."""
    return str(form.get("webhook", "1")).lower() not in NO


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeMollie/1.0"

    @property
    def fake(self) -> FakeMollieServer:
        return self.server.fake

    def log_message(self, format, *args):
        logger.debug("fake mollie: " + format, *args)

    def do_GET(self):
        self._dispatch("GET")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        self.query = parse_qs(parts.query)
        self.fault = None
        for route_method, pattern, name, needs_key in ROUTES:
            match = pattern.match(parts.path)
            if route_method != method or not match:
                continue
            try:
                if needs_key and not self.fake.accepts_key(self.headers.get("Authorization", "")):
                    raise MollieError(401, "Missing authentication, or failed to authenticate")
                if needs_key:
                    self.fault = self.fake.take_fault(method, parts.path)
                if self.fault and self.fault["mode"] == "unavailable":
                    self.fault = None
                    self._json(503, _server_error(503, "Service Unavailable"))
                    return
                if self.fault and self.fault["mode"] == "slow":
                    time.sleep(self.fault["delay"])
                    self.fault = None
                getattr(self, name)(**match.groupdict())
            except MollieError as error:
                self._json(error.status, error.body())
            except Exception:
                logger.exception("fake mollie failed on %s %s", method, self.path)
                self._json(500, _server_error(500, "Internal Server Error"))
            return
        self._json(404, MollieError(404, f"No endpoint {method} {parts.path}").body())

    # --- request and response helpers ------------------------------------------------------
    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _json_body(self) -> dict:
        raw = self._body()
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            raise MollieError(400, "The request body is not valid JSON") from None
        if not isinstance(data, dict):
            raise MollieError(400, "The request body must be a JSON object")
        return data

    def _form(self) -> dict:
        """Control requests: form-encoded (curl -d, HTML forms) or a JSON object."""
        if "json" in self.headers.get("Content-Type", ""):
            return self._json_body()
        pairs = parse_qs(self._body().decode(), keep_blank_values=True)
        return {key: values[-1] for key, values in pairs.items()}

    def _send(self, status: int, body: bytes, content_type: str, headers=None) -> None:
        # The request was carried out; an "after success" fault now loses its answer.
        fault, self.fault = self.fault, None
        if fault and fault["mode"] == "error_after_success":
            self._json(500, _server_error(500, "Internal Server Error"))
            return
        if fault and fault["mode"] == "timeout_after_success":
            time.sleep(fault["delay"])
            self.close_connection = True
            return
        self.send_response(status)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: dict | None, headers=None) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self._send(status, body, "application/hal+json", headers)

    def _created(self, produce) -> None:
        key = self.headers.get("Idempotency-Key", "")
        status, body, replayed = self.fake.store.idempotent(key, self.path, produce)
        self._json(status, body, {"Idempotent-Replayed": "true"} if replayed else None)

    # --- Mollie API ------------------------------------------------------------------------
    def api_create_payment(self):
        data = self._json_body()
        self._created(lambda: (201, self.fake.store.create_payment(data)))

    def api_get_payment(self, payment_id):
        embed = ",".join(self.query.get("embed", [])).split(",")
        body = self.fake.store.get_payment(payment_id, embed_refunds="refunds" in embed)
        self._json(200, body)

    def api_create_refund(self, payment_id):
        data = self._json_body()
        self._created(lambda: (201, self.fake.store.create_refund(payment_id, data)))

    def api_list_refunds(self, payment_id):
        self._json(200, self.fake.store.list_refunds(payment_id))

    def api_get_refund(self, payment_id, refund_id):
        self._json(200, self.fake.store.get_refund(payment_id, refund_id))

    def api_cancel_refund(self, payment_id, refund_id):
        self.fake.store.cancel_refund(payment_id, refund_id)
        self._json(204, None)

    # --- hosted checkout page --------------------------------------------------------------
    def checkout_page(self, payment_id):
        payment = self.fake.store.payment_for_checkout(payment_id)
        if payment is None:
            self._html(404, "Unknown payment", "<p>This payment does not exist.</p>")
            return
        amount = f"€{payment.amount:.2f}"
        if payment.status != "open":
            back = html.escape(payment.redirect_url, quote=True)
            self._html(
                200,
                "Payment " + payment.status,
                f"<p>This payment is {payment.status}.</p><p><a href='{back}'>Back to the shop</a></p>",
            )
            return
        buttons = "".join(
            f"<button type='submit' name='status' value='{choice}'>{choice.capitalize()}</button>"
            for choice in CHECKOUT_CHOICES
        )
        self._html(
            200,
            f"Pay {amount}",
            f"<p class='what'>{html.escape(payment.description)}</p>"
            f"<p class='amount'>{amount}</p>"
            "<p>Test mode: no card is charged. Choose how this payment ends.</p>"
            f"<form method='post' action='/checkout/{payment.id}'>{buttons}"
            "<label><input type='checkbox' name='webhook' value='skip'> Do not call the "
            "webhook now (a late webhook; send it later with POST "
            f"/_fake/payments/{payment.id}/webhook)</label></form>",
        )

    def checkout_choose(self, payment_id):
        form = self._form()
        payment = self.fake.store.payment_for_checkout(payment_id)
        if payment is None:
            self._html(404, "Unknown payment", "<p>This payment does not exist.</p>")
            return
        choice = form.get("status")
        if choice not in CHECKOUT_CHOICES:
            self._html(400, "Choose an outcome", "<p>Choose paid, failed, canceled or expired.</p>")
            return
        # A second submit (back button, double click, two tabs) changes nothing and just
        # goes back to the shop, like Mollie's page.
        with contextlib.suppress(MollieError):
            self.fake.set_payment_status(payment_id, choice, webhook=form.get("webhook") != "skip")
        self._send(303, b"", "text/plain", {"Location": payment.redirect_url})

    def _html(self, status: int, title: str, content: str) -> None:
        page = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)} · Fake Mollie</title><style>"
            "body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}"
            ".amount{font-size:2rem;font-weight:bold}button{display:block;width:100%;"
            "margin:.5rem 0;padding:.8rem;font-size:1rem}label{display:block;margin-top:1rem}"
            f"</style></head><body><h1>{html.escape(title)}</h1>{content}</body></html>"
        )
        self._send(status, page.encode(), "text/html; charset=utf-8")

    # --- control API -----------------------------------------------------------------------
    def control_payments(self):
        payments = self.fake.payments()
        self._json(200, {"count": len(payments), "payments": payments})

    def control_webhook_calls(self):
        calls = self.fake.webhook_calls
        self._json(200, {"count": len(calls), "calls": calls})

    def control_payment_status(self, payment_id):
        form = self._form()
        webhook = _wants_webhook(form)
        self._json(
            200, self.fake.set_payment_status(payment_id, form.get("status"), webhook=webhook)
        )

    def control_call_webhook(self, payment_id):
        call = self.fake.call_webhook(payment_id)
        if call is None:
            raise MollieError(422, "This payment has no webhookUrl", "webhookUrl")
        self._json(200, call)

    def control_chargeback(self, payment_id):
        form = self._form()
        amount = None
        if form.get("amount"):
            amount = parse_amount({"currency": "EUR", "value": form["amount"]})
        webhook = _wants_webhook(form)
        self._json(200, self.fake.charge_back(payment_id, amount, webhook=webhook))

    def control_refund_status(self, refund_id):
        form = self._form()
        webhook = _wants_webhook(form)
        self._json(200, self.fake.set_refund_status(refund_id, form.get("status"), webhook=webhook))

    def control_faults(self):
        faults = self.fake.faults()
        self._json(200, {"count": len(faults), "faults": faults})

    def control_add_fault(self):
        form = self._form()
        fault = self.fake.add_fault(
            form.get("mode"),
            path_contains=form.get("path_contains", ""),
            method=form.get("method", ""),
            count=form.get("count", 1),
            delay=form.get("delay", FAULT_DELAY),
        )
        self._json(201, fault)

    def control_reset(self):
        self.fake.reset()
        self._json(204, None)
