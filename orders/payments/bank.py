"""A Serbian bank's card gateway behind the provider interface: the NestPay "3D Pay Hosting"
model that Banca Intesa Serbia (and most banks in the region) run.

- Paying: the shop posts a signed form to the bank's hosted page (`hosted_page_form`); the
  shopper enters the card and passes 3-D Secure there; the card data never reaches the shop.
  There is no "create payment" call: the shop's order id for the attempt (`oid`) is the
  payment's id, and the page that posts the form is the shop's own (`checkout_url`).
- The outcome: the bank posts a signed form back to the shop (okUrl / failUrl in the browser,
  callbackUrl server to server). The shop verifies the hash (`hash_is_valid`), then asks the
  bank's XML API about the order (`fetch_payment`, ORDERSTATUS) and believes only that answer,
  like Mollie's webhook.
- Refunds and status: the XML API (CC5Request, Type Credit; ORDERHISTORY for the list).

Amounts go out with two decimals in dinars (ISO 4217 numeric 941); the bank charges exactly
what the signed form says."""

import base64
import hashlib
import hmac
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import requests
from defusedxml import ElementTree as SafeET

from .base import (
    PaymentNotFound,
    PaymentProviderError,
    PaymentRejected,
    ProviderConfigurationError,
    ProviderNotReached,
    ProviderPayment,
    ProviderPaymentStatus,
    ProviderRefund,
    ProviderRefundStatus,
    ProviderUnavailable,
)
from .network import never_connected

CURRENCY = "RSD"
CURRENCY_CODE = "941"  # ISO 4217 numeric code of the dinar, as NestPay expects it
CENT = Decimal("0.01")
CONNECT_TIMEOUT = 3
# The hash covers every posted field except these two (NestPay's own sample handlers skip
# them: the hash cannot sign itself, and the encoding is transport detail).
UNSIGNED_FIELDS = {"hash", "encoding"}
MINOR_UNITS = Decimal(100)
BANK_TIME_ZONE = ZoneInfo("Europe/Belgrade")

# ORDERSTATUS's TRANS_STAT: C = captured (a sale), S = settled, A = authorized only (a
# pre-authorisation), D = declined (also a failed 3-D Secure), V = voided, X = abandoned or
# timed out on the hosted page; no transaction at all = the shopper has not paid yet.
TRANSACTION_STATUSES = {
    "C": ProviderPaymentStatus.PAID,
    "S": ProviderPaymentStatus.PAID,
    "A": ProviderPaymentStatus.AUTHORIZED,
    "D": ProviderPaymentStatus.FAILED,
    "V": ProviderPaymentStatus.CANCELED,
    "X": ProviderPaymentStatus.CANCELED,
    "": ProviderPaymentStatus.OPEN,
}
REFUND_ID = re.compile(r"^\d{1,18}$")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def nestpay_hash(fields: dict[str, str], store_key: str) -> str:
    """NestPay's "hash version 3" (hashAlgorithm=ver3): the values of every posted field but
    `hash` and `encoding`, ordered by the field names compared in upper case (so "_" sorts
    after the letters, as PHP's natcasesort and the Java sample's toUpperCase do), each with
    `\\` and `|` escaped by a backslash, joined with `|`, the escaped store key appended after
    one more `|`, hashed with SHA-512 and encoded in base64. Source: NestPay's "Generic Hash
    Request Handler" sample shipped with the 3D Pay Hosting integration guide (the PHP
    version sorts with natcasesort, escapes with str_replace and ends with
    base64_encode(pack('H*', hash('sha512', ...)))); the same text is in e.g.
    github.com/mstgnz/gopay, provider/ziraat/ornek.php."""
    names = sorted((name for name in fields if name.lower() not in UNSIGNED_FIELDS), key=str.upper)
    plain = "|".join([*(_escape(str(fields[name])) for name in names), _escape(store_key)])
    return base64.b64encode(hashlib.sha512(plain.encode("utf-8")).digest()).decode("ascii")


def hash_is_valid(fields: dict[str, str], store_key: str) -> bool:
    """Whether a form the bank posted carries a hash over all its fields made with our store
    key (compared in constant time). NestPay names the field HASH in its answers."""
    received = fields.get("HASH") or fields.get("hash") or ""
    if not received or not store_key:
        return False
    return hmac.compare_digest(received.encode(), nestpay_hash(fields, store_key).encode())


def bank_amount(amount: Decimal) -> str:
    if not isinstance(amount, Decimal):
        raise TypeError(f"amounts are Decimal, not {type(amount).__name__}")
    if amount != amount.quantize(CENT):
        raise ValueError(f"{amount} has more than two decimals: round it before charging")
    return f"{amount:.2f}"


def _minor(text: str) -> Decimal:
    """The XML API gives amounts in paras (1/100 dinar), as whole numbers."""
    try:
        return (Decimal(text or "0") / MINOR_UNITS).quantize(CENT)
    except InvalidOperation:
        raise PaymentProviderError(f"the bank sent an amount that is no number: {text!r}") from None


class BankProvider:
    def __init__(
        self,
        *,
        client_id: str,
        store_key: str,
        gateway_url: str,
        api_url: str,
        api_user: str,
        api_password: str,
        pay_page_url: str,
        read_timeout: float = 10.0,
    ):
        if not (client_id and store_key and gateway_url and api_url):
            raise ProviderConfigurationError("the bank's client id, store key and URLs are needed")
        self.client_id = client_id
        self.store_key = store_key
        self.gateway_url = gateway_url
        self.api_url = api_url
        self.api_user = api_user
        self.api_password = api_password
        # Where the shop's own page that posts the form lives; "{oid}" is replaced.
        self.pay_page_url = pay_page_url
        self.read_timeout = read_timeout

    # --- the hosted page ---------------------------------------------------------------------
    def create_payment(
        self,
        *,
        amount: Decimal,
        currency: str,
        description: str,
        redirect_url: str,
        webhook_url: str,
        metadata: dict,
        idempotency_key: str = "",
    ) -> ProviderPayment:
        """Nothing is sent: the shopper's browser posts the form. The idempotency key (one per
        order and attempt) becomes the bank's order id, so the bank refuses to charge it twice."""
        if currency != CURRENCY:
            raise PaymentRejected(f"the bank charges {CURRENCY} only", field="currency")
        if not idempotency_key or len(idempotency_key) > 64:
            raise PaymentRejected("the bank's order id takes 1 to 64 characters", field="oid")
        bank_amount(amount)
        return ProviderPayment(
            id=idempotency_key,
            status=ProviderPaymentStatus.OPEN,
            amount=amount,
            currency=CURRENCY,
            description=description,
            checkout_url=self.pay_page_url.replace("{oid}", idempotency_key),
            metadata=metadata,
        )

    def hosted_page_form(
        self,
        *,
        oid: str,
        amount: Decimal,
        language: str,
        ok_url: str,
        fail_url: str,
        callback_url: str,
        rnd: str,
    ) -> dict[str, str]:
        """The fields of the form the browser posts to the bank's page, HASH included."""
        fields = {
            "clientid": self.client_id,
            "oid": oid,
            "amount": bank_amount(amount),
            "currency": CURRENCY_CODE,
            "okUrl": ok_url,
            "failUrl": fail_url,
            "callbackUrl": callback_url,
            "TranType": "Auth",
            "rnd": rnd,
            "storetype": "3d_pay_hosting",
            "hashAlgorithm": "ver3",
            "lang": "sr" if language.startswith("sr") else "en",
            "encoding": "utf-8",
        }
        fields["HASH"] = nestpay_hash(fields, self.store_key)
        return fields

    def signed_oid(self, fields: dict[str, str]) -> str | None:
        """The order id of a form the bank posted, if its hash is ours; otherwise None."""
        oid = fields.get("oid") or fields.get("ReturnOid") or ""
        if not oid or len(oid) > 64 or not hash_is_valid(fields, self.store_key):
            return None
        return oid

    # --- the XML API -------------------------------------------------------------------------
    def fetch_payment(self, payment_id: str) -> ProviderPayment:
        answer = self._api(OrderId=payment_id, Extra={"ORDERSTATUS": "QUERY"})
        extra = answer.find("Extra")
        stat = _text(extra, "TRANS_STAT")
        if stat not in TRANSACTION_STATUSES:
            raise PaymentProviderError(f"the bank reported an unknown status {stat!r}")
        status = TRANSACTION_STATUSES[stat]
        charged = _minor(_text(extra, "CAPTURE_AMT") or _text(extra, "AUTH_AMT"))
        refunded = _minor(_text(extra, "REFUND_AMT"))
        paid = status == ProviderPaymentStatus.PAID
        return ProviderPayment(
            id=payment_id,
            status=status,
            amount=charged,
            currency=CURRENCY,
            description="",
            checkout_url=None,
            paid_at=_paid_at(_text(extra, "CAPTURE_DTTM")) if paid else None,
            amount_refunded=refunded,
            amount_refundable=max(charged - refunded, Decimal("0.00")) if paid else Decimal(0),
        )

    def create_refund(
        self,
        *,
        payment_id: str,
        amount: Decimal,
        currency: str,
        description: str = "",
        metadata: dict | None = None,
        idempotency_key: str = "",
    ) -> ProviderRefund:
        """A Credit on the order. The shop's refund id travels as the credit's reference
        (REFUNDREF), which the bank answers a repeated credit with instead of crediting again
        and returns in the order's history: Mollie's metadata and idempotency key in one."""
        if currency != CURRENCY:
            raise PaymentRejected(f"the bank refunds {CURRENCY} only", field="currency")
        reference = str((metadata or {}).get("refund_id") or idempotency_key)
        answer = self._api(
            Type="Credit",
            OrderId=payment_id,
            Total=bank_amount(amount),
            Currency=CURRENCY_CODE,
            Extra={"REFUNDREF": reference},
        )
        return ProviderRefund(
            id=_text(answer, "TransId"),
            payment_id=payment_id,
            status=ProviderRefundStatus.REFUNDED,
            amount=amount,
            currency=CURRENCY,
            description=description,
            metadata=_refund_metadata(reference),
        )

    def list_refunds(self, payment_id: str) -> list[ProviderRefund]:
        """The order's credits from ORDERHISTORY: one TRXn entry per transaction, fields
        separated by tabs (type, status, amount in paras, transaction id, time, reference)."""
        answer = self._api(OrderId=payment_id, Extra={"ORDERHISTORY": "QUERY"})
        extra = answer.find("Extra")
        refunds = []
        count = int(_text(extra, "TRXCOUNT") or 0)
        for number in range(1, count + 1):
            parts = _text(extra, f"TRX{number}").split("\t")
            if len(parts) < 6 or parts[0] != "C":
                continue
            _kind, stat, amount, trans_id, _time, reference = parts[:6]
            refunds.append(
                ProviderRefund(
                    id=trans_id,
                    payment_id=payment_id,
                    status=ProviderRefundStatus.REFUNDED
                    if stat == "C"
                    else ProviderRefundStatus.FAILED,
                    amount=_minor(amount),
                    currency=CURRENCY,
                    description="",
                    metadata=_refund_metadata(reference),
                )
            )
        return refunds

    def _api(self, *, Extra: dict | None = None, **elements: str) -> ET.Element:
        """POST one CC5Request and return the CC5Response, or raise the interface's errors."""
        body = {"Name": self.api_user, "Password": self.api_password, "ClientId": self.client_id}
        parts = [f"<{name}>{escape(str(value))}</{name}>" for name, value in body.items()]
        parts += [f"<{name}>{escape(str(value))}</{name}>" for name, value in elements.items()]
        if Extra:
            extra = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in Extra.items())
            parts.append(f"<Extra>{extra}</Extra>")
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?><CC5Request>' + "".join(parts) + "</CC5Request>"
        )
        try:
            response = requests.post(
                self.api_url,
                data=xml.encode("utf-8"),
                headers={"Content-Type": "text/xml; charset=utf-8"},
                timeout=(CONNECT_TIMEOUT, self.read_timeout),
            )
        except requests.RequestException as error:
            if never_connected(error):
                raise ProviderNotReached(str(error)) from error
            raise ProviderUnavailable(str(error)) from error
        if response.status_code >= 500:
            raise ProviderUnavailable(f"the bank answered {response.status_code}")
        try:
            # defusedxml: an answer with entity tricks is refused, not expanded.
            answer = SafeET.fromstring(response.content)
        except (ET.ParseError, ValueError):
            raise ProviderUnavailable("the bank's answer is not XML") from None
        if answer.tag != "CC5Response":
            raise ProviderUnavailable("the bank's answer is no CC5Response")
        if _text(answer, "Response") == "Approved":
            return answer
        message = _text(answer, "ErrMsg") or _text(answer, "Response") or "refused"
        code = _text(answer, "ProcReturnCode")
        if code == "NOT_FOUND":
            raise PaymentNotFound(message)
        if code == "AUTH":
            raise ProviderConfigurationError(message)
        raise PaymentRejected(message)


def _text(element: ET.Element | None, name: str) -> str:
    if element is None:
        return ""
    found = element.find(name)
    return (found.text or "").strip() if found is not None else ""


def _paid_at(text: str) -> datetime | None:
    """NestPay writes "2026-12-05 13:01:02.123" in the bank's time (Belgrade)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=BANK_TIME_ZONE)
    except ValueError:
        return None


def _refund_metadata(reference: str) -> dict:
    return {"refund_id": int(reference)} if REFUND_ID.match(reference) else {}
