"""The privacy officer's queue in admin: least privilege, overdue highlighting, the steps, and
the erasure preview followed by the erasure."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from privacy.models import DataRequest, RequestKind, RequestState
from privacy.services.requests import request_confirm, request_file
from tests.accounts.second_factor import staff_login
from tests.orders.staff_factories import staff_member

from .factories import CUSTOMER, customer_with_everything

pytestmark = pytest.mark.django_db

QUEUE = "/admin/privacy/datarequest/"


def received(kind, email=CUSTOMER["email"], details=""):
    now = timezone.now()
    data_request = request_file(
        kind=kind, email=email, details=details, user=None, language="en", now=now
    )
    return request_confirm(data_request=data_request, now=now)


@pytest.fixture
def officer(client):
    user = staff_member("dpo@cestmoi.rs", role="Privacy officer")
    staff_login(client, user)
    return user


def test_the_privacy_officer_handles_requests_and_changes_nothing_else(client, officer):
    assert client.get(QUEUE).status_code == 200
    assert client.get("/admin/privacy/restrictedrecord/").status_code == 200
    assert client.get("/admin/catalog/product/").status_code == 403
    permissions = officer.get_all_permissions()
    # Reading what the shop holds about a person (orders' roles migration) and handling the
    # requests: the only permission that writes is the request's own.
    assert {"privacy.view_datarequest", "privacy.change_datarequest"} <= permissions
    writes = {p for p in permissions if not p.split(".")[1].startswith("view_")}
    assert writes == {"privacy.change_datarequest"}


def test_other_staff_do_not_see_privacy_requests(client):
    staff_login(client, staff_member("care@cestmoi.rs", role="Customer care"))
    assert client.get(QUEUE).status_code == 403


def test_the_queue_highlights_overdue_requests_and_hides_unconfirmed_ones(client, officer):
    late = received(RequestKind.QUESTION, details="?")
    DataRequest.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    unconfirmed = request_file(
        kind="access",
        email="x@example.rs",
        details="",
        user=None,
        language="en",
        now=timezone.now(),
    )
    page = client.get(QUEUE).content.decode()
    assert "due-overdue" in page and late.reference in page
    assert unconfirmed.reference not in page
    assert late.reference in client.get(QUEUE + "?due=overdue").content.decode()


def test_the_officer_previews_then_erases(client, officer, django_capture_on_commit_callbacks):
    customer_with_everything()
    data_request = received(RequestKind.ERASURE)
    change = client.get(f"{QUEUE}{data_request.pk}/change/").content.decode()
    assert "Preview and erase" in change

    preview = client.get(f"{QUEUE}{data_request.pk}/step/erase/").content.decode()
    assert "Law on Accounting" in preview and "deleted" in preview
    assert User.objects.filter(email=CUSTOMER["email"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{data_request.pk}/step/erase/")
    assert response.status_code == 302
    data_request.refresh_from_db()
    assert data_request.state == RequestState.COMPLETED
    assert data_request.handled_by == officer
    assert not User.objects.filter(email=CUSTOMER["email"]).exists()


def test_a_step_form_says_what_is_wrong_and_refused_steps_404(client, officer):
    data_request = received(RequestKind.QUESTION, details="?")
    response = client.post(f"{QUEUE}{data_request.pk}/step/extend/", {"days": "61", "reason": ""})
    assert response.status_code == 200
    assert b"Ensure this value is less than or equal to 60." in response.content
    assert client.get(f"{QUEUE}{data_request.pk}/step/erase/").status_code == 404
    assert client.get(f"{QUEUE}{data_request.pk}/step/nonsense/").status_code == 404

    client.post(f"{QUEUE}{data_request.pk}/step/start/")
    client.post(f"{QUEUE}{data_request.pk}/step/answer/", {"answer": "We keep your orders."})
    data_request.refresh_from_db()
    assert (data_request.state, data_request.answer) == (
        RequestState.COMPLETED,
        "We keep your orders.",
    )


def test_the_beat_schedule_holds_the_reminder_and_the_retention_task():
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.filter(enabled=True).values_list("task", flat=True))
    assert {"privacy.request_deadline_reminders", "privacy.retention_apply"} <= tasks
