"""Named read queries of the account side. Checkout reads the address book through these."""

from allauth.account.models import EmailAddress
from django.shortcuts import get_object_or_404

from .models import Address, User


def addresses_for_user(user: User):
    """The user's address book, the default address first."""
    return Address.objects.filter(user=user).order_by("-is_default", "-created_at", "-pk")


def address_default_for_user(user: User) -> Address | None:
    return Address.objects.filter(user=user, is_default=True).first()


def address_for_user_or_404(*, user: User, address_id: int) -> Address:
    # Another customer's address is "not found", never "forbidden": ids reveal nothing.
    return get_object_or_404(Address, pk=address_id, user=user)


def verified_emails_for_user(user: User) -> set[str]:
    """The addresses this user has proven to own (lower case). Only orders placed with one of
    these may ever be shown in, or attached to, the account."""
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
