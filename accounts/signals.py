from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import account_email_verified


@receiver(email_confirmed, dispatch_uid="accounts.email_confirmed")
def _email_confirmed(sender, request, email_address, **kwargs):
    account_email_verified(user=email_address.user, email=email_address.email)
