"""The cart page and its two forms. Views parse and render; every change goes through a service."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cestmoi.redirects import posted_next_or

from .context_processors import header_count_from
from .forms import CartAddForm, CartQuantityForm
from .selectors import visitor_cart_summary
from .services import (
    CartError,
    cart_add,
    cart_find,
    cart_get_or_create,
    cart_remove,
    cart_set_quantity,
    guest_cart_id,
)


@require_GET
def cart(request):
    summary = visitor_cart_summary(user=request.user, cart_id=guest_cart_id(request.session))
    return render(request, "cart/cart.html", {"summary": summary, **header_count_from(summary)})


@require_POST
def cart_add_view(request):
    form = CartAddForm(request.POST)
    back = posted_next_or(request, reverse("cart:cart"))
    if not form.is_valid():
        if "engraving" in form.errors:
            messages.error(request, form.errors["engraving"][0])
        else:
            messages.error(request, _("Please choose a size or option and a quantity."))
        return redirect(back)
    shopping_cart = cart_get_or_create(user=request.user, session=request.session)
    try:
        line = cart_add(
            cart=shopping_cart,
            variant_id=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
            engraving=form.cleaned_data["engraving"],
        )
    except CartError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(request, _("%(item)s is in your cart.") % {"item": line.variant})
    return redirect("cart:cart")


@require_POST
def cart_update(request, line_id):
    shopping_cart = cart_find(user=request.user, session=request.session)
    if shopping_cart is None:
        return redirect("cart:cart")
    if "remove" in request.POST:
        cart_remove(cart=shopping_cart, line_id=line_id)
        messages.success(request, _("The item was removed from your cart."))
        return redirect("cart:cart")
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a quantity from 0 to 99."))
        return redirect("cart:cart")
    try:
        cart_set_quantity(
            cart=shopping_cart, line_id=line_id, quantity=form.cleaned_data["quantity"]
        )
    except CartError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your cart was updated."))
    return redirect("cart:cart")
