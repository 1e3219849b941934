"""The retention table: how long each kind of record is kept, why, and what happens after.
Shown on the privacy page and applied every night by `retention_apply` (a Celery beat task).

One rule per line: what, how long (privacy.rules periods), the source, the purpose it serves
(privacy.registry purposes) and the function that removes or anonymises what is past its
period. A purge takes `before` (records dated before it are past the period) and `now`."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from contact import rules as contact_rules
from contact.services import contest_entries_due_for_deletion, messages_due_for_deletion
from newsletter import rules as newsletter_rules
from newsletter.selectors import subscribers_unconfirmed_due_for_deletion

from . import rules as rules_module
from .registry import ACCOUNTING, COMPLAINT_REGISTER, CONSENT_PROOF, WITHDRAWAL_RECORD
from .rules import (
    ACCOUNTING_PERIOD,
    COMPLAINT_REGISTER_PERIOD,
    CONSENT_PROOF_PERIOD,
    Days,
    Period,
    Years,
)
from .services import purges

logger = logging.getLogger(__name__)

SHOP_CHOICE = _("the shop's own period: no longer than the purpose needs (ZZPL Art. 5)")


@dataclass(frozen=True)
class RetentionRule:
    key: str
    what: Promise
    period: Period
    source: Promise
    purpose: str
    purge: Callable[..., int]


RETENTION_TABLE = [
    RetentionRule("abandoned_carts", _("Shopping carts, from their last change"), Days(30), SHOP_CHOICE, "shopping", purges.carts_abandoned_delete),
    RetentionRule("unpaid_checkouts", _("Orders never paid: contact and address details"), Days(30), SHOP_CHOICE, "shopping", purges.checkouts_unpaid_anonymise),
    RetentionRule("unconfirmed_requests", _("Privacy requests never confirmed by e-mail"), Days(7), SHOP_CHOICE, "privacy_requests", purges.requests_unconfirmed_delete),
    RetentionRule("expired_exports", _("Exports of your data (ZIP files), from the day they are ready"), Days(rules_module.EXPORT_DOWNLOAD_DAYS), SHOP_CHOICE, "privacy_requests", purges.exports_expired_delete),
    RetentionRule("complaint_photos", _("Photos of a complaint's defect, after the complaint is closed"), Days(90), _("the out-of-court settlement of a dispute takes at most 90 days (Law on Consumer Protection)"), "complaints", purges.complaint_photos_delete),
    RetentionRule("accounting_records", _("Invoices and order records kept after an erasure"), ACCOUNTING_PERIOD, ACCOUNTING.reason, "shopping", purges.restricted_release(ACCOUNTING.key)),
    RetentionRule("complaint_register", _("The register of complaints kept after an erasure"), COMPLAINT_REGISTER_PERIOD, COMPLAINT_REGISTER.reason, "complaints", purges.restricted_release(COMPLAINT_REGISTER.key)),
    RetentionRule("lifted_blocks", _("Blocks on buying, after they are lifted"), Years(1), SHOP_CHOICE, "fraud", purges.blocks_lifted_anonymise),
    RetentionRule("withdrawal_records", _("Withdrawal statements kept after an erasure"), ACCOUNTING_PERIOD, WITHDRAWAL_RECORD.reason, "withdrawals", purges.restricted_release(WITHDRAWAL_RECORD.key)),
    RetentionRule("unconfirmed_signups", _("Newsletter sign-ups never confirmed, from the confirmation e-mail"), Days(newsletter_rules.CONFIRMATION_VALID_FOR.days), SHOP_CHOICE, "newsletter", purges.selected_delete(subscribers_unconfirmed_due_for_deletion)),
    RetentionRule("consent_proofs", _("Proof of consents kept after an erasure"), CONSENT_PROOF_PERIOD, CONSENT_PROOF.reason, "newsletter", purges.restricted_release(CONSENT_PROOF.key)),
    RetentionRule("contact_messages", _("Contact messages with their replies and staff notes, from the last reply or note"), Days(contact_rules.CONTACT_MESSAGE_RETENTION.days), SHOP_CHOICE, "contact", purges.selected_delete(messages_due_for_deletion)),
    RetentionRule("contest_entries", _("Contest entries, after the entries close (unless the contest sets its own date)"), Days(contact_rules.CONTEST_ENTRIES_KEPT_AFTER_END.days), SHOP_CHOICE, "contact", purges.selected_delete(contest_entries_due_for_deletion)),
    RetentionRule("closed_requests", _("Privacy requests, after they are answered"), Years(2), _("accountability for how requests were answered (GDPR Art. 5(2))"), "privacy_requests", purges.requests_closed_anonymise),
]  # fmt: skip


def retention_apply(*, now: datetime.datetime) -> dict[str, int]:
    """Apply every rule once; a failing rule is logged and the others still run."""
    today = timezone.localdate(now)
    done = {}
    for rule in RETENTION_TABLE:
        try:
            done[rule.key] = rule.purge(before=rule.period.cutoff(today), now=now)
        except Exception:
            logger.exception("Retention rule %s failed", rule.key)
    return done
