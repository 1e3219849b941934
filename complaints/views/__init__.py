from .complaints import (
    complaint_confirmation_pdf,
    complaint_detail,
    complaint_new,
    complaints_info,
    out_of_court,
)
from .withdrawals import withdrawal_form_pdf, withdrawal_info

__all__ = [
    "complaint_confirmation_pdf",
    "complaint_detail",
    "complaint_new",
    "complaints_info",
    "out_of_court",
    "withdrawal_form_pdf",
    "withdrawal_info",
]
