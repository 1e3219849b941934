"""Documents and e-mails any app can issue without touching `orders`: stored once per
(kind, reference), sent at most once per (kind, about, reference)."""

import io
from pathlib import Path

import pytest
from django.core import mail
from pypdf import PdfReader
from weasyprint import HTML

from paperwork.documents import document_issue
from paperwork.emails import Email, email_send_once
from paperwork.models import Document, DocumentIsImmutable, SentEmail

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).parent / "templates"


def test_a_document_is_rendered_once_and_stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    renders = []

    def build():
        renders.append(1)
        return HTML(string="<h1>Potvrda o prijemu reklamacije R-2026-0001</h1>").write_pdf()

    first = document_issue(
        kind="complaint_receipt",
        reference="R-2026-0001",
        title="Potvrda o prijemu",
        language="sr-latn",
        filename="R-2026-0001.pdf",
        build=build,
    )
    again = document_issue(
        kind="complaint_receipt",
        reference="R-2026-0001",
        title="Potvrda o prijemu",
        language="sr-latn",
        filename="R-2026-0001.pdf",
        build=build,
    )
    assert again.pk == first.pk and len(renders) == 1
    with first.file.open("rb") as pdf:
        pages = PdfReader(io.BytesIO(pdf.read())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "reklamacije R-2026-0001" in text
    with pytest.raises(DocumentIsImmutable):
        first.save()
    assert Document.objects.count() == 1


def test_an_email_of_another_app_goes_out_once_with_its_attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    receipt = document_issue(
        kind="complaint_receipt",
        reference="R-2026-0002",
        title="Receipt",
        language="en",
        filename="R-2026-0002.pdf",
        build=lambda: HTML(string="<p>R-2026-0002</p>").write_pdf(),
    )

    def build():
        return Email(
            subject="We received your complaint R-2026-0002",
            template="acknowledgement/email",
            context={"number": "R-2026-0002"},
            attachments=(receipt,),
        )

    sent = [
        email_send_once(
            kind="complaint_received",
            about="R-2026-0002",
            recipient="mila@example.rs",
            language="en",
            build=build,
        )
        for _ in range(2)
    ]
    assert sent == [True, False]
    [message] = mail.outbox
    assert message.to == ["mila@example.rs"]
    assert "we received your complaint R-2026-0002" in message.body
    assert message.attachments[0][0] == "R-2026-0002.pdf"
    assert SentEmail.objects.get().subject == "We received your complaint R-2026-0002"


def test_an_email_that_no_longer_applies_is_not_logged():
    assert not email_send_once(
        kind="reminder",
        about="R-2026-0003",
        recipient="a@example.rs",
        language="en",
        build=lambda: None,
    )
    assert not SentEmail.objects.exists() and not mail.outbox


def test_the_sweep_command_hands_over_what_is_due(settings):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from paperwork.models import OutboxItem, OutboxState

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    item = OutboxItem.objects.create(
        task_name="paperwork.outbox_sweep",
        key="sweep-itself",
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    out = io.StringIO()
    call_command("outbox_sweep", stdout=out)
    assert "1 background task(s) handed over." in out.getvalue()
    item.refresh_from_db()
    assert item.state == OutboxState.DONE and item.attempts == 1
