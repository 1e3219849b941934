"""Pick-up request as a JSON POST to the courier's web API. The Idempotency-Key header is the
order number and the shipment number, the same for every retry of one notice, so that a
request whose answer was lost does not book a second pick-up."""

import http.client
import json
import urllib.error
import urllib.request

from django.conf import settings

from ..models import DeliveryMethod
from .base import CourierError, CourierUnavailable, Shipment

# Answers that mean "later": server errors, timeouts at the courier, rate limits.
RETRY_STATUSES = {408, 425, 429}


class HttpCourierBackend:
    def send(
        self,
        shipment: Shipment,
        *,
        method: DeliveryMethod,
        idempotency_key: str,
        test: bool = False,
    ) -> None:
        if not method.courier_api_url.startswith(("http://", "https://")):
            raise CourierError(f"{method.name} has no courier API URL.")
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Idempotency-Key": idempotency_key,
            "User-Agent": "cestmoi-shop",
        }
        if test:
            # The payload itself says TEST too (order number, recipient): couriers' APIs have
            # no common test flag.
            headers["X-Test-Notice"] = "true"
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            method.courier_api_url,
            data=json.dumps(shipment.as_payload()).encode(),
            headers=headers,
            method="POST",
        )
        try:
            with urllib.request.urlopen(  # noqa: S310  # nosec B310: the scheme is checked above
                request, timeout=settings.COURIER_API_TIMEOUT
            ) as response:
                response.read()
        except urllib.error.HTTPError as error:
            detail = f"{method.name} answered HTTP {error.code}"
            if error.code >= 500 or error.code in RETRY_STATUSES:
                raise CourierUnavailable(detail) from error
            raise CourierError(detail) from error
        # An answer that is not HTTP at all (http.client.HTTPException) counts as unreachable.
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            raise CourierUnavailable(f"{method.name} could not be reached: {error}") from error
