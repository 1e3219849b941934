import base64
import binascii

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import FiscalReceipt


@require_GET
def receipt_qr(request, intent_id):
    """The receipt's QR code (a GIF, as the processor made it) for e-mails and the order
    page. It encodes only the public verification URL; the random intent id is its address."""
    receipt = get_object_or_404(FiscalReceipt, intent_id=intent_id)
    try:
        image = base64.b64decode(receipt.verification_qr_code, validate=True)
    except (binascii.Error, ValueError):
        raise Http404 from None
    response = HttpResponse(image, content_type="image/gif")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
