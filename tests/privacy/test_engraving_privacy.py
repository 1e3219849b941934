"""An engraving ("Za Milicu, 12. 5. 2026.") is the customer's personal data: the export hands it
out, and an erasure empties it on the kept order lines and deletes it with the cart, while the
sales record keeps that the line was personalised."""

import pytest
from django.utils import timezone

from cart.models import CartLine
from privacy.services.papers import person_data
from privacy.services.people import person_find
from privacy.services.requests import request_erase
from tests.orders.factories import ring
from tests.orders.staff_factories import staff_member

from .factories import CUSTOMER, customer_with_everything
from .test_erasure import columns_mentioning, received_erasure

pytestmark = pytest.mark.django_db

ENGRAVING = "Za Milicu 12.5.2026."


@pytest.fixture
def engraved_customer():
    user, order, _documents, _complaint = customer_with_everything()
    order.lines.update(engraving=ENGRAVING, is_personalised=True)
    CartLine.objects.create(cart=user.cart, variant=ring()[0], quantity=1, engraving=ENGRAVING)
    return order


def test_the_export_hands_out_the_engravings(engraved_customer):
    sections = {s["table"]: s for s in person_data(person_find(CUSTOMER["email"]))}
    assert [row["engraving"] for row in sections["orders.OrderLine"]["rows"]] == [ENGRAVING]
    assert [row["engraving"] for row in sections["cart.CartLine"]["rows"]] == [ENGRAVING]


def test_an_erasure_leaves_no_engraving_but_the_personalised_line(
    engraved_customer, django_capture_on_commit_callbacks
):
    assert columns_mentioning("Za Milicu") == {
        ("orders_orderline", "engraving"),
        ("orders_cartline", "engraving"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        data_request = received_erasure()
        request_erase(
            data_request=data_request,
            actor=staff_member("privacy@cestmoi.rs"),
            now=timezone.now(),
        )
    assert columns_mentioning("Za Milicu") == set()
    [line] = engraved_customer.lines.all()
    assert (line.engraving, line.is_personalised) == ("", True)
