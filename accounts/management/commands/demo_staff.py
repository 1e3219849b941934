"""Creates (or resets) a local demo superuser and prints its password. For local use only."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User

DEMO_STAFF_EMAIL = "admin@cestmoi.local"


class Command(BaseCommand):
    help = "Create or reset the demo admin user and print its password (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_staff only runs with DJANGO_DEBUG on: it prints a password.")
        password = secrets.token_urlsafe(12)
        user, _ = User.objects.get_or_create(email=DEMO_STAFF_EMAIL)
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        # Staff sign in through allauth, which asks for a verified address; the admin then asks
        # for an authenticator app (set up at the first sign-in).
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_STAFF_EMAIL, defaults={"verified": True, "primary": True}
        )
        admin_url = f"{settings.SITE_URL}/{settings.ADMIN_URL}"
        self.stdout.write(
            f"Admin: {admin_url}  e-mail: {DEMO_STAFF_EMAIL}  password: {password}  (local only; "
            "the first sign-in sets up an authenticator app)"
        )
