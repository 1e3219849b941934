"""The staff's own forms in the admin (refund, status moves, cancel with refund, the delivery
date, notes, the complaint, withdrawal and privacy request steps, offline registration) answer
an empty or garbage POST from the role whose work it is with a page or a redirect saying what is
wrong, never a server error."""

import pytest
from django.test import Client
from django.utils import timezone

from orders.models import FulfilmentStatus
from privacy.models import RequestKind
from privacy.services.requests import request_confirm, request_file, request_start
from tests.accounts.second_factor import staff_login
from tests.complaints.complaint_factories import delivered_order, filed
from tests.complaints.withdrawal_factories import withdrawn
from tests.orders.staff_factories import paid_by_card, staff_member

pytestmark = pytest.mark.django_db

ORDERS, CARE, PRIVACY = "Order manager", "Customer care", "Privacy officer"

# (role, url, does an empty POST leave something to fix?) An empty POST is a complete answer
# to a confirmation page whose fields are all optional (cancel with refund, a move with no note).
STAFF_FORMS = [
    (ORDERS, "/admin/orders/order/{order}/refund/", True),
    (ORDERS, "/admin/orders/order/{order}/move/shipped/", True),
    (ORDERS, "/admin/orders/order/{order}/delivery-date/", True),
    (ORDERS, "/admin/orders/order/{order}/note/", True),
    (ORDERS, "/admin/orders/order/{order}/notify-courier/", False),
    (ORDERS, "/admin/orders/order/{order}/move/delivered/", False),
    (ORDERS, "/admin/orders/order/{order}/cancel-refund/", False),
    (CARE, "/admin/complaints/complaint/{complaint}/step/answer/", True),
    (CARE, "/admin/complaints/complaint/{complaint}/step/reply/", False),
    (CARE, "/admin/complaints/complaint/{complaint}/step/extend/", False),
    (CARE, "/admin/complaints/complaint/{complaint}/step/resolve/", False),
    (CARE, "/admin/complaints/complaint/receive/", True),
    (CARE, "/admin/complaints/withdrawalstatement/{withdrawal}/step/goods_back/", True),
    (CARE, "/admin/complaints/withdrawalstatement/{withdrawal}/step/refund/", True),
    (CARE, "/admin/complaints/withdrawalstatement/{withdrawal}/step/decline/", True),
    (CARE, "/admin/complaints/withdrawalstatement/receive/", True),
    (PRIVACY, "/admin/privacy/datarequest/{received}/step/extend/", True),
    (PRIVACY, "/admin/privacy/datarequest/{received}/step/reject/", True),
    (PRIVACY, "/admin/privacy/datarequest/{in_progress}/step/answer/", True),
]

GARBAGE = [
    {
        "amount_rsd": "1e999999",
        "reason": "\x00",
        "note": "ž" * 100_000,
        "delivered_on": "2026-02-30",
        "tracking_number": "T" * 500,
        "days": "-7",
        "decision": "maybe",
        "response": "\x00",
        "reply": "\ud800".encode("utf-8", "surrogatepass"),
        "received_on": "yesterday",
        "new_deadline": "9999-99-99",
        "resolution": "[]",
        "refund_amount_rsd": "NaN",
        "return_costs_rsd": "-Infinity",
        "how": "by pigeon",
        "confirmed": "maybe",
        "answer": "",
        "channel": "telepathy",
        "order_number": "'; DROP TABLE orders; --",
        "remedy": "everything",
        "lines": ["x", "-1", "99999999999999999999"],
    },
    {"amount_rsd": ["1", "2"], "reason": ["a", "b"], "days": "99999999999999999999", "x": "y"},
    {"amount_rsd": "0.001", "reason": " ", "delivered_on": "0000-01-01", "days": "0"},
]


@pytest.fixture
def objects(client, fake_mollie):
    order = paid_by_card(client, fake_mollie, status=FulfilmentStatus.IN_PREPARATION)
    delivered = delivered_order()
    now = timezone.now()
    received = request_confirm(
        data_request=request_file(
            kind=RequestKind.ACCESS,
            email="a@example.rs",
            details="",
            user=None,
            language="en",
            now=now,
        ),
        now=now,
    )
    question = request_confirm(
        data_request=request_file(
            kind=RequestKind.QUESTION,
            email="b@example.rs",
            details="?",
            user=None,
            language="en",
            now=now,
        ),
        now=now,
    )
    request_start(data_request=question, actor=None, now=now)
    return {
        "order": order.pk,
        "complaint": filed(delivered).pk,
        "withdrawal": withdrawn(delivered).pk,
        "received": received.pk,
        "in_progress": question.pk,
    }


@pytest.fixture
def staff():
    clients = {}
    for role in (ORDERS, CARE, PRIVACY):
        clients[role] = Client()
        staff_login(clients[role], staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role))
    return clients


def says_what_is_wrong(response) -> bool:
    # A form shown again with its errors, or a redirect to a page with an error message.
    return b"errorlist" in response.content or b'class="error"' in response.content


def test_an_empty_or_garbage_post_to_a_staff_form_says_what_is_wrong(objects, staff):
    # One world for all forms (they run in the table's order, the ones that act last).
    wrong = []
    for role, url, empty_needs_fixing in STAFF_FORMS:
        client = staff[role]
        url = url.format(**objects)
        empty = client.post(url, {}, follow=True)
        if empty.status_code != 200:
            wrong.append(f"empty POST {url} as {role}: HTTP {empty.status_code}")
        elif empty_needs_fixing and not says_what_is_wrong(empty):
            wrong.append(f"empty POST {url} as {role}: no error shown")
        for body in GARBAGE:
            response = client.post(url, body, follow=True)
            if response.status_code not in (200, 404):
                wrong.append(f"garbage POST {url} as {role}: HTTP {response.status_code}")
    assert wrong == [], "\n".join(wrong)
