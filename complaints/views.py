from django.shortcuts import render

from .rules import COMPLAINT_ANSWER_DAYS, COMPLAINT_RESOLUTION_DAYS, WITHDRAWAL_DAYS


def complaints_info(request):
    return render(
        request,
        "complaints/complaints_info.html",
        {
            "answer_days": COMPLAINT_ANSWER_DAYS,
            "resolution_days": COMPLAINT_RESOLUTION_DAYS,
        },
    )


def withdrawal_info(request):
    return render(request, "complaints/withdrawal_info.html", {"withdrawal_days": WITHDRAWAL_DAYS})
