"""Pure rules of the newsletter."""

import datetime

# A sign-up not confirmed within this time is no longer confirmable (the link expires); the
# retention table deletes the address after it (privacy policy: data only for its purpose).
CONFIRMATION_VALID_FOR = datetime.timedelta(days=7)
# Messages per Celery task: small enough that a batch finishes well inside the task time limit
# (300 s) even when the mail server answers slowly.
CAMPAIGN_BATCH_SIZE = 100


def confirmation_is_valid(*, asked_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    return asked_at is not None and asked_at <= now < asked_at + CONFIRMATION_VALID_FOR
