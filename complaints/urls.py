from django.urls import path, register_converter
from django.views.decorators.cache import never_cache

from orders.converters import OrderNumberConverter

from . import views


class ComplaintNumberConverter(OrderNumberConverter):
    """R-2026-0001, the register's numbers; anything else is a 404 before any query."""

    regex = "R-[0-9]{4}-[0-9]{4,}"


class WithdrawalNumberConverter(OrderNumberConverter):
    """O-2026-0001, withdrawal statements' numbers."""

    regex = "O-[0-9]{4}-[0-9]{4,}"


register_converter(OrderNumberConverter, "complaint_order_number")
register_converter(WithdrawalNumberConverter, "withdrawal_number")
register_converter(ComplaintNumberConverter, "complaint_number")

app_name = "complaints"
# Complaint pages show a consumer's own order and complaint: never cached (private, no-store).
urlpatterns = [
    path("complaints/", never_cache(views.complaints_info), name="complaints_info"),
    path("complaints/form.pdf", views.complaint_form_blank_pdf, name="complaint_form_pdf"),
    path(
        "complaints/form/<complaint_order_number:number>.pdf",
        never_cache(views.complaint_form_order_pdf),
        name="complaint_form_order_pdf",
    ),
    path("account/complaints/", never_cache(views.my_complaints), name="my_complaints"),
    path("complaints/new/", never_cache(views.complaint_new), name="complaint_new"),
    path(
        "complaints/new/<complaint_order_number:number>/",
        never_cache(views.complaint_new),
        name="complaint_for_order",
    ),
    path(
        "complaints/<complaint_number:number>/",
        never_cache(views.complaint_detail),
        name="complaint_detail",
    ),
    path(
        "complaints/<complaint_number:number>/confirmation.pdf",
        never_cache(views.complaint_confirmation_pdf),
        name="complaint_confirmation_pdf",
    ),
    path("out-of-court-settlement/", views.out_of_court, name="out_of_court"),
    path("withdraw/", never_cache(views.withdrawal_info), name="withdrawal_info"),
    path("withdraw/new/", never_cache(views.withdrawal_new), name="withdrawal_new"),
    path(
        "withdraw/new/<complaint_order_number:number>/",
        never_cache(views.withdrawal_new),
        name="withdrawal_for_order",
    ),
    path(
        "withdraw/<withdrawal_number:number>/",
        never_cache(views.withdrawal_detail),
        name="withdrawal_detail",
    ),
    path(
        "withdraw/<withdrawal_number:number>/acknowledgement.pdf",
        never_cache(views.withdrawal_acknowledgement_pdf),
        name="withdrawal_acknowledgement_pdf",
    ),
    path("account/withdrawals/", never_cache(views.my_withdrawals), name="my_withdrawals"),
    path("withdraw/form.pdf", views.withdrawal_form_pdf, name="withdrawal_form_pdf"),
]
