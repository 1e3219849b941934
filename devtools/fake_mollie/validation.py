"""Requests checked the way Mollie checks them, and errors answered in Mollie's format."""

import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

DOCS = "https://docs.mollie.com/reference"
# Mollie wants amount values as strings with exactly the currency's decimals ("10.00", never
# "10" or "10.0"); the shop only charges EUR, so that is the only currency the fake accepts.
AMOUNT_VALUE = re.compile(r"^[0-9]{1,9}\.[0-9]{2}$")
CURRENCY = "EUR"
MAX_DESCRIPTION = 255
MAX_REFUND_DESCRIPTION = 140
MAX_METADATA_BYTES = 1024


class MollieError(Exception):
    """An error answered in Mollie's format: {status, title, detail, field?, _links}."""

    TITLES = {
        400: "Bad Request",
        401: "Unauthorized Request",
        404: "Not Found",
        409: "Conflict",
        422: "Unprocessable Entity",
    }

    def __init__(self, status: int, detail: str, field: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.field = field

    def body(self) -> dict:
        body = {"status": self.status, "title": self.TITLES.get(self.status, "Error")}
        body["detail"] = self.detail
        if self.field:
            body["field"] = self.field
        body["_links"] = {"documentation": {"href": f"{DOCS}/handling-errors", "type": "text/html"}}
        return body


def parse_amount(raw, field_name: str = "amount") -> Decimal:
    if not isinstance(raw, dict):
        raise MollieError(422, "The amount is required and must be an object", field_name)
    if raw.get("currency") != CURRENCY:
        raise MollieError(
            422,
            f"The currency {raw.get('currency')!r} is not supported (the fake accepts EUR only)",
            f"{field_name}.currency",
        )
    value = raw.get("value")
    if not isinstance(value, str) or not AMOUNT_VALUE.match(value):
        raise MollieError(
            422,
            "The amount contains an invalid value: send a string with exactly two decimals, "
            'e.g. "10.00"',
            f"{field_name}.value",
        )
    amount = Decimal(value)
    if amount < Decimal("0.01"):
        raise MollieError(422, "The amount must be at least 0.01", f"{field_name}.value")
    return amount


def parse_url(raw, field_name: str, *, required: bool) -> str:
    if raw in (None, "") and not required:
        return ""
    parts = urlsplit(raw) if isinstance(raw, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
        raise MollieError(422, f"The {field_name} is missing or not a valid URL", field_name)
    return raw


def parse_text(raw, field_name: str, *, required: bool, max_length: int) -> str:
    if raw in (None, "") and not required:
        return ""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > max_length:
        raise MollieError(
            422, f"The {field_name} is required, at most {max_length} characters", field_name
        )
    return raw


def parse_metadata(raw):
    if raw is not None and len(json.dumps(raw).encode()) > MAX_METADATA_BYTES:
        raise MollieError(422, "The metadata exceeds 1024 bytes", "metadata")
    return raw
