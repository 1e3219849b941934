"""The consumer's complaint pages: the information page that identifies the order, the form,
the complaint's own page (signed link or the account) and its documents."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cestmoi.forms import posted
from legal.consumer_law import COMPLAINT_ANSWER_DAYS, COMPLAINT_RESOLUTION_DAYS
from legal.seller import SELLER
from orders.access import order_access_key, order_visible_to
from orders.models import Order

from ..complaint_forms import ComplaintForm, IdentifyOrderForm, photos_check
from ..models import Complaint, ComplaintChannel, ComplaintEventKind
from ..rate_limits import submission_allowed
from ..services.complaint_papers import (
    complaint_confirmation,
    complaint_deadlines,
    complaint_form_pdf,
    complaint_link,
    complaint_visible_to,
)
from ..services.complaints import complaint_order_find, complaint_receive


def complaints_info(request):
    """What the law gives, and the first step: which order? A guest names it by number and
    e-mail; a signed-in customer picks it from their orders."""
    form = IdentifyOrderForm(posted(request))
    not_found = False
    if request.method == "POST" and form.is_valid():
        order = complaint_order_find(
            number=form.cleaned_data["order_number"], email=form.cleaned_data["email"]
        )
        if order is not None:
            return redirect(_order_form_url(order))
        not_found = True
    own_orders = (
        Order.objects.filter(user=request.user).order_by("-created_at")[:20]
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "complaints/complaint/info.html",
        {
            "form": form,
            "not_found": not_found,
            "own_orders": [(order, _order_form_url(order)) for order in own_orders],
            "answer_days": COMPLAINT_ANSWER_DAYS,
            "resolution_days": COMPLAINT_RESOLUTION_DAYS,
        },
    )


def _order_form_url(order: Order) -> str:
    return f"{reverse('complaints:complaint_for_order', args=(order.number,))}?key={order_access_key(order)}"


def complaint_new(request, number=None):
    """The complaint form, for an identified order (its items to tick) or without one (the
    goods described in words; staff find the order)."""
    order = None
    if number is not None:
        order = Order.objects.filter(number=number).first()
        key = request.GET.get("key")
        if order is None or not order_visible_to(order, user=request.user, key=key):
            raise Http404
    initial = (
        {"full_name": order.full_name, "email": order.email}
        if order is not None
        else {"order_number": request.GET.get("order", "")[:40]}
    )
    form = ComplaintForm(posted(request), request.FILES or None, order=order, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not submission_allowed(request, action="complaint", email=form.cleaned_data["email"]):
            # Sent back with everything typed and said plainly, never dropped silently.
            form.add_error(
                None,
                _(
                    "Too many complaints were sent from here in a short time, so this one was "
                    "NOT filed yet. Please wait a few minutes and send it again, or e-mail it "
                    "to us at %(email)s."
                )
                % {"email": SELLER.email},
            )
            return render(
                request,
                "complaints/complaint/form.html",
                {"form": form, "order": order},
                status=429,
            )
        data = form.cleaned_data
        photos, refused = photos_check(data["photos"])
        complaint = complaint_receive(
            now=timezone.now(),
            channel=ComplaintChannel.ONLINE,
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            order=order,
            order_number_given=data.get("order_number", ""),
            lines=form.chosen_lines() if order is not None else [],
            goods=data.get("goods", ""),
            description=data["description"],
            remedy=data["remedy"],
            repair_consent=data["repair_consent"],
            language=get_language(),
            photos=photos,
            photos_refused=refused,
        )
        return redirect(complaint_link(complaint) + "&filed=1")
    return render(request, "complaints/complaint/form.html", {"form": form, "order": order})


def _visible_complaint(request, number) -> Complaint:
    complaint = get_object_or_404(Complaint.objects.select_related("order"), number=number)
    if not complaint_visible_to(complaint, user=request.user, key=request.GET.get("key")):
        raise Http404
    return complaint


@require_GET
def complaint_detail(request, number):
    complaint = _visible_complaint(request, number)
    return render(
        request,
        "complaints/complaint/detail.html",
        {
            "complaint": complaint,
            "just_filed": "filed" in request.GET,
            "key": request.GET.get("key", ""),
            "photos_count": complaint.photos.count(),
            "refused_photos": _photos_refused(complaint),
            **complaint_deadlines(complaint),
        },
    )


@login_required
@require_GET
def my_complaints(request):
    """The signed-in customer's complaints about their orders, newest first."""
    complaints = Complaint.objects.filter(order__user=request.user).order_by("-received_at")
    return render(request, "complaints/complaint/mine.html", {"complaints": complaints})


def _photos_refused(complaint: Complaint) -> list[str]:
    check = complaint.events.filter(kind=ComplaintEventKind.CHECK_FAILED).first()
    return check.data.get("photos_refused", []) if check else []


@require_GET
def complaint_confirmation_pdf(request, number):
    complaint = _visible_complaint(request, number)
    document = complaint_confirmation(complaint)
    with document.file.open("rb") as pdf:
        response = HttpResponse(pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response


@require_GET
def out_of_court(request):
    """Out-of-court settlement of consumer disputes (terms, last section): linked from the
    footer and from every rejection."""
    return render(request, "complaints/complaint/out_of_court.html")


@require_GET
def complaint_form_blank_pdf(request):
    """The complaint form to print and send by post (or bring in person)."""
    return _pdf(complaint_form_pdf(language=get_language()), "complaint-form.pdf")


@require_GET
def complaint_form_order_pdf(request, number):
    """The complaint form pre-filled for an order the visitor may see."""
    order = Order.objects.filter(number=number).first()
    if order is None or not order_visible_to(order, user=request.user, key=request.GET.get("key")):
        raise Http404
    return _pdf(
        complaint_form_pdf(order=order, language=get_language()), f"complaint-form-{number}.pdf"
    )


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
