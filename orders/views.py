"""Checkout, order page and the payment provider's webhook. Views parse and render; every
change goes through a service."""

import contextlib
import datetime
import logging
import re
import secrets
import uuid

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from cart.context_processors import header_count_from
from cart.selectors import cart_item_count, visitor_cart_summary
from cart.services import guest_cart_forget, guest_cart_id
from catalog.currency import rsd_to_eur
from catalog.selectors import exchange_rate_current
from cestmoi.health import cache_is_working
from legal.consumer_law import withdrawal_open, withdrawal_period_ends
from legal.models import LegalDocumentKind
from legal.selectors import legal_document_current
from newsletter.models import ConsentSource
from newsletter.services import newsletter_subscribe

from . import rules
from .access import order_link, order_visible_to
from .forms import (
    ConfirmOrderForm,
    DeliveryAddressForm,
    DeliveryMethodForm,
    TermsForm,
)
from .models import FulfilmentStatus, Order, Payment, StockReservation
from .payments import (
    STILL_PAYABLE,
    PaymentProviderError,
    ProviderConfigurationError,
    bank_provider,
    charge_currency,
)
from .selectors import (
    delivery_methods_offered,
    order_by_checkout_key,
    order_document_of,
    order_documents,
    order_lines_with_photos,
)
from .services.paying import PaymentStartError, payment_check_due, payment_start, payment_sync
from .services.placing import CheckoutError, DeliveryContact, order_place

logger = logging.getLogger(__name__)

CHECKOUT_SESSION_KEY = "checkout"
PROVIDER_PAYMENT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# The key of the checkout this session confirmed last, so that a second click resumes it.
PLACED_CHECKOUT_SESSION_KEY = "checkout_placed"


def _hold_for() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.ORDER_PAYMENT_HOLD_MINUTES)


# --- Checkout -------------------------------------------------------------------------------
def _posted(request):
    # An empty POST (nothing ticked) must still bind the form, so it can say what is missing.
    return request.POST if request.method == "POST" else None


def _checkout(request) -> dict:
    return request.session.setdefault(CHECKOUT_SESSION_KEY, {})


def _save_checkout(request, **values) -> None:
    request.session[CHECKOUT_SESSION_KEY] = {**_checkout(request), **values}


def _summary_or_none(request):
    summary = visitor_cart_summary(user=request.user, cart_id=guest_cart_id(request.session))
    return None if summary.is_empty else summary


def _checkout_page(request, template, summary, context):
    """A checkout page with the priced cart (which also gives the header's count)."""
    return render(request, template, {**context, "summary": summary, **header_count_from(summary)})


def _cart_is_empty(request) -> bool:
    """One query. A posted step needs no more: the priced cart is built only for a page shown."""
    return not cart_item_count(guest_cart_id(request.session), request.user)


def _charge_preview(total):
    """What the card will be charged: the dinar total at the bank (with the euro amount only as
    an indication), or euros at today's NBS rate at Mollie (None while no rate is known)."""
    currency = charge_currency()
    rate = exchange_rate_current(timezone.localdate())
    if rate is None:
        return {"currency": currency} if currency == "RSD" else None
    return {"currency": currency, "amount_eur": rsd_to_eur(total, rate.eur_rsd), "rate": rate}


def checkout_address(request):
    if _cart_is_empty(request):
        return redirect("cart:cart")
    saved = list(request.user.addresses.all()) if request.user.is_authenticated else []
    account_email = request.user.email if request.user.is_authenticated else None
    previous = _checkout(request).get("contact")
    form = DeliveryAddressForm(
        _posted(request),
        # The address book lists the default address first.
        initial=previous or ({"saved_address": str(saved[0].pk)} if saved else {}),
        saved_addresses=saved,
        account_email=account_email,
    )
    if request.method == "POST" and form.is_valid():
        _save_checkout(request, contact=form.contact_data())
        return redirect("orders:checkout_delivery")
    summary = _summary_or_none(request)
    if summary is None:  # emptied in another tab since it was counted
        return redirect("cart:cart")
    return _checkout_page(
        request, "orders/checkout_address.html", summary, {"form": form, "step": 1}
    )


def _missing_step(request, state):
    """Where a shopper who skipped ahead belongs: the cart, or the address step."""
    if _cart_is_empty(request):
        return redirect("cart:cart")
    if "contact" not in state:
        return redirect("orders:checkout_address")
    return None


def checkout_delivery(request):
    state = _checkout(request)
    if missing := _missing_step(request, state):
        return missing
    methods = delivery_methods_offered()
    offered = list(methods)
    chosen = state.get("delivery_method_id")
    if chosen is None and len(offered) == 1:
        # One courier fits: choosing it is not a decision left to the buyer.
        chosen = offered[0].pk
    form = DeliveryMethodForm(
        _posted(request), methods=methods, initial={"delivery_method": chosen}
    )
    if request.method == "POST" and form.is_valid():
        _save_checkout(request, delivery_method_id=form.cleaned_data["delivery_method"].pk)
        return redirect("orders:checkout_review")
    summary = _summary_or_none(request)
    if summary is None:
        return redirect("cart:cart")
    options = [
        (
            method,
            rules.delivery_price(goods_total=summary.goods_total, courier_price=method.price),
        )
        for method in offered
    ]
    return _checkout_page(
        request,
        "orders/checkout_delivery.html",
        summary,
        {"form": form, "options": options, "step": 2},
    )


def _chosen_delivery_method(state):
    return delivery_methods_offered().filter(pk=state.get("delivery_method_id")).first()


def _current_terms():
    return legal_document_current(kind=LegalDocumentKind.TERMS, today=timezone.localdate())


def _review_page(request, template, *, state, method, context):
    """The review and the confirm page: the priced cart, the delivery, the totals and what the
    card will be charged."""
    summary = _summary_or_none(request)
    if summary is None:
        return redirect("cart:cart")
    lines = [rules.PricedLine(row.unit_price, row.line.quantity) for row in summary.rows]
    totals = rules.order_totals(lines=lines, courier_price=method.price)
    return _checkout_page(
        request,
        template,
        summary,
        {
            **context,
            "contact": DeliveryContact(**state["contact"]),
            "delivery_method": method,
            "totals": totals,
            "charge": _charge_preview(totals.total),
        },
    )


def checkout_review(request):
    state = _checkout(request)
    if missing := _missing_step(request, state):
        return missing
    method = _chosen_delivery_method(state)
    if method is None:
        return redirect("orders:checkout_delivery")
    terms = _current_terms()
    form = TermsForm(_posted(request), initial={"newsletter": state.get("newsletter", False)})
    if request.method == "POST" and form.is_valid():
        _save_checkout(
            request,
            terms_id=terms.pk,
            key=state.get("key") or str(uuid.uuid4()),
            newsletter=form.cleaned_data["newsletter"],
        )
        return redirect("orders:checkout_confirm")
    return _review_page(
        request,
        "orders/checkout_review.html",
        state=state,
        method=method,
        context={"form": form, "terms": terms, "step": 3},
    )


def checkout_confirm(request):
    state = _checkout(request)
    if request.method == "POST":
        return _place_order(request, state)
    if missing := _missing_step(request, state):
        return missing
    if not state.get("terms_id") or not state.get("key"):
        return redirect("orders:checkout_review")
    method = _chosen_delivery_method(state)
    if method is None:
        return redirect("orders:checkout_delivery")
    form = ConfirmOrderForm(initial={"checkout_key": state["key"]})
    return _review_page(
        request,
        "orders/checkout_confirm.html",
        state=state,
        method=method,
        context={"form": form, "terms": _current_terms(), "step": 4},
    )


def _place_order(request, state):
    form = ConfirmOrderForm(request.POST)
    now = timezone.now()
    key = str(form.cleaned_data["checkout_key"]) if form.is_valid() else ""
    placed = order_by_checkout_key(key) if key else None
    # Confirmed already (double click, back button, second tab): go on paying that order. Only
    # this session's own checkout or the order's own account may: a key posted by anyone else
    # must never hand out the order's payment page or signed link.
    own_key = key in (state.get("key"), request.session.get(PLACED_CHECKOUT_SESSION_KEY))
    if placed is not None and (own_key or order_visible_to(placed, user=request.user, key=None)):
        return _go_pay(request, placed, now)
    # Placing takes only this session's key too: `order_place` answers a key that another
    # session places at the same moment with that session's order.
    if not key or key != state.get("key") or not state.get("terms_id"):
        messages.error(request, _("Please review your order and confirm it again."))
        return redirect("orders:checkout_review")
    if not _placing_allowed(request, state["contact"]["email"]):
        messages.error(
            request,
            _("Too many orders in a short time. Please wait a few minutes and confirm again."),
        )
        return redirect("orders:checkout_confirm")
    try:
        order = order_place(
            cart_id=guest_cart_id(request.session) or 0,
            contact=DeliveryContact(**state["contact"]),
            delivery_method_id=state.get("delivery_method_id") or 0,
            terms_id=state["terms_id"],
            idempotency_key=form.cleaned_data["checkout_key"],
            user=request.user,
            language=get_language(),
            now=now,
            hold_for=_hold_for(),
        )
    except CheckoutError as error:
        for problem in error.problems:
            messages.error(request, problem)
        return redirect("cart:cart")
    request.session.pop(CHECKOUT_SESSION_KEY, None)
    request.session[PLACED_CHECKOUT_SESSION_KEY] = key
    guest_cart_forget(request.session)
    if state.get("newsletter"):
        # Only a confirmation link is sent now: the order records nothing of it.
        newsletter_subscribe(
            email=order.email,
            language=get_language(),
            source=ConsentSource.CHECKOUT,
            user=request.user,
            now=now,
        )
    return _go_pay(request, order, now)


def _placing_allowed(request, email: str) -> bool:
    if ratelimit.consume(request, action="place_order", key=email):
        return True
    # The limiter fails closed when its cache is down; selling must not stop with Redis.
    return not cache_is_working()


def _go_pay(request, order: Order, now):
    try:
        checkout_url = payment_start(order_id=order.pk, now=now, hold_for=_hold_for())
    except PaymentStartError as error:
        messages.error(request, str(error))
        return redirect(order_link(order))
    except PaymentProviderError:
        messages.error(
            request,
            _("We could not open the payment page. Your order is saved: please try paying again."),
        )
        return redirect(order_link(order))
    return redirect(checkout_url)


# --- Order page and payment -----------------------------------------------------------------
def _visible_order_or_404(request, number) -> Order:
    order = get_object_or_404(Order, number=number)
    if not order_visible_to(order, user=request.user, key=request.GET.get("key")):
        raise Http404
    return order


@require_GET
def order_detail(request, number):
    order = _visible_order_or_404(request, number)
    latest = order.payments.first()
    # Back from the payment page, perhaps before the webhook arrived: ask the provider, at
    # most once per few seconds per payment (reloads and a hanging provider must not turn
    # every view into a provider call). Plain views show what the shop knows.
    if (
        "returned" in request.GET
        and latest is not None
        and latest.status in STILL_PAYABLE
        and payment_check_due(payment=latest)
    ):
        with contextlib.suppress(PaymentProviderError):
            payment_sync(provider_payment_id=latest.provider_payment_id, now=timezone.now())
        order.refresh_from_db()
        latest.refresh_from_db()
    in_progress = latest is not None and latest.status in STILL_PAYABLE
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "lines": order_lines_with_photos(order),
            "latest_payment": latest,
            "can_pay": order.status == FulfilmentStatus.AWAITING_PAYMENT,
            "payment_in_progress": in_progress,
            "payment_not_completed": latest is not None and not in_progress and not latest.paid_at,
            "stock_released": order.stock_reservation == StockReservation.RELEASED,
            "pay_key": request.GET.get("key", ""),
            "documents": order_documents(order),
            # The withdrawal link for the whole period (Directive 2023/2673), on a contract that
            # still stands: paid, not canceled.
            "withdrawal_open": order.paid_at is not None
            and order.status != FulfilmentStatus.CANCELED
            and withdrawal_open(delivered_on=order.delivered_on, today=timezone.localdate()),
            "withdrawal_ends": (
                withdrawal_period_ends(order.delivered_on) if order.delivered_on else None
            ),
        },
    )


@require_GET
def order_document(request, number, document_id):
    """A document of the order, for whoever may see the order page (owner or signed link)."""
    order = _visible_order_or_404(request, number)
    document = order_document_of(order=order, document_id=document_id)
    if document is None:
        raise Http404
    return document_response(document)


def document_response(document) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename
    )
    # Contracts and invoices carry personal data: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def order_pay(request, number):
    order = _visible_order_or_404(request, number)
    return _go_pay(request, order, timezone.now())


@csrf_exempt
@require_POST
def payment_webhook(request):
    """The provider posts only a payment id; everything else is fetched from the provider."""
    payment_id = request.POST.get("id", "")
    if not PROVIDER_PAYMENT_ID.fullmatch(payment_id):
        # Not an id the shop ever made (Mollie's "tr_…", the bank's "<uuid>-<attempt>"):
        # nothing to ask the provider about, and control characters would not even fit the
        # bank's XML.
        return HttpResponse(status=200)
    try:
        payment_sync(provider_payment_id=payment_id, now=timezone.now())
    except PaymentProviderError:
        # The provider retries on an error status; we could not learn the outcome yet.
        return HttpResponse(status=503)
    return HttpResponse(status=200)


# --- The bank's hosted page ------------------------------------------------------------------
def _bank_urls() -> dict[str, str]:
    back = settings.SITE_URL + reverse("orders:bank_return")
    return {
        "ok_url": back,
        "fail_url": back,
        "callback_url": settings.SITE_URL + reverse("orders:bank_callback"),
    }


@require_GET
def bank_pay(request, oid):
    """The page that sends the shopper's browser to the bank: a form, signed with the store
    key, that posts itself (a button without JavaScript). The oid is unguessable (the order's
    random public id and the attempt), and the page shows only the amount."""
    payment = (
        Payment.objects.select_related("order")
        .filter(provider_payment_id=oid, currency="RSD")
        .first()
    )
    if payment is None:
        raise Http404
    if (
        payment.status not in STILL_PAYABLE
        or payment.order.status != FulfilmentStatus.AWAITING_PAYMENT
    ):
        return redirect(order_link(payment.order))
    fields = bank_provider().hosted_page_form(
        oid=oid,
        amount=payment.amount_rsd,
        language=get_language(),
        rnd=secrets.token_hex(10),
        **_bank_urls(),
    )
    return render(
        request,
        "orders/bank_redirect.html",
        {"gateway_url": settings.BANK_GATEWAY_URL, "fields": fields, "payment": payment},
    )


def _bank_signed_oid(request) -> str | None:
    try:
        return bank_provider().signed_oid(request.POST.dict())
    except ProviderConfigurationError:
        # A shop without the bank's settings has sent no one to the bank: nothing is signed.
        logger.warning("A bank form was posted, but the bank is not configured.")
        return None


@csrf_exempt
@require_POST
def bank_return(request):
    """The bank sends the shopper back here (okUrl and failUrl alike) with a signed form. Only
    a form with our hash leads on, to the order page, which asks the bank about the payment
    like any return from paying (at most once per few seconds); nothing is read from the form
    but the payment's id. Session cookies do not come with this cross-site POST: the shopper
    goes on by the order's signed link."""
    oid = _bank_signed_oid(request)
    payment = Payment.objects.select_related("order").filter(provider_payment_id=oid).first()
    if oid is None or payment is None:
        return render(request, "orders/bank_return_refused.html", status=400)
    return redirect(order_link(payment.order) + "&returned=1")


@csrf_exempt
@require_POST
def bank_callback(request):
    """The bank's server-to-server callback: the same signed form, answered "Approved" once
    the payment's state is taken from the bank; a refused hash changes nothing."""
    oid = _bank_signed_oid(request)
    if oid is None:
        return HttpResponse("hash refused", status=400, content_type="text/plain")
    try:
        payment_sync(provider_payment_id=oid, now=timezone.now())
    except PaymentProviderError:
        # The bank calls again; the outcome could not be learnt yet.
        return HttpResponse("try again", status=503, content_type="text/plain")
    return HttpResponse("Approved", content_type="text/plain")
