from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from legal.consumer_law import WITHDRAWAL_DAYS
from orders.services.documents import withdrawal_form_blank_pdf


def withdrawal_info(request):
    return render(request, "complaints/withdrawal_info.html", {"withdrawal_days": WITHDRAWAL_DAYS})


@require_GET
def withdrawal_form_pdf(request):
    """The blank withdrawal form in the visitor's language, to print or fill in."""
    response = HttpResponse(
        withdrawal_form_blank_pdf(language=get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="withdrawal-form.pdf"'
    return response
