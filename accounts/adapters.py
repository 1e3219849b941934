from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class ShopMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff cannot switch their authenticator app off (the admin requires it); a superuser
        removes a lost one in admin (Authenticators), and the next sign-in sets up a new one."""
        if authenticator.type == Authenticator.Type.TOTP and authenticator.user.is_staff:
            return False
        return super().can_delete_authenticator(authenticator)
