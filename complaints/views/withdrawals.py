"""The withdrawal function (Art. 11a of Directive 2011/83, added by 2023/2673): the page behind
"Withdraw from contract here", the short form with its second step "Confirm withdrawal", the
statement's own page (signed link or the account) and its acknowledgement PDF, and the blank
withdrawal form for post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cestmoi.forms import posted
from legal import consumer_law as law
from orders.access import order_visible_to
from orders.models import FulfilmentStatus, Order
from orders.services.documents import withdrawal_form_blank_pdf

from ..models import WithdrawalChannel, WithdrawalStatement
from ..rate_limits import submission_allowed
from ..services.withdrawal_papers import (
    withdrawal_acknowledgement,
    withdrawal_context,
    withdrawal_link,
    withdrawal_visible_to,
)
from ..services.withdrawals import withdrawal_order_match, withdrawal_receive
from ..withdrawal_forms import IdentifyContractForm, WithdrawalForm

_form_signer = signing.Signer(salt="complaints.withdrawal-form")


def _form_key(order: Order) -> str:
    """Opens the withdrawal form of one order (not its order page) to whoever matched its
    number, e-mail and surname."""
    return _form_signer.signature(str(order.public_id))


def _order_form_url(order: Order, *, key: str) -> str:
    return f"{reverse('complaints:withdrawal_for_order', args=(order.number,))}?key={key}"


def withdrawal_info(request):
    """What the right of withdrawal is, and the first step for who did not come from an order
    page: which contract? Order number, e-mail and surname must all match to open that order's
    form; otherwise the statement can still be sent, describing the goods in words."""
    form = IdentifyContractForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = withdrawal_order_match(
            number=data["order_number"], email=data["email"], full_name=data["full_name"]
        )
        if order is not None:
            return redirect(_order_form_url(order, key=_form_key(order)))
        return render(
            request,
            "complaints/withdrawal/form.html",
            {
                "form": WithdrawalForm(initial=data),
                "order": None,
                "not_matched": True,
            },
        )
    today = timezone.localdate()
    own_orders = (
        [
            order
            for order in Order.objects.filter(user=request.user, paid_at__isnull=False)
            .exclude(status=FulfilmentStatus.CANCELED)
            .order_by("-created_at")[:20]
            if law.withdrawal_open(delivered_on=order.delivered_on, today=today)
        ]
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "complaints/withdrawal_info.html",
        {"form": form, "own_orders": own_orders, **law.deadlines()},
    )


def _order_for_form(request, number) -> tuple[Order, str]:
    order = Order.objects.filter(number=number).first()
    key = request.GET.get("key", "")
    if order is None:
        raise Http404
    form_key_valid = bool(key) and constant_time_compare(key, _form_key(order))
    if not (form_key_valid or order_visible_to(order, user=request.user, key=key)):
        raise Http404
    return order, key


def withdrawal_new(request, number=None):
    """The short form, then its second step. The statement counts as received when "Confirm
    withdrawal" is pressed: the time is taken before anything else runs."""
    received_at = timezone.now()
    order, key = _order_for_form(request, number) if number is not None else (None, "")
    form = WithdrawalForm(posted(request), order=order, initial=_initial(request, order))
    if request.method != "POST" or not form.is_valid():
        return render(
            request, "complaints/withdrawal/form.html", {"form": form, "order": order, "key": key}
        )
    if "confirm" not in request.POST:
        return render(
            request,
            "complaints/withdrawal/confirm.html",
            {
                "form": form,
                "order": order,
                "key": key,
                "stated": form.stated_lines(),
                "excluded": [
                    item
                    for item in form.stated_lines()
                    if law.withdrawal_line_excluded(is_personalised=item.order_line.is_personalised)
                ],
            },
        )
    data = form.cleaned_data
    acknowledge = submission_allowed(request, action="withdrawal", email=data["email"])
    statement = withdrawal_receive(
        received_at=received_at,
        channel=WithdrawalChannel.ONLINE,
        full_name=data["full_name"],
        email=data["email"],
        order=order,
        order_number_given=data.get("order_number", ""),
        lines=form.stated_lines(),
        goods=data.get("goods", ""),
        reason=data["reason"],
        language=get_language(),
        acknowledge=acknowledge,
    )
    if not acknowledge:
        messages.warning(
            request,
            _(
                "Your statement is recorded. Many statements were sent from here in a short "
                "time, so we did not e-mail the acknowledgement: this page and its PDF are your "
                "acknowledgement; please keep them."
            ),
        )
    return redirect(withdrawal_link(statement) + "&sent=1")


def _initial(request, order: Order | None) -> dict:
    if order is not None:
        wanted = request.GET.getlist("line")
        chosen = [
            str(line.pk)
            for line in order.lines.all()
            if (str(line.pk) in wanted)
            or (
                not wanted
                and not law.withdrawal_line_excluded(is_personalised=line.is_personalised)
            )
        ]
        return {"full_name": order.full_name, "email": order.email, "lines": chosen}
    if request.user.is_authenticated:
        return {"full_name": request.user.full_name, "email": request.user.email}
    return {}


def _visible_statement(request, number) -> WithdrawalStatement:
    statement = get_object_or_404(
        WithdrawalStatement.objects.select_related("order"), number=number
    )
    if not withdrawal_visible_to(statement, user=request.user, key=request.GET.get("key")):
        raise Http404
    return statement


@require_GET
def withdrawal_detail(request, number):
    statement = _visible_statement(request, number)
    return render(
        request,
        "complaints/withdrawal/detail.html",
        {
            **withdrawal_context(statement),
            "just_sent": "sent" in request.GET,
            "key": request.GET.get("key", ""),
        },
    )


@require_GET
def withdrawal_acknowledgement_pdf(request, number):
    statement = _visible_statement(request, number)
    document = withdrawal_acknowledgement(statement)
    with document.file.open("rb") as pdf:
        response = HttpResponse(pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@login_required
@require_GET
def my_withdrawals(request):
    """The signed-in customer's withdrawals from their orders, newest first."""
    statements = WithdrawalStatement.objects.filter(order__user=request.user)
    return render(request, "complaints/withdrawal/mine.html", {"statements": statements})


@require_GET
def withdrawal_form_pdf(request):
    """The blank withdrawal form in the visitor's language, to print or fill in."""
    response = HttpResponse(
        withdrawal_form_blank_pdf(language=get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="withdrawal-form.pdf"'
    return response
