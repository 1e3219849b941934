"""Every field of every model of the shop is classified in privacy.registry: personal (with
what an erasure does to it) or not. A new field fails here until someone decides."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from privacy.registry import NOT_PERSONAL, REGISTRY, Erasure
from privacy.services.people import Person, entry_model, entry_rows

# Not ours, but holding the customer's data: covered too.
THIRD_PARTY_COVERED = {"account.EmailAddress", "admin.LogEntry"}


def shop_models():
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        label = model._meta.label
        own = Path(model._meta.app_config.path).is_relative_to(settings.BASE_DIR) and (
            ".venv" not in Path(model._meta.app_config.path).parts
        )
        if own or label in THIRD_PARTY_COVERED:
            yield model


def field_names(model) -> set[str]:
    return {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.local_many_to_many
    }


def test_every_model_of_the_shop_is_classified():
    unclassified = sorted(
        model._meta.label
        for model in shop_models()
        if model._meta.label not in REGISTRY and model._meta.label not in NOT_PERSONAL
    )
    assert unclassified == [], f"add these to privacy/registry.py: {unclassified}"


@pytest.mark.parametrize("label", sorted(REGISTRY))
def test_every_field_of_a_registered_model_is_personal_or_declared_not(label):
    model = apps.get_model(label)
    personal, other = set(REGISTRY[label].personal), set(REGISTRY[label].other_fields)
    assert personal & other == set(), "a field is both personal and not"
    missing = field_names(model) - personal - other
    unknown = (personal | other) - field_names(model)
    assert missing == set(), f"{label}: classify {sorted(missing)} in privacy/registry.py"
    assert unknown == set(), f"{label}: {sorted(unknown)} are no fields of the model"


def test_the_shop_models_are_found_at_all():
    labels = {model._meta.label for model in shop_models()}
    assert {
        "orders.Order",
        "accounts.User",
        "account.EmailAddress",
        "privacy.DataRequest",
    } <= labels
    assert not set(NOT_PERSONAL) & set(REGISTRY)


def test_kept_fields_name_their_legal_reason_and_deleted_rows_are_declared_so():
    for label, entry in REGISTRY.items():
        for name, personal in entry.personal.items():
            assert (personal.erasure == Erasure.KEEP) == (personal.hold is not None), (label, name)
            assert (personal.erasure == Erasure.DELETE) == entry.delete_rows, (label, name)


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(label for label, e in REGISTRY.items() if e.searchable))
def test_every_way_of_finding_a_person_is_a_working_query(label):
    person = Person(frozenset({"a@example.rs"}), frozenset({1}), frozenset({1}))
    assert list(entry_rows(REGISTRY[label], entry_model(label), person)) == []
