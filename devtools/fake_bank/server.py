"""A fake NestPay "3D Pay Hosting" card gateway (the model Banca Intesa Serbia runs), standard
library only: the hosted payment page, the signed answers to the shop, the XML API and a
control API for tests (under /_fake/, no credentials).

- POST /fim/est3Dgate: the shop's signed form. Every field is checked the way the bank does
  (client id, ver3 hash, store type, currency 941, amount with two decimals, TranType). The
  page offers a card brand (DinaCard, Visa, Mastercard, Maestro) and the outcomes "approved
  (3-D Secure passed)", "declined", "3-D Secure failed" and "abandoned / timed out".
- The outcome is recorded at the bank, posted server to server to callbackUrl, then the
  browser posts it to okUrl (approved) or failUrl (the rest) through an auto-submitting form.
  Both answers are signed with the store key (hash version 3 over every field).
- POST /fim/api: CC5Request XML. <Extra><ORDERSTATUS>QUERY</ORDERSTATUS></Extra> (TRANS_STAT
  C captured, D declined, X abandoned; CAPTURE_AMT and REFUND_AMT in paras),
  <Extra><ORDERHISTORY>QUERY</ORDERHISTORY></Extra> (TRXn: type, status, paras, id, time,
  reference, tab-separated) and <Type>Credit</Type> (a refund; a repeated REFUNDREF gets the
  first credit's answer instead of crediting again).

Faults (POST /_fake/faults {"mode", "request_type", "count", "delay"}) hit the next XML API
requests of that type (status, history, credit, or any): "slow" (answered after `delay`
seconds), "unavailable" (503, not carried out), "error_after_success" (carried out, answered
500) and "timeout_after_success" (carried out, then no answer for `delay` seconds and the
connection closed). The mode "lost_return" makes the next payment on the hosted page be
recorded but neither called back nor posted back (the shopper's connection died)."""

import base64
import hashlib
import html
import json
import logging
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from devtools.background import BackgroundHTTPServer

logger = logging.getLogger(__name__)

CLIENT_ID = "13IN000001"
STORE_KEY = "FakeBankStoreKey1"
API_USER = "cestmoiapi"
API_PASSWORD = "FakeBankApiPassword1"  # noqa: S105 (the fake's own, public, test password)
BRANDS = ("DinaCard", "Visa", "Mastercard", "Maestro")
CHOICES = {
    # choice: (TRANS_STAT, Response, ProcReturnCode, mdStatus, message)
    "approve": ("C", "Approved", "00", "1", ""),
    "decline": ("D", "Declined", "05", "1", "Not approved: do not honour"),
    "3ds_fail": ("D", "Declined", "99", "0", "3-D Secure authentication failed"),
    "abandon": ("X", "Error", "99", "", "The payment page timed out"),
}
FAULT_MODES = ("slow", "unavailable", "error_after_success", "timeout_after_success")
REQUEST_TYPES = ("status", "history", "credit", "")
AMOUNT = re.compile(r"^\d{1,10}\.\d{2}$")
CALLBACK_TIMEOUT = 10
BANK_TIME_ZONE = ZoneInfo("Europe/Belgrade")


def nestpay_hash(fields: dict[str, str], store_key: str) -> str:
    """The bank's side of hash version 3, written apart from the shop's so that the tests
    compare two implementations: every field but hash and encoding, ordered by name in upper
    case, values with \\ and | escaped, joined by |, the store key last, SHA-512,
    base64."""

    def escaped(value: str) -> str:
        return value.replace("\\", "\\\\").replace("|", "\\|")

    names = sorted((n for n in fields if n.lower() not in ("hash", "encoding")), key=str.upper)
    plain = "|".join([*(escaped(fields[n]) for n in names), escaped(store_key)])
    return base64.b64encode(hashlib.sha512(plain.encode()).digest()).decode()


def _paras(amount: Decimal) -> str:
    return str(int(amount * 100))


@dataclass
class Credit:
    trans_id: str
    amount: Decimal
    reference: str
    at: str


@dataclass
class BankOrder:
    oid: str
    amount: Decimal
    status: str = ""  # "" until decided, then C, D or X
    brand: str = ""
    trans_id: str = ""
    decided_at: str = ""
    credits: list[Credit] = field(default_factory=list)

    @property
    def refunded(self) -> Decimal:
        return sum((credit.amount for credit in self.credits), Decimal("0.00"))


class FakeBankServer(BackgroundHTTPServer):
    """`with FakeBankServer() as bank:` serves on a free 127.0.0.1 port; `bank.gateway_url`
    and `bank.api_url` are the values for BANK_GATEWAY_URL and BANK_API_URL."""

    thread_name = "fake-bank"

    def __init__(
        self,
        host="127.0.0.1",
        port=0,
        *,
        client_id=CLIENT_ID,
        store_key=STORE_KEY,
        api_user=API_USER,
        api_password=API_PASSWORD,
    ):
        super().__init__(_Handler, host, port)
        self.url = f"http://{host}:{self.httpd.server_port}"
        self.gateway_url = self.url + "/fim/est3Dgate"
        self.api_url = self.url + "/fim/api"
        self.client_id = client_id
        self.store_key = store_key
        self.api_user = api_user
        self.api_password = api_password
        self.lock = threading.Lock()
        self.orders: dict[str, BankOrder] = {}
        self.sessions: dict[str, dict[str, str]] = {}
        self.faults: list[dict] = []
        self.callbacks: list[dict] = []
        self.api_calls = 0

    # --- control -----------------------------------------------------------------------------
    def add_fault(self, mode: str, *, request_type: str = "", count=1, delay=15.0) -> dict:
        if mode not in (*FAULT_MODES, "lost_return"):
            raise ValueError(f"mode must be one of {', '.join(FAULT_MODES)} or lost_return")
        if request_type not in REQUEST_TYPES:
            raise ValueError("request_type must be status, history, credit or empty")
        fault = {
            "mode": mode,
            "request_type": request_type,
            "count": int(count),
            "delay": float(delay),
        }
        with self.lock:
            self.faults.append(fault)
        return dict(fault)

    def take_fault(self, kind: str) -> dict | None:
        """The fault for the next request of `kind` (status, history, credit, or "page" for a
        payment on the hosted page), counted down."""
        with self.lock:
            for fault in self.faults:
                if kind == "page":
                    matches = fault["mode"] == "lost_return"
                else:
                    matches = fault["mode"] != "lost_return" and fault["request_type"] in ("", kind)
                if matches:
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self.faults.remove(fault)
                    return dict(fault)
        return None

    def reset(self) -> None:
        with self.lock:
            self.orders.clear()
            self.sessions.clear()
            self.faults.clear()
            self.callbacks.clear()
            self.api_calls = 0

    def sign(self, fields: dict[str, str]) -> dict[str, str]:
        return {**fields, "HASH": nestpay_hash(fields, self.store_key)}

    # --- the hosted page ---------------------------------------------------------------------
    def check_form(self, form: dict[str, str]) -> str:
        """What is wrong with the shop's form, as the bank's page would say it ("" if fine)."""
        required = ("clientid", "oid", "amount", "currency", "okUrl", "failUrl", "rnd", "HASH")
        missing = [name for name in required if not form.get(name)]
        if missing:
            return f"Missing fields: {', '.join(missing)}"
        if form["clientid"] != self.client_id:
            return "Unknown merchant (clientid)"
        if form.get("storetype") != "3d_pay_hosting" or form.get("hashAlgorithm") != "ver3":
            return "storetype must be 3d_pay_hosting and hashAlgorithm ver3"
        if form.get("TranType") != "Auth":
            return "TranType must be Auth"
        if form["currency"] != "941":
            return "This merchant accepts dinars only (currency 941)"
        if not AMOUNT.match(form["amount"]) or Decimal(form["amount"]) <= 0:
            return "amount must be positive with two decimals"
        if len(form["oid"]) > 64:
            return "oid is longer than 64 characters"
        urls = (form["okUrl"], form["failUrl"], form.get("callbackUrl") or "http://")
        if not all(url.startswith(("http://", "https://")) for url in urls):
            return "okUrl, failUrl and callbackUrl must be http(s) addresses"
        if not secrets.compare_digest(form["HASH"], nestpay_hash(form, self.store_key)):
            return "Hash mismatch: the request was not signed with this store's key"
        return ""

    def open_session(self, form: dict[str, str]) -> str:
        token = secrets.token_urlsafe(16)
        with self.lock:
            self.sessions[token] = form
        return token

    def decide(
        self, form: dict[str, str], choice: str, brand: str, *, answer: bool = True
    ) -> tuple[str, dict] | None:
        """Record the outcome at the bank and, if `answer`, call the shop back; returns (where
        the browser posts, the signed fields), or None when the order was decided already."""
        status, response, code, md_status, message = CHOICES[choice]
        now = datetime.now(BANK_TIME_ZONE).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
        with self.lock:
            order = self.orders.get(form["oid"])
            if order is not None and order.status:
                return None
            order = BankOrder(oid=form["oid"], amount=Decimal(form["amount"]))
            order.status, order.brand, order.decided_at = status, brand, now
            order.trans_id = f"T{secrets.token_hex(6)}"
            self.orders[order.oid] = order
        fields = {
            "clientid": form["clientid"],
            "oid": form["oid"],
            "ReturnOid": form["oid"],
            "amount": form["amount"],
            "currency": form["currency"],
            "rnd": secrets.token_hex(10),
            "Response": response,
            "ProcReturnCode": code,
            "mdStatus": md_status,
            "ErrMsg": message,
            "TransId": order.trans_id,
            "AuthCode": f"{secrets.randbelow(10**6):06d}" if status == "C" else "",
            "EXTRA.CARDBRAND": brand,
            "MaskedPan": "9891 26** **** 0001" if brand == "DinaCard" else "4111 11** **** 1111",
            "lang": form.get("lang", "sr"),
            "hashAlgorithm": "ver3",
        }
        signed = self.sign(fields)
        target = form["okUrl"] if status == "C" else form["failUrl"]
        if answer and form.get("callbackUrl"):
            self._call_back(form["callbackUrl"], signed)
        return target, signed

    def _call_back(self, url: str, fields: dict[str, str]) -> None:
        # check_form let only http(s) addresses through.
        request = urllib.request.Request(url, data=urlencode(fields).encode(), method="POST")  # noqa: S310
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=CALLBACK_TIMEOUT) as answer:  # noqa: S310  # nosec B310: http(s) only, checked by check_form
                outcome = {"status": answer.status, "body": answer.read(200).decode()}
        except urllib.error.HTTPError as error:
            outcome = {"status": error.code, "body": error.read(200).decode(errors="replace")}
        except (urllib.error.URLError, OSError) as error:
            outcome = {"status": None, "body": str(error)}
        outcome |= {"oid": fields["oid"], "url": url, "ms": (time.monotonic() - started) * 1000}
        with self.lock:
            self.callbacks.append(outcome)

    # --- the XML API -------------------------------------------------------------------------
    def api(self, request: ET.Element) -> tuple[str, str]:
        """(request type for faults, CC5Response XML)."""

        def text(name: str) -> str:
            found = request.find(name)
            return (found.text or "").strip() if found is not None else ""

        extra = request.find("Extra")
        kind = _kind_of(request)
        if not kind:
            return "", _answer("Error", "99", "Unsupported request")
        if not (
            secrets.compare_digest(text("Name"), self.api_user)
            and secrets.compare_digest(text("Password"), self.api_password)
            and text("ClientId") == self.client_id
        ):
            return kind, _answer("Error", "AUTH", "Wrong API user, password or client id")
        oid = text("OrderId")
        return kind, getattr(self, f"_api_{kind}")(oid, text, extra)

    def _api_status(self, oid, text, extra) -> str:
        with self.lock:
            order = self.orders.get(oid)
            if order is None:
                # Nothing was paid (yet) under this order id.
                return _answer("Approved", "00", "", OrderId=oid, Extra={"TRANS_STAT": ""})
            captured = order.amount if order.status == "C" else Decimal(0)
            return _answer(
                "Approved",
                "00",
                "",
                OrderId=oid,
                TransId=order.trans_id,
                Extra={
                    "TRANS_STAT": order.status,
                    "AUTH_AMT": _paras(order.amount),
                    "CAPTURE_AMT": _paras(captured),
                    "REFUND_AMT": _paras(order.refunded),
                    "CAPTURE_DTTM": order.decided_at if order.status == "C" else "",
                    "CARDBRAND": order.brand,
                },
            )

    def _api_history(self, oid, text, extra) -> str:
        with self.lock:
            order = self.orders.get(oid)
            if order is None:
                return _answer("Error", "NOT_FOUND", "No such order", OrderId=oid)
            rows = [("S", order.status, _paras(order.amount), order.trans_id, order.decided_at, "")]
            rows += [
                ("C", "C", _paras(c.amount), c.trans_id, c.at, c.reference) for c in order.credits
            ]
        entries = {f"TRX{number}": "\t".join(row) for number, row in enumerate(rows, 1)}
        return _answer(
            "Approved", "00", "", OrderId=oid, Extra={"TRXCOUNT": str(len(rows))} | entries
        )

    def _api_credit(self, oid, text, extra) -> str:
        reference = ""
        if extra is not None and extra.find("REFUNDREF") is not None:
            reference = (extra.find("REFUNDREF").text or "").strip()
        total = text("Total")
        if not AMOUNT.match(total) or Decimal(total) <= 0 or text("Currency") != "941":
            return _answer("Declined", "99", "Total must be positive dinars with two decimals")
        with self.lock:
            order = self.orders.get(oid)
            if order is None or order.status != "C":
                return _answer("Declined", "99", "No captured payment to credit", OrderId=oid)
            for credit in order.credits:
                if reference and credit.reference == reference:
                    return _answer("Approved", "00", "", OrderId=oid, TransId=credit.trans_id)
            if Decimal(total) > order.amount - order.refunded:
                return _answer("Declined", "99", "Credit exceeds what is left", OrderId=oid)
            credit = Credit(
                trans_id=f"C{secrets.token_hex(6)}",
                amount=Decimal(total),
                reference=reference,
                at=datetime.now(BANK_TIME_ZONE).strftime("%Y-%m-%d %H:%M:%S"),
            )
            order.credits.append(credit)
        return _answer("Approved", "00", "", OrderId=oid, TransId=credit.trans_id)

    def snapshot(self) -> dict:
        with self.lock:
            return {
                oid: {**asdict(order), "refunded": str(order.refunded)}
                for oid, order in self.orders.items()
            }


def _answer(response: str, code: str, message: str, *, Extra=None, **elements) -> str:
    parts = [f"<Response>{response}</Response>", f"<ProcReturnCode>{code}</ProcReturnCode>"]
    parts.append(f"<ErrMsg>{escape(message)}</ErrMsg>")
    parts += [f"<{name}>{escape(str(value))}</{name}>" for name, value in elements.items()]
    if Extra:
        parts.append(
            "<Extra>"
            + "".join(f"<{name}>{escape(value)}</{name}>" for name, value in Extra.items())
            + "</Extra>"
        )
    return '<?xml version="1.0" encoding="UTF-8"?><CC5Response>' + "".join(parts) + "</CC5Response>"


PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>Fake bank: card payment</title><style>body{{font-family:sans-serif;max-width:36em;margin:2em auto}}
button{{display:block;margin:.5em 0;padding:.6em 1em}}</style></head><body>
<h1>Fake bank: card payment</h1>{body}</body></html>"""


def _post_form_page(target: str, fields: dict[str, str]) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in fields.items()
    )
    return PAGE.format(
        lang="en",
        body=f'<p>Returning to the shop…</p><form id="back" method="post" '
        f'action="{html.escape(target)}">{inputs}<button type="submit">Back to the shop</button>'
        "</form><script>document.getElementById('back').submit()</script>",
    )


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeBank/1.0"

    @property
    def fake(self) -> FakeBankServer:
        return self.server.fake

    def log_message(self, format, *args):
        logger.debug("%s %s", self.address_string(), format % args)

    def _send(self, status: int, body: str, content_type="text/html; charset=utf-8") -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, payload) -> None:
        self._send(status, json.dumps(payload, default=str), "application/json")

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _form(self) -> dict[str, str]:
        return {
            k: v[-1] for k, v in parse_qs(self._body().decode(), keep_blank_values=True).items()
        }

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == "/_fake/orders":
            return self._json(200, self.fake.snapshot())
        if path == "/_fake/callbacks":
            with self.fake.lock:
                return self._json(200, list(self.fake.callbacks))
        if path == "/_fake/faults":
            with self.fake.lock:
                return self._json(200, [dict(f) for f in self.fake.faults])
        self._send(404, "not found", "text/plain")

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/fim/est3Dgate":
            return self._gate()
        if path.startswith("/fim/pay/"):
            return self._pay(path.removeprefix("/fim/pay/"))
        if path == "/fim/api":
            return self._api()
        if path == "/_fake/faults":
            try:
                payload = json.loads(self._body() or b"{}")
                return self._json(201, self.fake.add_fault(**payload))
            except (ValueError, TypeError) as error:
                return self._json(400, {"error": str(error)})
        if path == "/_fake/reset":
            self.fake.reset()
            return self._json(200, {"reset": True})
        match = re.fullmatch(r"/_fake/pay", path)
        if match:
            # A payment without a browser (tests, the benchmark): the shop's form and a
            # choice; answers where the browser would post and the signed fields.
            payload = json.loads(self._body() or b"{}")
            form, choice = payload.get("form", {}), payload.get("choice", "approve")
            problem = self.fake.check_form(form) or ("" if choice in CHOICES else "unknown choice")
            if problem:
                return self._json(400, {"error": problem})
            decided = self.fake.decide(form, choice, payload.get("brand", "Visa"))
            if decided is None:
                return self._json(409, {"error": "order already decided"})
            return self._json(200, {"target": decided[0], "fields": decided[1]})
        self._send(404, "not found", "text/plain")

    def _gate(self):
        form = self._form()
        problem = self.fake.check_form(form)
        if problem:
            body = f"<p role='alert'>Payment refused: {html.escape(problem)}</p>"
            return self._send(400, PAGE.format(lang="en", body=body))
        with self.fake.lock:
            existing = self.fake.orders.get(form["oid"])
        if existing is not None and existing.status:
            body = "<p role='alert'>This order was already processed by the bank.</p>"
            return self._send(409, PAGE.format(lang="en", body=body))
        token = self.fake.open_session(form)
        brands = "".join(f"<option>{brand}</option>" for brand in BRANDS)
        buttons = "".join(
            f'<button name="choice" value="{value}">{label}</button>'
            for value, label in (
                ("approve", "Pay (3-D Secure approved)"),
                ("decline", "Card declined"),
                ("3ds_fail", "3-D Secure failed"),
                ("abandon", "Abandon (page timed out)"),
            )
        )
        body = (
            f"<p>Merchant {html.escape(form['clientid'])}, order {html.escape(form['oid'])}</p>"
            f'<p>Amount: <strong id="amount">{html.escape(form["amount"])} RSD</strong></p>'
            f'<form method="post" action="/fim/pay/{token}"><label>Card brand '
            f'<select name="brand">{brands}</select></label>{buttons}</form>'
        )
        self._send(200, PAGE.format(lang=html.escape(form.get("lang", "sr")), body=body))

    def _pay(self, token: str):
        with self.fake.lock:
            form = self.fake.sessions.pop(token, None)
        choice = self._form_choice()
        if form is None or choice[0] not in CHOICES or choice[1] not in BRANDS:
            return self._send(
                400, PAGE.format(lang="en", body="<p>Session unknown or expired.</p>")
            )
        lost = self.fake.take_fault("page") is not None
        decided = self.fake.decide(form, *choice, answer=not lost)
        if decided is None:
            body = "<p role='alert'>This order was already processed by the bank.</p>"
            return self._send(409, PAGE.format(lang="en", body=body))
        if lost:
            # Recorded at the bank, but no answer reaches the shop.
            return self._send(504, PAGE.format(lang="en", body="<p>Connection lost.</p>"))
        self._send(200, _post_form_page(*decided))

    def _form_choice(self) -> tuple[str, str]:
        form = self._form()
        return form.get("choice", ""), form.get("brand", "")

    def _api(self):
        with self.fake.lock:
            self.fake.api_calls += 1
        try:
            # Standard library only; it serves the shop on loopback, which sends no entities.
            request = ET.fromstring(self._body())  # noqa: S314  # nosec B314: test fake on loopback, fed by the shop only
        except ET.ParseError:
            return self._send(200, _answer("Error", "99", "Malformed XML"), "text/xml")
        if request.tag != "CC5Request":
            return self._send(200, _answer("Error", "99", "Not a CC5Request"), "text/xml")
        kind = _kind_of(request)
        fault = self.fake.take_fault(kind) if kind else None
        if fault and fault["mode"] == "unavailable":
            return self._send(503, "unavailable", "text/plain")
        if fault and fault["mode"] == "slow":
            time.sleep(fault["delay"])
        _kind, answer = self.fake.api(request)
        if fault and fault["mode"] == "error_after_success":
            return self._send(500, "internal error", "text/plain")
        if fault and fault["mode"] == "timeout_after_success":
            time.sleep(fault["delay"])
            self.close_connection = True
            return
        self._send(200, answer, "text/xml; charset=utf-8")


def _kind_of(request: ET.Element) -> str:
    extra = request.find("Extra")
    if extra is not None and extra.find("ORDERSTATUS") is not None:
        return "status"
    if extra is not None and extra.find("ORDERHISTORY") is not None:
        return "history"
    found = request.find("Type")
    return "credit" if found is not None and (found.text or "").strip() == "Credit" else ""
