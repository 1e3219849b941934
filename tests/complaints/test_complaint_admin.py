"""Staff and complaints: customer care processes, order managers only view; the register's
exports carry every column the law lists; deadlines are highlighted and reminded."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from complaints.models import Complaint, ComplaintChannel, ComplaintState
from complaints.services.complaint_reminders import complaint_deadline_reminders_send
from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

from .complaint_factories import delivered_order, filed

pytestmark = pytest.mark.django_db

CUSTOMER_CARE = "Customer care"
ORDER_MANAGER = "Order manager"


@pytest.fixture
def complaint(legal_texts):
    return filed(delivered_order())


def _login(client, role):
    user = staff_member(f"{role.split()[0].lower()}@cestmoi.rs", role=role)
    staff_login(client, user)
    return user


def test_customer_care_answers_and_resolves_a_complaint(client, complaint):
    _login(client, CUSTOMER_CARE)
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    assert b"Complaint received" in page.content  # the timeline
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    answer_url = f"/admin/complaints/complaint/{complaint.pk}/step/answer/"
    too_late = timezone.localdate() + datetime.timedelta(days=30)
    refused = client.post(
        answer_url,
        {
            "decision": "accepted",
            "response": "Faulty clasp.",
            "proposal": "New ring.",
            "resolution_deadline": too_late.isoformat(),
        },
    )
    assert refused.status_code == 200
    assert b"resolution deadline must lie between" in refused.content
    response = client.post(
        answer_url,
        {
            "decision": "accepted",
            "response": "Faulty clasp.",
            "proposal": "New ring.",
            "resolution_deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    client.post(
        f"/admin/complaints/complaint/{complaint.pk}/step/reply/",
        {"reply": "agreed", "received_on": timezone.localdate().isoformat()},
    )
    response = client.post(
        f"/admin/complaints/complaint/{complaint.pk}/step/resolve/",
        {"resolution": "replaced", "return_costs_rsd": "450.00"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.RESOLVED
    assert complaint.return_costs_rsd == Decimal("450.00")


def test_customer_care_registers_a_complaint_received_by_post(client, legal_texts):
    user = _login(client, CUSTOMER_CARE)
    order = delivered_order()
    response = client.post(
        "/admin/complaints/complaint/receive/",
        {
            "channel": "post",
            "order_number": order.number,
            "full_name": "Ana Anić",
            "email": order.email,
            "goods": "Prsten Luna",
            "description": "Stone fell out.",
            "remedy": "replacement",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == ComplaintChannel.POST
    assert complaint.order == order
    assert complaint.registered_by == user
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/").content.decode()
    assert "By post" in page
    pdf = client.get(f"/admin/complaints/complaint/{complaint.pk}/confirmation.pdf")
    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert f"Register number: {complaint.number}" in text


@pytest.mark.parametrize("step", ["answer", "reply", "extend", "resolve"])
def test_an_order_manager_only_views(client, complaint, step):
    _login(client, ORDER_MANAGER)
    assert client.get("/admin/complaints/complaint/").status_code == 200
    page = client.get(f"/admin/complaints/complaint/{complaint.pk}/change/")
    assert page.status_code == 200
    assert b'href="/admin/complaints/complaint/%d/step/answer/"' % complaint.pk not in page.content
    assert client.get(f"/admin/complaints/complaint/{complaint.pk}/step/{step}/").status_code == 403
    assert (
        client.post(f"/admin/complaints/complaint/{complaint.pk}/step/{step}/", {}).status_code
        == 403
    )
    assert client.get("/admin/complaints/complaint/receive/").status_code == 403
    assert client.get("/admin/complaints/complaint/register.csv").status_code == 200


def test_the_list_highlights_overdue_and_due_soon_answers(client, legal_texts):
    order = delivered_order()
    now = timezone.now()
    overdue = filed(order, now=now - datetime.timedelta(days=9))
    soon = filed(order, now=now - datetime.timedelta(days=7))
    fine = filed(order, now=now)
    _login(client, CUSTOMER_CARE)
    page = client.get("/admin/complaints/complaint/").content.decode()
    assert page.count("due-overdue") == 1 and page.count("due-soon") == 1
    filtered = client.get("/admin/complaints/complaint/?due=soon").content.decode()
    assert overdue.number in filtered and soon.number in filtered
    assert fine.number not in filtered
    index = client.get("/admin/").content.decode()
    assert "Complaints due soon or overdue" in index


def test_the_register_csv_has_every_column_the_law_lists(client, complaint):
    _login(client, ORDER_MANAGER)
    response = client.get("/admin/complaints/complaint/register.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Number",
        "Consumer's name",
        "Date of receipt",
        "How received",
        "Goods",
        "Defect",
        "Request",
        "Confirmation issued on",
        "Decision",
        "Decision delivered on",
        "Deadline agreed by the consumer",
        "How resolved",
        "Resolved on",
        "Extension",
    ]
    assert rows[1][0] == complaint.number
    assert rows[1][1] == "Đorđe Šćepanović Žarković"
    assert rows[1][5] == "The clasp broke after a week."


def test_the_register_pdf_lists_the_complaints(client, complaint):
    _login(client, CUSTOMER_CARE)
    response = client.get("/admin/complaints/complaint/register.pdf")
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Register of received complaints" in text
    assert complaint.number in text
    assert "Đorđe Šćepanović Žarković" in text


def test_customer_care_is_reminded_once_a_day(legal_texts):
    staff_member("care@cestmoi.rs", role=CUSTOMER_CARE)
    filed(delivered_order(), now=timezone.now() - datetime.timedelta(days=7))
    today = timezone.localdate()
    assert complaint_deadline_reminders_send(today=today) == 1
    assert complaint_deadline_reminders_send(today=today) == 0
    [message] = mail.outbox
    assert message.to == ["care@cestmoi.rs"]
    assert "R-" in message.body


def test_the_beat_schedule_holds_the_daily_reminder():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="complaints.complaint_deadline_reminders")
    assert task.enabled and task.crontab.hour == "7"


def test_a_price_reduction_refunds_through_mollie_and_is_recorded(client, fake_mollie, legal_texts):
    from tests.orders.refund_steps import paid_order as paid_through_mollie

    order = paid_through_mollie(client, fake_mollie)
    complaint = filed(order)
    _login(client, CUSTOMER_CARE)
    client.post(
        f"/admin/complaints/complaint/{complaint.pk}/step/answer/",
        {
            "decision": "accepted",
            "response": "A scratch, as you say.",
            "proposal": "We reduce the price by 1,000.00 RSD.",
            "resolution_deadline": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        },
    )
    client.post(
        f"/admin/complaints/complaint/{complaint.pk}/step/reply/",
        {"reply": "agreed", "received_on": timezone.localdate().isoformat()},
    )
    response = client.post(
        f"/admin/complaints/complaint/{complaint.pk}/step/resolve/",
        {"resolution": "price_reduced", "refund_amount_rsd": "1000.00"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == ComplaintState.RESOLVED
    [refund] = order.refunds.all()
    assert refund.amount_rsd == Decimal("1000.00")
    assert complaint.number in refund.reason
    assert complaint.events.last().data["refund_id"] == refund.pk


def test_photos_are_served_to_staff_who_may_view_complaints_only(client, legal_texts):
    from complaints.services.complaints import CleanPhoto

    from .complaint_factories import jpeg_bytes

    complaint = filed(delivered_order(), photos=[CleanPhoto(name="a.jpg", jpeg=jpeg_bytes())])
    photo = complaint.photos.get()
    _login(client, ORDER_MANAGER)
    response = client.get(f"/admin/complaints/complaint/photo/{photo.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    staff_login(client, staff_member("editor@cestmoi.rs", role="Catalog editor"))
    assert client.get(f"/admin/complaints/complaint/photo/{photo.pk}/").status_code == 403
