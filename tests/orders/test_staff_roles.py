"""Least privilege: each staff role opens the admin pages of its own work and no other
(privacy policy: employees access personal data only as far as needed)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from orders.models import DocumentKind
from orders.services.documents import order_documents_issue
from tests.accounts.second_factor import staff_login

from .factories import paid_order as paid_order_with_lines
from .staff_factories import admin_pages, staff_member

pytestmark = pytest.mark.django_db

ORDER_MANAGER = "Order manager"
CATALOG_EDITOR = "Catalog editor"
CUSTOMER_CARE = "Customer care"
PRIVACY_OFFICER = "Privacy officer"
MARKETING = "Marketing"


@pytest.fixture
def pages():
    return admin_pages()


OPENS = {
    ORDER_MANAGER: {
        "order list",
        "order page",
        "order move",
        "customer blocks",
        "block a customer",
        "couriers",
        "complaint list",
        "complaint page",
        "complaint register",
        "withdrawal list",
        "withdrawal page",
        "fraud flags",
        "flag fraud",
        "fiscal receipts",
        "fiscal reconciliation",
        "fiscal receipt requests",
    },
    CATALOG_EDITOR: {"product list", "product page", "add product"},
    CUSTOMER_CARE: {
        "order list",
        "order page",
        "customer blocks",
        "complaint list",
        "complaint page",
        "answer a complaint",
        "register an offline complaint",
        "complaint register",
        "withdrawal list",
        "withdrawal page",
        "withdrawal goods back",
        "register an offline withdrawal",
        "fraud flags",
        "flag fraud",
        "subscribers",
        "consent ledger",
        "contact messages",
        "contact message",
        "fiscal receipts",
        "fiscal reconciliation",
    },
    PRIVACY_OFFICER: {
        "order list",
        "order page",
        "customer blocks",
        "withdrawal list",
        "withdrawal page",
        "fraud flags",
        "subscribers",
        "consent ledger",
        "customer accounts",
        "customer account",
    },
    MARKETING: {"campaigns", "write a campaign", "subscribers", "contests", "create a contest"},
}


def test_the_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(OPENS)


@pytest.mark.parametrize("role", sorted(OPENS))
def test_each_role_opens_only_its_own_pages(client, pages, role):
    staff_login(client, staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role))
    opened = {name for name, url in pages.items() if client.get(url).status_code == 200}
    refused = {name for name, url in pages.items() if client.get(url).status_code == 403}
    assert opened == OPENS[role]
    assert refused == set(pages) - OPENS[role]


def test_only_the_order_manager_may_move_orders_and_viewers_see_no_buttons(client, pages):
    staff_login(client, staff_member("care@cestmoi.rs", role=CUSTOMER_CARE))
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
    staff_login(client, staff_member("owner@cestmoi.rs", superuser=True))
    assert {name for name, url in pages.items() if client.get(url).status_code == 200} == set(pages)


# Who downloads the order's contract and invoice (orders.view_orderdocument), and who sees the
# order's documents and e-mails on its admin page at all.
DOCUMENTS = {ORDER_MANAGER: True, CUSTOMER_CARE: True, PRIVACY_OFFICER: False}


@pytest.mark.parametrize("role", sorted(DOCUMENTS))
def test_only_roles_with_the_document_permission_download_or_see_documents(client, role):
    order = paid_order_with_lines()
    invoice = order_documents_issue(order_id=order.pk)[DocumentKind.INVOICE]
    download_url = reverse("orders:staff_document", args=(invoice.pk,))
    staff_login(client, staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role))

    download = client.get(download_url)
    order_page = client.get(f"/admin/orders/order/{order.pk}/change/")

    assert order_page.status_code == 200
    html = order_page.content.decode()
    if DOCUMENTS[role]:
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download_url in html and invoice.filename in html
        assert "E-mails sent to the customer" in html
    else:
        assert download.status_code == 403
        assert download_url not in html and invoice.filename not in html
        assert "E-mails sent to the customer" not in html
