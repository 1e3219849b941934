"""Celery tasks of the contact app: each loads by id and calls an idempotent service."""

from cestmoi.celery import app

from .services import contact_reply_email_send

# 30 s, 60 s, 120 s… up to an hour between attempts; the reply is e-mailed at most once.
RETRY = {"retry_backoff": 30, "retry_backoff_max": 3600, "max_retries": 10}


@app.task(name="contact.send_reply", **RETRY)
def send_reply(reply_id: int) -> None:
    contact_reply_email_send(reply_id=reply_id)
