"""Every write action of the account side. Sign-up, sign-in and e-mail handling are allauth's."""

from allauth.account.internal.flows.login import record_authentication
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from orders.services.placing import orders_attach_to_user

from .models import Address, User
from .rules import ADDRESS_BOOK_LIMIT


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, phone) -> User:
    user.full_name = full_name.strip()
    user.phone = phone
    user.save(update_fields=["full_name", "phone"])
    return user


def _lock_address_book(user: User) -> None:
    # Serialises concurrent changes to one user's address book, so "exactly one default"
    # holds without relying on the constraint to fail a customer's request.
    User.objects.select_for_update().filter(pk=user.pk).get()


@transaction.atomic
def address_create(
    *,
    user: User,
    name: str,
    street: str,
    city: str,
    postal_code: str,
    phone,
    make_default: bool = False,
) -> Address:
    _lock_address_book(user)
    if Address.objects.filter(user=user).count() >= ADDRESS_BOOK_LIMIT:
        raise ValidationError(
            _("Your address book is full (%(limit)d addresses): delete one you no longer use.")
            % {"limit": ADDRESS_BOOK_LIMIT},
            code="address_book_full",
        )
    has_default = Address.objects.filter(user=user, is_default=True).exists()
    if make_default and has_default:
        Address.objects.filter(user=user, is_default=True).update(is_default=False)
    return Address.objects.create(
        user=user,
        name=name,
        street=street,
        city=city,
        postal_code=postal_code,
        phone=phone,
        # The first address is the default: a non-empty book always has exactly one.
        is_default=make_default or not has_default,
    )


@transaction.atomic
def address_update(
    *, address: Address, name: str, street: str, city: str, postal_code: str, phone
) -> Address:
    address.name = name
    address.street = street
    address.city = city
    address.postal_code = postal_code
    address.phone = phone
    address.save(update_fields=["name", "street", "city", "postal_code", "phone"])
    return address


@transaction.atomic
def address_set_default(*, address: Address) -> Address:
    _lock_address_book(address.user)
    Address.objects.filter(user_id=address.user_id, is_default=True).exclude(pk=address.pk).update(
        is_default=False
    )
    Address.objects.filter(pk=address.pk).update(is_default=True)
    address.is_default = True
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    _lock_address_book(address.user)
    was_default = Address.objects.filter(pk=address.pk, is_default=True).exists()
    address.delete()
    if was_default:
        newest = Address.objects.filter(user_id=address.user_id).order_by("-created_at", "-pk")
        successor = newest.first()
        if successor is not None:
            address_set_default(address=successor)


def account_email_verified(*, user: User, email: str) -> None:
    """Runs when `user` proves they own `email` (allauth's `email_confirmed` signal, wired in
    `accounts.signals`), and never before: anyone can type anyone's address at a guest
    checkout, so only a verified address brings its guest orders into the account."""
    orders_attach_to_user(user=user, email=email)


def second_factor_passed(*, request, authenticator) -> None:
    """Records in the session, as allauth does after a good code, that it passed the second
    factor (allauth keeps these records only in its internal flows)."""
    record_authentication(
        request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type
    )
