from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cestmoi.forms import posted
from orders.selectors import orders_of_customer

from . import selectors, services
from .forms import AddressForm, ProfileForm


@login_required
def overview(request):
    return render(
        request,
        "accounts/overview.html",
        {"default_address": selectors.address_default_for_user(request.user)},
    )


@login_required
def profile(request):
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:overview")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def addresses(request):
    return render(
        request,
        "accounts/addresses.html",
        {"addresses": selectors.addresses_for_user(request.user)},
    )


@login_required
def address_add(request):
    form = AddressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.address_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The address has been added."))
            return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": None})


@login_required
def address_edit(request, address_id):
    address = selectors.address_for_user_or_404(user=request.user, address_id=address_id)
    form = AddressForm(posted(request), instance=address)
    if request.method == "POST" and form.is_valid():
        services.address_update(address=address, **form.cleaned_data)
        messages.success(request, _("The address has been saved."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": address})


@login_required
def address_delete(request, address_id):
    address = selectors.address_for_user_or_404(user=request.user, address_id=address_id)
    if request.method == "POST":
        services.address_delete(address=address)
        messages.success(request, _("The address has been deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address})


@login_required
@require_POST
def address_set_default(request, address_id):
    address = selectors.address_for_user_or_404(user=request.user, address_id=address_id)
    services.address_set_default(address=address)
    messages.success(request, _("This is now your default address."))
    return redirect("accounts:addresses")


ORDERS_PER_PAGE = 20


@verified_email_required
def orders(request):
    page = Paginator(orders_of_customer(request.user), ORDERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/orders.html", {"orders": page, "page_obj": page})
