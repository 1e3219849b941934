"""The consent ledger: append-only, each row with the exact text shown and its SHA-256; the
current state is the latest row."""

import datetime
import hashlib

import pytest
from django.db import IntegrityError
from django.utils import timezone

from newsletter.models import (
    ConsentPurpose,
    ConsentRecord,
    ConsentRecordIsAppendOnly,
    ConsentSource,
)
from newsletter.selectors import consent_current, consent_is_given
from newsletter.services import consent_record

pytestmark = pytest.mark.django_db


def _record(given, at, text="I agree to the newsletter."):
    return consent_record(
        email="Ana@Example.com ",
        purpose=ConsentPurpose.NEWSLETTER,
        given=given,
        text=text,
        text_version="newsletter-1",
        language="en",
        source=ConsentSource.FOOTER,
        now=at,
    )


def test_a_row_keeps_the_exact_text_its_version_and_sha256():
    row = _record(True, timezone.now(), text="Šaljite mi novosti.")
    row.refresh_from_db()
    assert row.email == "ana@example.com"
    assert row.text == "Šaljite mi novosti."
    assert row.text_version == "newsletter-1"
    assert row.text_sha256 == hashlib.sha256("Šaljite mi novosti.".encode()).hexdigest()


def test_a_row_is_never_changed_or_deleted():
    row = _record(True, timezone.now())
    row.given = False
    with pytest.raises(ConsentRecordIsAppendOnly):
        row.save()
    with pytest.raises(ConsentRecordIsAppendOnly):
        row.delete()
    assert ConsentRecord.objects.get().given is True


def test_a_hash_that_does_not_match_the_text_is_refused():
    with pytest.raises(ValueError):
        ConsentRecord.objects.create(
            email="a@example.com",
            purpose=ConsentPurpose.NEWSLETTER,
            given=True,
            text="one text",
            text_version="1",
            text_sha256=hashlib.sha256(b"another text").hexdigest(),
            language="en",
            source=ConsentSource.ADMIN,
            recorded_at=timezone.now(),
        )


def test_the_database_refuses_a_hash_that_is_no_sha256():
    row = ConsentRecord(
        email="a@example.com",
        purpose=ConsentPurpose.NEWSLETTER,
        given=True,
        text="x",
        text_version="1",
        text_sha256="not-a-hash",
        language="en",
        source=ConsentSource.ADMIN,
        recorded_at=timezone.now(),
    )
    with pytest.raises(IntegrityError):
        # Past the model's own check, as a raw insert would be.
        ConsentRecord.objects.bulk_create([row])


def test_revoking_adds_a_row_and_the_latest_row_is_the_current_state():
    start = timezone.now()
    assert consent_current(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER) is None
    _record(True, start)
    _record(False, start + datetime.timedelta(minutes=1))
    assert not consent_is_given(email="ANA@example.com", purpose=ConsentPurpose.NEWSLETTER)
    _record(True, start + datetime.timedelta(minutes=2))
    assert consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)
    assert ConsentRecord.objects.count() == 3


def test_a_contest_consent_is_apart_from_the_newsletter():
    consent_record(
        email="ana@example.com",
        purpose=ConsentPurpose.CONTEST,
        scope="contest-1",
        given=True,
        text="Contest terms",
        text_version="contest-1",
        language="en",
        source=ConsentSource.CONTEST_FORM,
        now=timezone.now(),
    )
    assert not consent_is_given(email="ana@example.com", purpose=ConsentPurpose.NEWSLETTER)
    assert consent_is_given(
        email="ana@example.com", purpose=ConsentPurpose.CONTEST, scope="contest-1"
    )


def test_the_admin_shows_the_ledger_read_only(admin_client):
    _record(True, timezone.now())
    row = ConsentRecord.objects.get()
    assert admin_client.get("/admin/newsletter/consentrecord/").status_code == 200
    page = admin_client.get(f"/admin/newsletter/consentrecord/{row.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.get("/admin/newsletter/consentrecord/add/").status_code == 403
    assert admin_client.post(f"/admin/newsletter/consentrecord/{row.pk}/delete/").status_code == 403
    assert ConsentRecord.objects.count() == 1
