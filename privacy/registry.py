"""The registry of personal data: every model field that holds personal data, declared once,
with how a person is found in its table and what an erasure does to it. Export, the access
answer, the erasure preview, the erasure and its re-scan are all driven by this table, and
tests/privacy/test_registry.py fails when a model field anywhere in the shop is in neither
`REGISTRY` nor `NOT_PERSONAL`.

Adding a model is one entry: `"app.Model": Entry(purpose=..., by_user=..., personal={...},
other="field field")`. Staff accounts appearing on records (`actor`, `created_by`...) are the
audit trail of who acted on a customer's record, not the customer's data: they are listed under
`other`."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .rules import (
    ACCOUNTING_PERIOD,
    COMPLAINT_REGISTER_PERIOD,
    CONSENT_PROOF_PERIOD,
    Period,
    Years,
)


class Erasure:
    """What an erasure does to a personal field of a row that belongs to the person."""

    DELETE = "delete"  # the row is deleted (entries with delete_rows=True)
    ANONYMISE = "anonymise"  # the value is replaced by an empty one
    REDACT = "redact"  # free text: the person's names, addresses, numbers in it are replaced
    KEEP = "keep"  # a law makes the shop keep it: restricted, anonymised when the period ends


@dataclass(frozen=True)
class Category:
    label: Promise
    # Values of identifying fields are what erasure redacts from free text and what the re-scan
    # searches for; a city or a postal code alone identifies nobody.
    identifying: bool = False


IDENTITY = Category(_("name"), identifying=True)
CONTACT = Category(_("contact details (e-mail, phone)"), identifying=True)
ADDRESS = Category(_("address"), identifying=True)
LOCATION = Category(_("place (city, postal code)"))
ACCOUNT = Category(_("account and sign-in data"))
LINK = Category(_("link to your account"))
WRITTEN = Category(_("what you or staff wrote"))
FILES = Category(_("documents and photos"))


@dataclass(frozen=True)
class Hold:
    """A legal reason to keep data after an erasure request, and for how long."""

    key: str
    reason: Promise
    period: Period | None
    kept_for: Promise


ACCOUNTING = Hold(
    "accounting",
    _(
        "Law on Accounting: invoices and the documents behind accounting entries are kept "
        "5 years after the end of the business year."
    ),
    ACCOUNTING_PERIOD,
    _("5 years after the end of the business year of the order"),
)
WITHDRAWAL_RECORD = Hold(
    "withdrawal_record",
    _(
        "Law on Accounting: a statement of withdrawal is the document behind the refund booked "
        "for it, or behind a sale that stays booked when the withdrawal was declined; it is kept "
        "5 years after the end of the business year."
    ),
    ACCOUNTING_PERIOD,
    _("5 years after the end of the business year the statement was received in"),
)
CONSENT_PROOF = Hold(
    "consent_proof",
    _(
        "Proof of consent (GDPR Art. 7(1) and 5(2), ZZPL Art. 15): the record of what you agreed "
        "to, when, and of its withdrawal is kept to answer any claim about the messages sent on "
        "it; nothing is sent on it any more."
    ),
    CONSENT_PROOF_PERIOD,
    _("3 years from the day the consent was given or withdrawn, then anonymised"),
)
COMPLAINT_REGISTER = Hold(
    "complaint_register",
    _(
        "Law on Consumer Protection: the register of received complaints (with the "
        "complainant's name) is kept 2 years from filing."
    ),
    COMPLAINT_REGISTER_PERIOD,
    _("2 years from the day the complaint was filed"),
)
FRAUD_PREVENTION = Hold(
    "fraud_prevention",
    _("Prevention of fraud (terms of service and privacy policy): a block on buying is kept."),
    None,
    _("while the block is in force and 1 year after it is lifted"),
)
REQUEST_RECORD = Hold(
    "request_record",
    _(
        "Accountability (ZZPL, GDPR Art. 5(2)): the record of how your request was answered is "
        "kept."
    ),
    Years(2),
    _("2 years after the request is closed, then anonymised"),
)
ISSUED_DOCUMENTS = Hold(
    "issued_documents",
    _(
        "Documents given to you on a durable medium (a complaint's confirmation, an answer to a "
        "privacy request) are kept as the record of what you were given."
    ),
    None,
    _("as long as the complaint register or the request they belong to"),
)


@dataclass(frozen=True)
class Purpose:
    key: str
    label: Promise
    legal_basis: Promise
    recipients: Promise


SHOPPING = Purpose(
    "shopping",
    _("Processing and delivering your orders, invoicing"),
    _("the contract of sale; the Law on Accounting"),
    _(
        "the courier delivering your parcel (name, phone, delivery address only); the payment "
        "provider (Mollie or the bank) processing your card payment on its own page"
    ),
)
ACCOUNT_PURPOSE = Purpose(
    "account",
    _("Your customer account and address book"),
    _("your registration (the contract)"),
    _("nobody outside the shop"),
)
COMPLAINTS = Purpose(
    "complaints",
    _("Handling complaints and the register of complaints"),
    _("the Law on Consumer Protection"),
    _("a repairer, when a repair is agreed; the out-of-court settlement body if you go to it"),
)
COMMUNICATION = Purpose(
    "communication",
    _("E-mails we sent you and the work queue that sends them"),
    _("the contract; our legitimate interest in knowing what we told you"),
    _("our e-mail provider"),
)
FRAUD = Purpose(
    "fraud",
    _("Preventing fraud"),
    _("our legitimate interest; the terms of service"),
    _("public authorities, only when the law requires"),
)
AUDIT = Purpose(
    "audit",
    _("The record of what staff changed in the administration"),
    _("our legitimate interest in accountability"),
    _("nobody outside the shop"),
)
PRIVACY_REQUESTS = Purpose(
    "privacy_requests",
    _("Answering your requests about your personal data"),
    _("the Law on Personal Data Protection"),
    _("nobody outside the shop"),
)
WITHDRAWALS = Purpose(
    "withdrawals",
    _("Handling your withdrawal from a purchase and refunding it"),
    _("the Law on Consumer Protection; the Law on Accounting"),
    _("the payment provider refunding your card payment"),
)
FISCALISATION = Purpose(
    "fiscalisation",
    _("Fiscal receipts of your purchases"),
    _("the Law on Fiscalization"),
    _("the Tax Administration (the receipt names the goods and amounts, not you)"),
)
NEWSLETTER = Purpose(
    "newsletter",
    _("The newsletter and the record of your consents"),
    _("your consent"),
    _("our e-mail provider"),
)
CONTACT_PURPOSE = Purpose(
    "contact",
    _("Answering your messages and running contests you enter"),
    _("our legitimate interest in answering you; your consent for contests"),
    _("our e-mail provider"),
)


@dataclass(frozen=True)
class Personal:
    erasure: str
    category: Category
    hold: Hold | None = None
    exported: bool = True  # a password hash is personal but never handed out


def deleted(category: Category, *, exported: bool = True) -> Personal:
    return Personal(Erasure.DELETE, category, exported=exported)


def anonymised(category: Category) -> Personal:
    return Personal(Erasure.ANONYMISE, category)


def redacted(category: Category = WRITTEN) -> Personal:
    return Personal(Erasure.REDACT, category)


def kept(category: Category, hold: Hold) -> Personal:
    return Personal(Erasure.KEEP, category, hold)


@dataclass(frozen=True)
class Entry:
    """One model: its personal fields, its other fields, and how the person's rows are found
    (lookup paths to the account, to an e-mail address, to the person's orders; empty when the
    table is not searched that way). `delete_rows`: an erasure deletes the person's rows.
    `dated_by`: the date a kept row's legal period runs from."""

    purpose: Purpose
    personal: dict[str, Personal] = field(default_factory=dict)
    other: str = ""
    by_user: str = ""
    by_email: str = ""
    by_order: str = ""
    delete_rows: bool = False
    dated_by: str = ""

    @property
    def other_fields(self) -> tuple[str, ...]:
        return tuple(self.other.split())

    @property
    def searchable(self) -> bool:
        return bool(self.by_user or self.by_email or self.by_order)

    def holds(self) -> set[Hold]:
        return {p.hold for p in self.personal.values() if p.hold is not None}


REGISTRY: dict[str, Entry] = {
    # --- Account -------------------------------------------------------------------------
    "accounts.User": Entry(
        purpose=ACCOUNT_PURPOSE,
        by_user="pk",
        by_email="email",
        delete_rows=True,
        personal={
            "email": deleted(CONTACT),
            "full_name": deleted(IDENTITY),
            "phone": deleted(CONTACT),
            "password": deleted(ACCOUNT, exported=False),
            "last_login": deleted(ACCOUNT),
            "date_joined": deleted(ACCOUNT),
        },
        other="id is_superuser is_staff is_active groups user_permissions",
    ),
    "account.EmailAddress": Entry(
        purpose=ACCOUNT_PURPOSE,
        by_user="user",
        by_email="email",
        delete_rows=True,
        personal={"email": deleted(CONTACT), "user": deleted(LINK)},
        other="id verified primary",
    ),
    "accounts.Address": Entry(
        purpose=ACCOUNT_PURPOSE,
        by_user="user",
        delete_rows=True,
        personal={
            "user": deleted(LINK),
            "name": deleted(IDENTITY),
            "street": deleted(ADDRESS),
            "city": deleted(LOCATION),
            "postal_code": deleted(LOCATION),
            "phone": deleted(CONTACT),
        },
        other="id country is_default created_at",
    ),
    "cart.Cart": Entry(
        purpose=SHOPPING,
        by_user="user",
        delete_rows=True,
        personal={"user": deleted(LINK)},
        other="id created_at updated_at",
    ),
    "cart.CartLine": Entry(
        purpose=SHOPPING,
        by_user="cart__user",
        delete_rows=True,
        # An engraving often holds a name or a date that means something to the customer.
        personal={"engraving": deleted(WRITTEN)},
        other="id cart variant quantity added_at",
    ),
    # --- Orders: kept for accounting, contact details anonymised ---------------------------
    "orders.Order": Entry(
        purpose=SHOPPING,
        by_user="user",
        by_email="email",
        by_order="pk",
        dated_by="created_at",
        personal={
            "user": anonymised(LINK),
            "email": anonymised(CONTACT),
            "full_name": anonymised(IDENTITY),
            "phone": anonymised(CONTACT),
            "street": anonymised(ADDRESS),
            # The place of supply stays on the sales record; without the name and the street it
            # identifies nobody.
            "city": kept(LOCATION, ACCOUNTING),
            "postal_code": kept(LOCATION, ACCOUNTING),
        },
        other=(
            "id number public_id idempotency_key status money_status stock_reservation "
            "reserved_until language terms_language country delivery_method delivery_name delivery_estimate "
            "delivery_price subtotal total vat_total terms terms_accepted_at created_at paid_at "
            "shipped_at delivered_on tracking_number tracking_url"
        ),
    ),
    "orders.OrderLine": Entry(
        purpose=SHOPPING,
        by_order="order",
        # The engraved words (a name, a date) are the customer's; the sales record needs only
        # that the line was personalised, which stays.
        personal={"engraving": anonymised(WRITTEN)},
        other=(
            "id order variant product_name option sku is_personalised unit_price quantity "
            "vat_rate line_total"
        ),
    ),
    "orders.OrderEvent": Entry(
        purpose=SHOPPING,
        by_order="order",
        personal={"note": redacted()},
        other="id order created_at actor kind from_status to_status needs_attention handled_at handled_by",
    ),
    "orders.Payment": Entry(
        purpose=SHOPPING,
        by_order="order",
        # No card data exists: the provider's page takes the card.
        other=(
            "id order provider provider_payment_id status amount_rsd currency amount_eur "
            "eur_rsd_rate rate_date checkout_url amount_refunded created_at updated_at paid_at"
        ),
    ),
    "orders.Refund": Entry(
        purpose=SHOPPING,
        by_order="order",
        personal={"reason": redacted(), "last_error": redacted()},
        other=(
            "id order payment amount_rsd amount_eur provider_refund_id status created_by "
            "created_at updated_at"
        ),
    ),
    "orders.OrderDocument": Entry(
        purpose=SHOPPING,
        by_order="order",
        dated_by="created_at",
        # The PDFs carry the buyer's name and address as issued: the invoice is the accounting
        # document itself.
        personal={"file": kept(FILES, ACCOUNTING)},
        other="id order kind number corrects amount refund language created_at",
    ),
    "orders.CourierNotification": Entry(
        purpose=SHOPPING,
        by_order="order",
        personal={"last_error": redacted()},
        other="id order shipment backend status attempts created_at sent_at",
    ),
    "orders.CustomerBlock": Entry(
        purpose=FRAUD,
        by_user="user",
        by_email="email",
        personal={
            "email": kept(CONTACT, FRAUD_PREVENTION),
            "user": kept(LINK, FRAUD_PREVENTION),
            "reason": kept(WRITTEN, FRAUD_PREVENTION),
        },
        other="id created_at created_by lifted_at lifted_by",
    ),
    "orders.FraudFlag": Entry(
        purpose=FRAUD,
        by_user="user",
        by_email="email",
        by_order="order",
        personal={
            "email": kept(CONTACT, FRAUD_PREVENTION),
            "user": kept(LINK, FRAUD_PREVENTION),
            "reason": kept(WRITTEN, FRAUD_PREVENTION),
        },
        other="id order created_at created_by",
    ),
    # --- Complaints: the register keeps the name for 2 years --------------------------------
    "complaints.Complaint": Entry(
        purpose=COMPLAINTS,
        by_email="email",
        by_order="order",
        dated_by="received_at",
        personal={
            "full_name": kept(IDENTITY, COMPLAINT_REGISTER),
            "email": anonymised(CONTACT),
            "phone": anonymised(CONTACT),
            "address": anonymised(ADDRESS),
            "goods": kept(WRITTEN, COMPLAINT_REGISTER),
            "description": kept(WRITTEN, COMPLAINT_REGISTER),
            "problems": redacted(),
        },
        other=(
            "id number public_id order order_number_given lines language remedy repair_consent "
            "channel received_at registered_by within_liability consumer_chooses answer_due "
            "state confirmed_at decision answered_on proposed_deadline reply reply_received_on "
            "extended_to resolution_due resolution resolved_on return_costs_rsd"
        ),
    ),
    "complaints.ComplaintEvent": Entry(
        purpose=COMPLAINTS,
        by_email="complaint__email",
        by_order="complaint__order",
        personal={"note": redacted(), "data": redacted()},
        other="id complaint kind at actor",
    ),
    "complaints.ComplaintPhoto": Entry(
        purpose=COMPLAINTS,
        by_email="complaint__email",
        by_order="complaint__order",
        delete_rows=True,
        personal={"image": deleted(FILES)},
        other="id complaint created_at",
    ),
    # --- Withdrawals: the statement backs the refund, kept like the accounting entry --------
    # One hold for every statement, refunded or not: a refunded one is the document behind the
    # refund's booking and credit note, a declined one the reason a sale stays booked. The name
    # and what was withdrawn stay (restricted); how to reach the person goes.
    "complaints.WithdrawalStatement": Entry(
        purpose=WITHDRAWALS,
        by_email="email",
        by_order="order",
        dated_by="received_at",
        personal={
            "full_name": kept(IDENTITY, WITHDRAWAL_RECORD),
            "email": anonymised(CONTACT),
            "address": anonymised(ADDRESS),
            "goods": kept(WRITTEN, WITHDRAWAL_RECORD),
            "reason": redacted(),
            "problems": redacted(),
        },
        other=(
            "id number public_id received_at sent_on channel language order "
            "order_number_given registered_by return_due refund_latest status acknowledged_at "
            "goods_back_on refund_due refunded_on"
        ),
    ),
    "complaints.WithdrawalLine": Entry(
        purpose=WITHDRAWALS,
        by_email="statement__email",
        by_order="statement__order",
        other="id statement order_line quantity delivered_on period_ends refusal",
    ),
    "complaints.WithdrawalEvent": Entry(
        purpose=WITHDRAWALS,
        by_email="statement__email",
        by_order="statement__order",
        personal={"note": redacted(), "data": redacted()},
        other="id statement kind at actor",
    ),
    # --- Fiscal receipts: tax records of the person's orders ------------------------------
    # No buyer identification (buyerId) is ever sent: a receipt names the goods (product and
    # option, as on the order line) and amounts only, and is personal data only through its
    # order. Kept whole (Law on Fiscalization, Law on Accounting); found by the order so that
    # an access request lists them.
    "fiscal.FiscalIntent": Entry(
        purpose=FISCALISATION,
        by_order="order",
        personal={"last_error": redacted()},
        other=(
            "id order payment refund kind cause references items amount status request_body "
            "attempts sending_until created_at issued_at failed_at"
        ),
    ),
    "fiscal.FiscalReceipt": Entry(
        purpose=FISCALISATION,
        by_order="order",
        other=(
            "id intent order kind invoice_number invoice_counter invoice_counter_extension "
            "total_counter transaction_type_counter sdc_date_time sdc_date_time_text "
            "total_amount signature journal verification_url verification_qr_code response "
            "created_at"
        ),
    ),
    # --- Newsletter and consents -----------------------------------------------------------
    # The ledger is the proof of consent: the address and what was agreed to stay (restricted,
    # GDPR Art. 17(3)(e)) so that the shop can still show the messages it sent were consented
    # to; the link to the erased account goes. The subscription itself is deleted, so nothing
    # is sent any more. The ledger refuses update and delete on a row: the erasure and the
    # retention release work through queryset updates.
    "newsletter.ConsentRecord": Entry(
        purpose=NEWSLETTER,
        by_user="user",
        by_email="email",
        dated_by="recorded_at",
        personal={"email": kept(CONTACT, CONSENT_PROOF), "user": anonymised(LINK)},
        other=(
            "id purpose scope given text text_version text_sha256 language source recorded_at "
            "recorded_by"
        ),
    ),
    "newsletter.Subscriber": Entry(
        purpose=NEWSLETTER,
        by_user="user",
        by_email="email",
        delete_rows=True,
        personal={
            "email": deleted(CONTACT),
            "user": deleted(LINK),
            "token": deleted(ACCOUNT, exported=False),
        },
        other=("id language source created_at confirmation_sent_at confirmed_at unsubscribed_at"),
    ),
    "newsletter.CampaignDelivery": Entry(
        purpose=NEWSLETTER,
        by_email="subscriber__email",
        delete_rows=True,
        personal={"subscriber": deleted(LINK)},
        other="id campaign sent_at",
    ),
    # --- Contact messages and contests: no law keeps them ----------------------------------
    # Deleting a message deletes its replies and staff notes (the conversation is one record).
    "contact.ContactMessage": Entry(
        purpose=CONTACT_PURPOSE,
        by_user="user",
        by_email="email",
        delete_rows=True,
        personal={
            "name": deleted(IDENTITY),
            "email": deleted(CONTACT),
            "subject": deleted(WRITTEN),
            "body": deleted(WRITTEN),
            "user": deleted(LINK),
        },
        other="id language received_at state last_activity_at",
    ),
    "contact.ContactReply": Entry(
        purpose=CONTACT_PURPOSE,
        by_user="message__user",
        by_email="message__email",
        delete_rows=True,
        personal={"body": deleted(WRITTEN)},
        other="id message sent_by written_at",
    ),
    "contact.ContactNote": Entry(
        purpose=CONTACT_PURPOSE,
        by_user="message__user",
        by_email="message__email",
        delete_rows=True,
        personal={"text": deleted(WRITTEN)},
        other="id message author written_at",
    ),
    "contact.ContestEntry": Entry(
        purpose=CONTACT_PURPOSE,
        by_email="email",
        delete_rows=True,
        personal={
            "full_name": deleted(IDENTITY),
            "address": deleted(ADDRESS),
            "email": deleted(CONTACT),
        },
        other="id contest consent entered_at winner_rank",
    ),
    # --- What the shop sent ---------------------------------------------------------------
    "paperwork.SentEmail": Entry(
        purpose=COMMUNICATION,
        by_email="recipient",
        personal={"recipient": anonymised(CONTACT), "subject": redacted()},
        other="id kind about reference sent_at",
    ),
    "paperwork.OutboxItem": Entry(
        purpose=COMMUNICATION,
        # Tasks are given ids, but an error message may quote an address.
        personal={"arguments": redacted(), "last_error": redacted()},
        other="id task_name key state attempts next_attempt_at created_at done_at",
    ),
    "paperwork.Document": Entry(
        purpose=COMPLAINTS,
        personal={"file": kept(FILES, ISSUED_DOCUMENTS), "title": redacted()},
        other="id kind reference language created_at",
    ),
    "admin.LogEntry": Entry(
        purpose=AUDIT,
        # The admin's log names the records staff changed: an account by its e-mail address.
        personal={"object_repr": redacted(), "change_message": redacted()},
        other="id action_time user content_type object_id action_flag",
    ),
    # --- Privacy requests themselves ------------------------------------------------------
    "privacy.DataRequest": Entry(
        purpose=PRIVACY_REQUESTS,
        by_user="user",
        by_email="email",
        dated_by="closed_at",
        personal={
            "email": kept(CONTACT, REQUEST_RECORD),
            "user": anonymised(LINK),
            "details": kept(WRITTEN, REQUEST_RECORD),
            "answer": kept(WRITTEN, REQUEST_RECORD),
            "extension_reason": kept(WRITTEN, REQUEST_RECORD),
            "export_file": anonymised(FILES),
            "erasure_result": kept(WRITTEN, REQUEST_RECORD),
        },
        other=(
            "id public_id kind state language filed_at received_at due_on extended_by_days "
            "handled_by closed_at export_expires_at anonymised_at"
        ),
    ),
    "privacy.RestrictedRecord": Entry(
        purpose=PRIVACY_REQUESTS,
        other="id model object_id hold keep_until request created_at",
    ),
}

# Models that hold no personal data at all, with why.
NOT_PERSONAL: dict[str, str] = {
    "legal.LegalDocument": "the shop's published legal texts",
    "catalog.Category": "the catalog",
    "catalog.Product": "the catalog",
    "catalog.Variant": "the catalog",
    "catalog.ProductImage": "the catalog",
    "catalog.Collection": "the catalog",
    "catalog.FormerSlug": "the catalog: slugs products, categories and collections had",
    "catalog.ExchangeRate": "NBS exchange rates",
    "orders.DeliveryMethod": "courier services; their addresses are businesses' addresses",
    "orders.OrderNumberCounter": "a counter",
    "orders.DocumentNumberCounter": "a counter",
    "orders.DeliveryDigest": "a record of staff digests sent (a day and a count)",
    "complaints.ComplaintNumberCounter": "a counter",
    "complaints.WithdrawalNumberCounter": "a counter",
    "newsletter.Campaign": "newsletter issues written by staff",
    "contact.Contest": "contests the shop runs; entrants are contest entries",
}
