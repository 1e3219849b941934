"""What privacy requests send: the e-mails, the export (a ZIP with JSON and a readable PDF) and
the access answer (a PDF saying what is stored, why, for how long and who receives it). Built
by Celery tasks from the outbox; each is idempotent."""

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from legal.seller import SELLER
from paperwork.documents import document_issue
from paperwork.emails import Email, email_send_once
from paperwork.pdf import render_pdf

from .. import rules
from ..models import DataRequest, RequestKind, RequestState
from ..registry import REGISTRY
from ..retention import RETENTION_TABLE
from .people import Person, entry_model, entry_rows, person_find
from .requests import request_complete, request_export_ready

CONFIRM_SALT = "privacy.request-confirm"
DOWNLOAD_SALT = "privacy.export-download"
FOLLOW_SALT = "privacy.request-follow"
# Keys that open pages or replay checkouts: never handed out, not even to their owner.
NOT_EXPORTED = {"public_id", "idempotency_key"}

COMMISSIONER = {
    "name": gettext_lazy(
        "Commissioner for Information of Public Importance and Personal Data Protection"
    ),
    "address": "Bulevar kralja Aleksandra no. 15, 11000 Belgrade",
    "email": "office@poverenik.rs",
    "phone": "+381 11 34 08 900",
}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def confirmation_token(data_request: DataRequest) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(data_request.public_id)


def confirmation_request(token: str) -> DataRequest | None:
    """The request a confirmation link names, or None when it is forged or has expired."""
    max_age = datetime.timedelta(days=rules.CONFIRMATION_LINK_DAYS)
    try:
        public_id = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    return DataRequest.objects.filter(public_id=public_id).first()


def follow_key(data_request: DataRequest) -> str:
    return signing.Signer(salt=FOLLOW_SALT).signature(data_request.public_id)


def follow_link(data_request: DataRequest) -> str:
    return (
        reverse("privacy:request_status", args=(data_request.public_id,))
        + f"?key={follow_key(data_request)}"
    )


def download_token(data_request: DataRequest) -> str:
    return signing.TimestampSigner(salt=DOWNLOAD_SALT).sign(data_request.public_id)


def download_request(token: str) -> DataRequest | None:
    max_age = datetime.timedelta(days=rules.EXPORT_DOWNLOAD_DAYS)
    try:
        public_id = signing.TimestampSigner(salt=DOWNLOAD_SALT).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    return DataRequest.objects.filter(public_id=public_id).first()


# --- E-mails ---------------------------------------------------------------------------------

SUBJECTS = {
    "confirm": lambda: _("Please confirm your request about your personal data"),
    "received": lambda: _("We received your request about your personal data"),
    "extended": lambda: _("We need more time to answer your request"),
    RequestState.COMPLETED: lambda: _("The answer to your request about your personal data"),
    RequestState.REJECTED: lambda: _("We cannot grant your request about your personal data"),
}


def request_email_send(*, request_id: int, kind: str) -> bool:
    data_request = DataRequest.objects.filter(pk=request_id).first()
    if data_request is None or data_request.anonymised_at is not None:
        return False

    def build() -> Email:
        context = {
            "data_request": data_request,
            "follow_url": _absolute(follow_link(data_request)),
            "commissioner": COMMISSIONER,
            "seller": SELLER,
            "confirm_days": rules.CONFIRMATION_LINK_DAYS,
            "download_days": rules.EXPORT_DOWNLOAD_DAYS,
        }
        attachments = []
        if kind == "confirm":
            context["confirm_url"] = _absolute(
                reverse("privacy:request_confirm", args=(confirmation_token(data_request),))
            )
        if data_request.export_file:
            context["download_url"] = _absolute(
                reverse("privacy:export_download", args=(download_token(data_request),))
            )
        if kind == RequestState.COMPLETED and data_request.kind == RequestKind.ACCESS:
            attachments.append(access_answer_document(data_request))
        return Email(
            subject=SUBJECTS[kind](),
            template=f"privacy/email/{kind}",
            context=context,
            attachments=attachments,
        )

    return email_send_once(
        kind=f"privacy_{kind}",
        about=data_request.reference,
        recipient=data_request.email,
        language=data_request.language,
        build=build,
    )


# --- Export -----------------------------------------------------------------------------------


class _ExportEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, FieldFile):
            return o.name.rsplit("/", 1)[-1] if o else ""
        try:
            return super().default(o)
        except TypeError:
            return str(o)  # a phone number


def _plain(value):
    return json.loads(json.dumps(value, cls=_ExportEncoder))


def person_data(person: Person) -> list[dict]:
    """Every registered table's rows of the person, every field but the secret ones: one
    section per table, in the registry's order."""
    sections = []
    for label, entry in REGISTRY.items():
        if not entry.searchable:
            continue
        model = entry_model(label)
        hidden = NOT_EXPORTED | {n for n, p in entry.personal.items() if not p.exported}
        fields = [f for f in model._meta.concrete_fields if f.name not in hidden]
        rows = [
            {f.name: _plain(f.value_from_object(row)) for f in fields}
            for row in entry_rows(entry, model, person)
        ]
        if rows:
            sections.append(
                {
                    "table": label,
                    "title": str(model._meta.verbose_name_plural),
                    "purpose": str(entry.purpose.label),
                    "labels": {f.name: str(f.verbose_name) for f in fields},
                    "rows": rows,
                }
            )
    return sections


def export_zip(data_request: DataRequest, *, now: datetime.datetime) -> bytes:
    person = person_find(data_request.email)
    with translation.override(data_request.language):
        sections = person_data(person)
        document = {
            "generated_at": now.isoformat(),
            "requested_by": data_request.email,
            "controller": SELLER.business_name,
            "data": {section["table"]: section["rows"] for section in sections},
        }
        pdf = render_pdf(
            "privacy/pdf/export.html",
            {"sections": sections, "data_request": data_request, "now": now, "seller": SELLER},
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("personal-data.json", json.dumps(document, ensure_ascii=False, indent=2))
        archive.writestr("personal-data.pdf", pdf)
    return buffer.getvalue()


def request_export_build(*, request_id: int, now: datetime.datetime) -> None:
    data_request = DataRequest.objects.get(pk=request_id)
    if data_request.state != RequestState.IN_PROGRESS or data_request.export_file:
        return
    request_export_ready(
        data_request=data_request,
        filename=f"cestmoi-personal-data-{data_request.reference}.zip",
        content=export_zip(data_request, now=now),
        now=now,
    )


# --- Access answer ----------------------------------------------------------------------------


def access_answer(person: Person | None) -> list[dict]:
    """Per purpose: the kinds of data held (of this person, or every kind the shop may hold
    when `person` is None), the legal basis, the recipients and how long each is kept."""
    purposes = {}
    for label, entry in REGISTRY.items():
        if not entry.personal:
            continue
        model = entry_model(label)
        if person is not None and not (
            entry.searchable and entry_rows(entry, model, person).exists()
        ):
            continue
        section = purposes.setdefault(
            entry.purpose.key,
            {"purpose": entry.purpose, "data": [], "kept": []},
        )
        fields = [str(model._meta.get_field(name).verbose_name) for name in entry.personal]
        section["data"].append({"title": str(model._meta.verbose_name_plural), "fields": fields})
        for hold in entry.holds():
            if hold not in section["kept"]:
                section["kept"].append(hold)
    return [
        {**section, "retention": [rule for rule in RETENTION_TABLE if rule.purpose == key]}
        for key, section in purposes.items()
    ]


def access_answer_document(data_request: DataRequest):
    person = person_find(data_request.email)
    return document_issue(
        kind="privacy_access",
        reference=data_request.reference,
        title=_("What we store about you"),
        language=data_request.language,
        filename=f"{data_request.reference}-access.pdf",
        build=lambda: render_pdf(
            "privacy/pdf/access.html",
            {
                "sections": access_answer(person),
                "data_request": data_request,
                "commissioner": COMMISSIONER,
                "seller": SELLER,
                "now": timezone.now(),
            },
        ),
    )


def request_access_answer_build(*, request_id: int, now: datetime.datetime) -> None:
    """Issue the access answer and complete the request; the completion e-mail attaches it."""
    data_request = DataRequest.objects.get(pk=request_id)
    if data_request.state != RequestState.IN_PROGRESS:
        return
    access_answer_document(data_request)
    request_complete(data_request=data_request, answer="", actor=None, now=now)
