"""The shop's ESIR side of the Tax Administration's virtual fiscal processor (V-SDC, TaxCore).

`POST /api/v3/invoices` with the taxpayer's client certificate (TLS), the `PAC` header and a
`RequestId` header (at most 32 characters; the shop sends its FiscalIntent's id). The answer is
the signed receipt: number "<requestedBy>-<signedBy>-<totalCounter>", counters, signature,
receipt text (journal), verification URL and QR code.

Exactly once, when an answer is lost: a request that timed out, whose connection dropped, or
that got a server error may have been carried out. The client then does not post again: it
asks the processor about the RequestId (`GET /api/v3/invoices/request/{RequestId}`) and
takes the receipt found there. The published V-SDC API we could consult documents the
RequestId header but no look-up by it; the fake V-SDC (devtools/fake_vsdc) offers this one
and the contract test (tests/fiscal/test_vsdc_contract.py) checks it against the real
sandbox when a certificate is configured. If the processor has no record, the caller may send
the same request again later (FiscalIntent.sending_until keeps attempts apart)."""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings

logger = logging.getLogger(__name__)

INVOICES_PATH = "/api/v3/invoices"
LOOKUP_PATH = "/api/v3/invoices/request/{request_id}"
# What a receipt must have for the shop to keep it; the rest is stored as it comes.
REQUIRED = ("invoiceNumber", "sdcDateTime", "verificationUrl")


class VsdcError(Exception):
    """The receipt was not issued."""


class VsdcUnavailable(VsdcError):
    """Nothing usable came back; trying again later may work."""


class VsdcNoAnswer(VsdcUnavailable):
    """The request went out but no answer came: the receipt may exist at the processor."""


class CertificateRefused(VsdcUnavailable):
    """The processor refused the client certificate or the PAC (a configuration problem that
    staff can fix; the request was not carried out)."""


class VsdcRejected(VsdcError):
    """The processor refused the request itself (invalid data): sending it again cannot work."""


@dataclass(frozen=True)
class VsdcClient:
    url: str
    cert_path: str = ""
    key_path: str = ""
    ca_path: str = ""
    pac: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 15.0

    @classmethod
    def from_settings(cls) -> "VsdcClient":
        return cls(
            url=settings.VSDC_URL.rstrip("/"),
            cert_path=settings.VSDC_CERT_PATH,
            key_path=settings.VSDC_KEY_PATH,
            ca_path=settings.VSDC_CA_PATH,
            pac=settings.VSDC_PAC,
            connect_timeout=settings.VSDC_CONNECT_TIMEOUT,
            read_timeout=settings.VSDC_READ_TIMEOUT,
        )

    def issue(self, *, request_id: str, body: dict) -> dict:
        """Post the request once; if its answer is lost, look the RequestId up instead of
        posting again. Returns the receipt; raises VsdcNoAnswer if the processor could not
        say whether it issued it."""
        try:
            return self.post_invoice(request_id=request_id, body=body)
        except VsdcNoAnswer as lost:
            logger.warning("V-SDC answer lost for %s (%s); asking about it", request_id, lost)
            try:
                found = self.lookup(request_id=request_id)
            except VsdcUnavailable as error:
                raise VsdcNoAnswer(f"{lost}; the look-up failed too: {error}") from error
            if found is None:
                raise
            return found

    def post_invoice(self, *, request_id: str, body: dict) -> dict:
        return self._call("POST", INVOICES_PATH, request_id=request_id, json=body)

    def lookup(self, *, request_id: str) -> dict | None:
        """The receipt issued for RequestId `request_id`, or None if there is none."""
        try:
            return self._call("GET", LOOKUP_PATH.format(request_id=request_id), request_id="")
        except _NotFound:
            return None

    def _call(self, method: str, path: str, *, request_id: str, json=None) -> dict:
        headers = {"Accept": "application/json", "Accept-Language": "sr-Latn-RS"}
        if request_id:
            headers["RequestId"] = request_id
        if self.pac:
            headers["PAC"] = self.pac
        try:
            response = requests.request(
                method,
                self.url + path,
                json=json,
                headers=headers,
                cert=(self.cert_path, self.key_path) if self.cert_path else None,
                verify=self.ca_path or True,
                timeout=(self.connect_timeout, self.read_timeout),
            )
        except requests.exceptions.SSLError as error:
            raise CertificateRefused(f"TLS with the V-SDC failed: {error}") from error
        except requests.exceptions.ConnectTimeout as error:
            raise VsdcUnavailable(f"V-SDC not reached: {error}") from error
        except requests.exceptions.ConnectionError as error:
            # Refused before sending, or dropped after: only the look-up can tell.
            raise VsdcNoAnswer(f"Connection to the V-SDC failed: {error}") from error
        except requests.exceptions.Timeout as error:
            raise VsdcNoAnswer(f"No answer from the V-SDC in time: {error}") from error
        if response.status_code in (401, 403):
            raise CertificateRefused(
                f"V-SDC refused the certificate or PAC ({response.status_code})"
            )
        if response.status_code == 404 and method == "GET":
            raise _NotFound()
        if response.status_code >= 500:
            raise VsdcNoAnswer(f"V-SDC server error {response.status_code}")
        if response.status_code >= 400:
            raise VsdcRejected(
                f"V-SDC refused the receipt ({response.status_code}): {_messages(response)}"
            )
        try:
            answer = response.json()
        except ValueError as error:
            raise VsdcNoAnswer(f"V-SDC answered {response.status_code} without JSON") from error
        if not isinstance(answer, dict) or not all(answer.get(key) for key in REQUIRED):
            # Not a receipt we could keep: as good as no answer (the look-up may find it).
            raise VsdcNoAnswer(f"V-SDC answered {response.status_code} without a receipt")
        return answer


class _NotFound(Exception):
    pass


def _messages(response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:500]
    # TaxCore answers validation errors as {"message": ..., "modelState": [{"property",
    # "errors": [codes]}]}.
    state = data.get("modelState") if isinstance(data, dict) else None
    if isinstance(state, list):
        details = "; ".join(
            f"{entry.get('property')}: {', '.join(map(str, entry.get('errors', [])))}"
            for entry in state
            if isinstance(entry, dict)
        )
        return f"{data.get('message', '')} {details}".strip()
    return str(data)[:500]
