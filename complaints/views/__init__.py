from .complaints import (
    complaint_confirmation_pdf,
    complaint_detail,
    complaint_form_blank_pdf,
    complaint_form_order_pdf,
    complaint_new,
    complaints_info,
    my_complaints,
    out_of_court,
)
from .withdrawals import (
    my_withdrawals,
    withdrawal_acknowledgement_pdf,
    withdrawal_detail,
    withdrawal_form_pdf,
    withdrawal_info,
    withdrawal_new,
)

__all__ = [
    "complaint_confirmation_pdf",
    "complaint_detail",
    "complaint_form_blank_pdf",
    "complaint_form_order_pdf",
    "complaint_new",
    "complaints_info",
    "my_complaints",
    "my_withdrawals",
    "out_of_court",
    "withdrawal_acknowledgement_pdf",
    "withdrawal_detail",
    "withdrawal_form_pdf",
    "withdrawal_info",
    "withdrawal_new",
]
