"""Least privilege: each staff role opens the admin pages of its own work and no other
(privacy policy: employees access personal data only as far as needed)."""

import pytest
from django.contrib.auth.models import Group

from tests.catalog.factories import ProductFactory

from .staff_factories import paid_order, staff_member

pytestmark = pytest.mark.django_db

ORDER_MANAGER = "Order manager"
CATALOG_EDITOR = "Catalog editor"
CUSTOMER_CARE = "Customer care"
PRIVACY_OFFICER = "Privacy officer"


@pytest.fixture
def pages(django_user_model):
    order = paid_order()
    product = ProductFactory()
    customer = django_user_model.objects.create_user(
        email="kupac@example.com", password="x-1234-pass"
    )
    return {
        "order list": "/admin/orders/order/",
        "order page": f"/admin/orders/order/{order.pk}/change/",
        "order move": f"/admin/orders/order/{order.pk}/move/in_preparation/",
        "customer blocks": "/admin/orders/customerblock/",
        "block a customer": "/admin/orders/customerblock/add/",
        "couriers": "/admin/orders/deliverymethod/",
        "product list": "/admin/catalog/product/",
        "product page": f"/admin/catalog/product/{product.pk}/change/",
        "add product": "/admin/catalog/product/add/",
        "customer accounts": "/admin/accounts/user/",
        "customer account": f"/admin/accounts/user/{customer.pk}/change/",
        "add user": "/admin/accounts/user/add/",
        "groups": "/admin/auth/group/",
        "legal texts": "/admin/legal/legaldocument/",
        "beat schedule": "/admin/django_celery_beat/periodictask/",
    }


OPENS = {
    ORDER_MANAGER: {
        "order list",
        "order page",
        "order move",
        "customer blocks",
        "block a customer",
        "couriers",
    },
    CATALOG_EDITOR: {"product list", "product page", "add product"},
    CUSTOMER_CARE: {"order list", "order page", "customer blocks"},
    PRIVACY_OFFICER: {
        "order list",
        "order page",
        "customer blocks",
        "customer accounts",
        "customer account",
    },
}


def test_the_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(OPENS)


@pytest.mark.parametrize("role", sorted(OPENS))
def test_each_role_opens_only_its_own_pages(client, pages, role):
    client.force_login(staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role))
    opened = {name for name, url in pages.items() if client.get(url).status_code == 200}
    refused = {name for name, url in pages.items() if client.get(url).status_code == 403}
    assert opened == OPENS[role]
    assert refused == set(pages) - OPENS[role]


def test_only_the_order_manager_may_move_orders_and_viewers_see_no_buttons(client, pages):
    client.force_login(staff_member("care@cestmoi.rs", role=CUSTOMER_CARE))
    page = client.get(pages["order page"]).content.decode()
    assert "pipeline-move" not in page and "Cancel with full refund" not in page
    assert "Add note" in page
    assert client.post(pages["order move"]).status_code == 403


def test_nobody_but_superusers_edits_users_and_groups():
    for group in Group.objects.all():
        assert not group.permissions.filter(
            content_type__app_label__in=("auth", "accounts"),
            codename__regex="^(add|change|delete)_",
        ).exists(), group.name


def test_superuser_opens_everything(client, pages):
    client.force_login(staff_member("owner@cestmoi.rs", superuser=True))
    assert {name for name, url in pages.items() if client.get(url).status_code == 200} == set(pages)
