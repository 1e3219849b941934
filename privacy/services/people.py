"""Finding a person's rows in every registered table, and the values that identify them.

A person is an e-mail address proven by the requester, the account with that address (and
that account's other verified addresses), and every order placed with either. Addresses only
seen on an order (a gift sent to a friend) do not pull in anyone else's data."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from orders.models import Order

from ..registry import REGISTRY, Entry

# Shorter values (an initial, a two-digit house number) would redact unrelated text.
SHORTEST_NEEDLE = 4


@dataclass(frozen=True)
class Person:
    emails: frozenset[str]
    user_ids: frozenset[int]
    order_ids: frozenset[int]


def person_find(email: str) -> Person:
    email = email.strip().lower()
    user_ids = set(
        get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True)
    )
    user_ids |= set(
        EmailAddress.objects.filter(email__iexact=email, verified=True).values_list(
            "user_id", flat=True
        )
    )
    emails = {email} | {
        address.lower()
        for address in EmailAddress.objects.filter(user_id__in=user_ids, verified=True).values_list(
            "email", flat=True
        )
    }
    emails |= {
        address.lower()
        for address in get_user_model()
        .objects.filter(pk__in=user_ids)
        .values_list("email", flat=True)
    }
    order_ids = set(
        Order.objects.filter(Q(user_id__in=user_ids) | _iexact_any("email", emails)).values_list(
            "pk", flat=True
        )
    )
    return Person(frozenset(emails), frozenset(user_ids), frozenset(order_ids))


def _iexact_any(lookup: str, emails) -> Q:
    return reduce(or_, (Q(**{f"{lookup}__iexact": email}) for email in emails), Q(pk__in=[]))


def entry_model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def entry_rows(entry: Entry, model: type[models.Model], person: Person) -> models.QuerySet:
    """The rows of `model` that belong to the person, by each way the entry declares."""
    condition = Q(pk__in=[])
    if entry.by_user and person.user_ids:
        condition |= Q(**{f"{entry.by_user}__in": person.user_ids})
    if entry.by_email and person.emails:
        condition |= _iexact_any(entry.by_email, person.emails)
    if entry.by_order and person.order_ids:
        condition |= Q(**{f"{entry.by_order}__in": person.order_ids})
    return model.objects.filter(condition).distinct().order_by("pk")


def person_rows(person: Person) -> dict[str, list[int]]:
    """The primary keys of the person's rows per registered model, taken before anything
    changes (an erasure anonymises the very columns the rows are found by)."""
    found = {}
    for label, entry in REGISTRY.items():
        if not entry.searchable:
            continue
        pks = list(entry_rows(entry, entry_model(label), person).values_list("pk", flat=True))
        if pks:
            found[label] = pks
    return found


def person_needles(person: Person, rows: dict[str, list[int]]) -> set[str]:
    """The identifying values found in the person's rows (names, e-mail addresses, phone
    numbers, streets), which an erasure removes everywhere and the re-scan searches for."""
    needles = set(person.emails)
    for label, pks in rows.items():
        entry = REGISTRY[label]
        names = [name for name, p in entry.personal.items() if p.category.identifying]
        model = entry_model(label)
        names = [n for n in names if not model._meta.get_field(n).is_relation]
        if not names:
            continue
        for values in model.objects.filter(pk__in=pks).values_list(*names):
            needles.update(str(value).strip() for value in values if value)
    return {needle for needle in needles if len(needle) >= SHORTEST_NEEDLE}
