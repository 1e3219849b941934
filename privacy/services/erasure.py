"""Erasure of a person's data, driven by the registry: a preview for staff, the erasure in one
transaction, then a re-scan of every registered field for the person's values.

What the law makes the shop keep is left in place, listed with the reason, and recorded as a
`RestrictedRecord` so that the retention task anonymises it when the period ends."""

import datetime
import json
import re
from dataclasses import asdict, dataclass

from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import ProtectedError
from django.db.models.functions import Cast
from django.utils import timezone

from ..models import RestrictedRecord
from ..registry import REGISTRY, Entry, Erasure
from .people import Person, entry_model, person_needles, person_rows

ERASED = "[erased]"


@dataclass(frozen=True)
class PlanLine:
    """One line of the preview and of the result: what happens to some fields of a table."""

    model: str  # the table's name as people read it
    action: str  # Erasure.DELETE / ANONYMISE / REDACT / KEEP
    fields: list[str]
    rows: int
    reason: str = ""
    kept_for: str = ""


def _field_labels(model, names) -> list[str]:
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def _names(entry: Entry, action: str) -> list[str]:
    return [name for name, p in entry.personal.items() if p.erasure == action]


def _text_fields(model, names) -> list[str]:
    """The fields among `names` that can hold a name or an address as text."""
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [name for name in names if isinstance(model._meta.get_field(name), kinds)]


def _mentions(model, names, needles) -> models.QuerySet:
    """Rows of `model` where any of the text fields `names` contains any of `needles`."""
    annotations = {f"_text_{name}": Cast(name, models.TextField()) for name in names}
    condition = Q(pk__in=[])
    for name in names:
        for needle in needles:
            condition |= Q(**{f"_text_{name}__icontains": needle})
    return model.objects.annotate(**annotations).filter(condition)


def erasure_plan(person: Person) -> tuple[list[PlanLine], dict[str, list[int]], set[str]]:
    """What an erasure of this person would do now: the preview's lines, the rows found and the
    values searched for. Changes nothing."""
    rows = person_rows(person)
    needles = person_needles(person, rows)
    lines = []
    for label, entry in REGISTRY.items():
        model = entry_model(label)
        name = str(model._meta.verbose_name_plural)
        found = len(rows.get(label, ()))
        if found and entry.delete_rows:
            lines.append(
                PlanLine(name, Erasure.DELETE, _field_labels(model, entry.personal), found)
            )
        elif found:
            if anonymise := _names(entry, Erasure.ANONYMISE):
                lines.append(
                    PlanLine(name, Erasure.ANONYMISE, _field_labels(model, anonymise), found)
                )
            for hold in sorted(entry.holds(), key=lambda h: h.key):
                names = [n for n, p in entry.personal.items() if p.hold == hold]
                lines.append(
                    PlanLine(
                        name,
                        Erasure.KEEP,
                        _field_labels(model, names),
                        found,
                        reason=str(hold.reason),
                        kept_for=str(hold.kept_for),
                    )
                )
        redact = _text_fields(model, _names(entry, Erasure.REDACT))
        mentioned = _mentions(model, redact, needles).count() if redact and needles else 0
        if mentioned:
            lines.append(PlanLine(name, Erasure.REDACT, _field_labels(model, redact), mentioned))
    return lines, rows, needles


def _redact_text(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(ERASED, text)


def _redact_value(value, pattern: re.Pattern):
    if isinstance(value, str):
        return _redact_text(value, pattern)
    # JSON: redacted in its serialised form, each string value keeps being a string.
    return json.loads(_redact_text(json.dumps(value, ensure_ascii=False), pattern))


_NO_REPLACEMENT = object()


def _replacement(model, name: str, pk):
    field = model._meta.get_field(name)
    if field.null:
        return None
    if field.unique:
        # An erased account's e-mail stays unique and names nobody.
        if isinstance(field, models.EmailField):
            return f"erased-{pk}@erased.invalid"
        return f"erased-{pk}"
    if isinstance(field, (models.CharField, models.TextField, models.FileField)):
        return ""
    if isinstance(field, models.JSONField):
        return {}
    # A required date (when an account was opened) identifies nobody once the rest is gone.
    return _NO_REPLACEMENT


def _delete_files_after_commit(model, pks, names) -> None:
    files = [
        getattr(row, name)
        for row in model.objects.filter(pk__in=pks)
        for name in names
        if isinstance(model._meta.get_field(name), models.FileField) and getattr(row, name)
    ]
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.storage.delete(stored.name))


def anonymise_rows(model, pks, names) -> None:
    _delete_files_after_commit(model, pks, names)
    for pk in pks:
        replacements = {name: _replacement(model, name, pk) for name in names}
        model.objects.filter(pk=pk).update(
            **{name: value for name, value in replacements.items() if value is not _NO_REPLACEMENT}
        )


def _delete_rows(model, entry: Entry, pks) -> None:
    _delete_files_after_commit(model, pks, entry.personal)
    try:
        with transaction.atomic():
            model.objects.filter(pk__in=pks).delete()
    except ProtectedError:
        # A record the law keeps points at the row (a customer block at an account): the row
        # stays, every personal value in it is replaced, and an account can no longer sign in.
        anonymise_rows(model, pks, list(entry.personal))
        if any(f.name == "is_active" for f in model._meta.fields):
            model.objects.filter(pk__in=pks).update(is_active=False)


def _restrict(label: str, model, entry: Entry, pks, request) -> None:
    for hold in entry.holds():
        if hold.period is None or not entry.dated_by:
            continue  # kept under a rule of its own (privacy.retention)
        for pk, dated in model.objects.filter(pk__in=pks).values_list("pk", entry.dated_by):
            if dated is None:
                continue
            # The business year is Belgrade's: an order placed at 00:30 on 1 January is the
            # new year's, though it is still 31 December in UTC.
            day = timezone.localdate(dated) if isinstance(dated, datetime.datetime) else dated
            RestrictedRecord.objects.get_or_create(
                model=label,
                object_id=str(pk),
                hold=hold.key,
                defaults={"keep_until": hold.period.ends(day), "request": request},
            )


def erasure_apply(*, rows: dict[str, list[int]], needles: set[str], request=None) -> None:
    """Delete, anonymise and redact as the registry says, in one transaction."""
    pattern = re.compile(
        "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)), re.I
    )
    with transaction.atomic():
        for label, pks in rows.items():
            entry = REGISTRY[label]
            model = entry_model(label)
            if entry.delete_rows:
                _delete_rows(model, entry, pks)
                continue
            if anonymise := _names(entry, Erasure.ANONYMISE):
                anonymise_rows(model, pks, anonymise)
            _restrict(label, model, entry, pks, request)
        if not needles:
            return
        for label, entry in REGISTRY.items():
            model = entry_model(label)
            redact = _text_fields(model, _names(entry, Erasure.REDACT))
            if not redact:
                continue
            for row in _mentions(model, redact, needles).select_for_update(of=("self",)):
                model.objects.filter(pk=row.pk).update(
                    **{name: _redact_value(getattr(row, name), pattern) for name in redact}
                )


@dataclass(frozen=True)
class Finding:
    model: str
    field: str
    rows: int
    reason: str = ""


def erasure_rescan(needles: set[str]) -> tuple[list[Finding], list[Finding]]:
    """Search every registered text field of every table for the person's values: what
    remains that should not (must be empty) and what remains because the law keeps it."""
    remaining, kept = [], []
    if not needles:
        return remaining, kept
    for label, entry in REGISTRY.items():
        model = entry_model(label)
        for name in _text_fields(model, entry.personal):
            found = _mentions(model, [name], needles).count()
            if not found:
                continue
            personal = entry.personal[name]
            finding = Finding(
                str(model._meta.verbose_name_plural),
                str(model._meta.get_field(name).verbose_name),
                found,
                str(personal.hold.reason) if personal.hold else "",
            )
            (kept if personal.erasure == Erasure.KEEP else remaining).append(finding)
    return remaining, kept


def erasure_result(lines: list[PlanLine], remaining: list[Finding], kept: list[Finding]) -> dict:
    """The record stored on the request and sent to the requester (JSON values)."""
    return {
        "lines": [asdict(line) for line in lines],
        "rescan_remaining": [asdict(f) for f in remaining],
        "rescan_kept": [asdict(f) for f in kept],
    }
