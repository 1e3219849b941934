"""The privacy center: file and follow requests, confirm them from the e-mail link (a page
with a button: mail scanners follow links, a GET never confirms), download an export, and read
what the shop stores, for how long, and where to complain."""

from allauth.core import ratelimit
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cestmoi.forms import posted
from cestmoi.health import cache_is_working
from legal.models import LegalDocumentKind

from .forms import DataRequestForm
from .models import DataRequest, RequestState
from .retention import RETENTION_TABLE
from .services.papers import (
    COMMISSIONER,
    access_answer,
    confirmation_request,
    download_request,
    follow_key,
    follow_link,
)
from .services.requests import request_confirm, request_file


def privacy_center(request):
    user = request.user if request.user.is_authenticated else None
    form = DataRequestForm(posted(request), initial={"email": user.email if user else ""})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        if not _filing_allowed(request, email):
            form.add_error(None, _("Too many requests from here; please try again in an hour."))
        else:
            data_request = request_file(
                kind=form.cleaned_data["kind"],
                email=email,
                details=form.cleaned_data["details"],
                user=user,
                language=get_language(),
                now=timezone.now(),
            )
            return redirect(follow_link(data_request))
    own_requests = DataRequest.objects.filter(user=user).order_by("-filed_at")[:20] if user else []
    return render(
        request,
        "privacy/center.html",
        {
            "form": form,
            "own_requests": [(r, follow_link(r)) for r in own_requests],
            "commissioner": COMMISSIONER,
            "retention": RETENTION_TABLE,
            "stored": access_answer(None),
            "policy_kinds": (LegalDocumentKind.PRIVACY, LegalDocumentKind.DATA_PROTECTION),
        },
    )


def _filing_allowed(request, email: str) -> bool:
    if ratelimit.consume(request, action="privacy_request", key=email):
        return True
    # The limiter fails closed when its cache is down; a person's rights must not stop with Redis.
    return not cache_is_working()


def _visible(data_request: DataRequest, request) -> bool:
    if request.user.is_authenticated and data_request.user_id == request.user.pk:
        return True
    key = request.GET.get("key", "")
    return bool(key) and constant_time_compare(key, follow_key(data_request))


@require_GET
def request_status(request, public_id):
    data_request = DataRequest.objects.filter(public_id=public_id).first()
    if data_request is None or not _visible(data_request, request):
        raise Http404
    return render(
        request,
        "privacy/status.html",
        {"data_request": data_request, "commissioner": COMMISSIONER, "states": RequestState},
    )


def request_confirm_page(request, token):
    data_request = confirmation_request(token)
    if data_request is None:
        return render(request, "privacy/confirm_expired.html", status=404)
    if request.method == "POST":
        request_confirm(data_request=data_request, now=timezone.now())
        messages.success(request, _("Thank you: your request is confirmed and received."))
        return redirect(follow_link(data_request))
    return render(request, "privacy/confirm.html", {"data_request": data_request})


@require_GET
def export_download(request, token):
    """The export, for whoever holds the e-mailed link (it proves the address), while it has
    not expired; a signed-in customer other than the requester gets a 404 like anyone else."""
    data_request = download_request(token)
    if (
        data_request is None
        or not data_request.export_file
        or data_request.export_expires_at is None
        or data_request.export_expires_at <= timezone.now()
    ):
        raise Http404
    if request.user.is_authenticated and not (
        data_request.user_id == request.user.pk
        or request.user.email.lower() == data_request.email.lower()
    ):
        raise Http404
    response = FileResponse(
        data_request.export_file.open("rb"),
        as_attachment=True,
        filename=data_request.export_file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
