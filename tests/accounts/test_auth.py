"""Sign-up, sign-in and e-mail handling through allauth, as the shop configures it."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.urls import reverse

from accounts import selectors
from accounts.models import User
from tests.orders.factories import guest_order

from .factories import PASSWORD, UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def without_csrf_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


# --- Sign-up and verification -----------------------------------------------------------------


def test_sign_up_sends_a_verification_link_and_does_not_sign_in_before_it(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Nova@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    user = User.objects.get(email="nova@example.com")
    assert not EmailAddress.objects.get(user=user).verified

    (message,) = mail.outbox
    assert message.to == ["nova@example.com"]
    assert message.subject == "C'est Moi: Please confirm your e-mail address"
    assert "example.com/" not in message.body.replace(link_in(message), "")
    assert message.body.startswith("Hello,")
    assert "C'est Moi Art Jewelry" in message.body

    # Signing in before verifying only sends the customer back to the verification page.
    response = sign_in(client, "nova@example.com")
    assert signed_in_user(client) is None

    confirm_url = link_in(message)
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert selectors.verified_emails_for_user(user) == {"nova@example.com"}


def test_sign_up_rejects_weak_passwords_next_to_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "weak@example.com", "password1": "12345", "password2": "12345"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["password1"]
    assert any("too short" in e for e in errors)
    assert any("too common" in e for e in errors)
    assert any("entirely numeric" in e for e in errors)
    assert 'id="id_password1_error"' in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()


def test_sign_up_with_a_taken_address_looks_the_same_and_creates_nobody(client):
    VerifiedUserFactory(email="taken@example.com")
    taken = client.post(
        reverse("account_signup"),
        {"email": "taken@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    fresh = client.post(
        reverse("account_signup"),
        {"email": "fresh@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email="taken@example.com").count() == 1
    # The owner of the taken address, and only they, learn about the attempt.
    assert [m.subject for m in mail.outbox if m.to == ["taken@example.com"]] == [
        "C'est Moi: You already have an account"
    ]


def test_sign_up_pre_ticks_nothing_and_uses_the_shop_layout(client):
    response = client.get(reverse("account_signup"))
    page = response.content.decode()
    # The one box is the newsletter's, unticked; nothing else asks for consent.
    [box] = re.findall(r'<input type="checkbox"[^>]*>', page)
    assert 'name="newsletter"' in box and "checked" not in box
    assert 'class="site-header"' in page
    assert "107661603" in page  # the seller's PIB in the shop footer
    assert reverse("legal:document", args=["privacy-policy"]) in page


def test_guest_orders_join_the_account_only_once_the_address_is_verified(client):
    mine = guest_order("Guest@Example.com")
    someone_elses = guest_order("other@example.com")
    client.post(
        reverse("account_signup"),
        {"email": "guest@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    mine.refresh_from_db()
    assert mine.user is None  # typing an address at sign-up proves nothing
    client.post(link_in(mail.outbox[0]))
    user = User.objects.get(email="guest@example.com")
    mine.refresh_from_db()
    someone_elses.refresh_from_db()
    assert mine.user == user
    assert someone_elses.user is None
    history = client.get(reverse("accounts:orders")).content.decode()
    assert mine.number in history
    assert someone_elses.number not in history


def test_verified_emails_for_user_lists_only_verified_addresses_of_that_user():
    user = VerifiedUserFactory(email="ana@example.com")
    EmailAddress.objects.create(user=user, email="Pending@Example.com", verified=False)
    VerifiedUserFactory(email="other@example.com")
    assert selectors.verified_emails_for_user(user) == {"ana@example.com"}


# --- Sign-in ----------------------------------------------------------------------------------


def test_session_key_rotates_at_sign_in(client):
    user = VerifiedUserFactory()
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key

    response = sign_in(client, user.email)
    assert response.status_code == 302
    assert signed_in_user(client) == user
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not type(session)().exists(before)  # the old key no longer opens anything


def test_wrong_password_is_refused_with_a_message_that_names_no_account(client):
    user = VerifiedUserFactory()
    wrong = sign_in(client, user.email, "not-the-password")
    unknown = sign_in(client, "nobody@example.com", "not-the-password")
    assert signed_in_user(client) is None
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_brute_force_on_one_address_is_stopped_even_with_the_right_password(client):
    user = VerifiedUserFactory()
    for _ in range(5):
        response = sign_in(client, user.email, "guess-guess-guess")
        assert "Too many failed login attempts" not in response.content.decode()
    response = sign_in(client, user.email, "guess-guess-guess")
    assert "Too many failed login attempts" in response.content.decode()

    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user(client) is None


def test_brute_force_from_one_address_across_accounts_is_stopped(client):
    victim = VerifiedUserFactory()
    for n in range(10):
        sign_in(client, f"guess{n}@example.com", "guess-guess-guess")
    response = sign_in(client, victim.email)
    assert "Too many failed login attempts" in response.content.decode()
    assert signed_in_user(client) is None


def test_behind_a_trusted_proxy_one_clients_brute_force_does_not_lock_out_others(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"x-forwarded-for": "203.0.113.7"}
    for n in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.com", "password": "guess-guess-guess"},
            headers=attacker,
        )
    customer = VerifiedUserFactory()
    blocked = client.post(
        reverse("account_login"),
        {"login": customer.email, "password": PASSWORD},
        headers=attacker,
    )
    assert "Too many failed login attempts" in blocked.content.decode()
    response = client.post(
        reverse("account_login"),
        {"login": customer.email, "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.20"},
    )
    assert response.status_code == 302
    assert signed_in_user(client) == customer


def test_too_many_sign_in_attempts_from_one_address_get_the_shops_429_page(client):
    for n in range(30):
        sign_in(client, f"guess{n}@example.com", "guess-guess-guess")
    response = sign_in(client, "one-more@example.com", "guess-guess-guess")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert 'class="site-header"' in page


def test_sign_out_ends_the_session_and_leaves_nothing_for_the_next_visitor(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    session = client.session
    session["left_behind"] = "anything the customer kept in the session, e.g. a cart"
    session.save()
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None
    assert "left_behind" not in client.session
    assert client.get(reverse("accounts:overview")).status_code == 302


# --- Password reset ---------------------------------------------------------------------------


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client):
    VerifiedUserFactory(email="known@example.com")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.com"})
    unknown = client.post(reverse("account_reset_password"), {"email": "unknown@example.com"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    done_known = without_csrf_tokens(client.get(known["Location"]).content.decode())
    done_unknown = without_csrf_tokens(client.get(unknown["Location"]).content.decode())
    assert done_known == done_unknown

    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["known@example.com"].subject == "C'est Moi: Choose a new password"
    assert by_address["unknown@example.com"].subject == "C'est Moi: Password reset requested"


def test_password_reset_link_sets_a_new_password(client):
    user = VerifiedUserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    reset_url = link_in(mail.outbox[0])
    form_url = client.get(reset_url)["Location"]  # allauth moves the key out of the URL
    new_password = "Golden-earrings-from-Belgrade-7"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


# --- Signed-in account management -------------------------------------------------------------


def test_password_change_applies_the_validators_and_tells_the_customer(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    url = reverse("account_change_password")
    weak = client.post(
        url, {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"}
    )
    assert "entirely numeric" in str(weak.context["form"].errors["password1"])

    strong = "Silver-necklace-with-garnet-3"
    client.post(url, {"oldpassword": PASSWORD, "password1": strong, "password2": strong})
    user.refresh_from_db()
    assert user.check_password(strong)
    assert signed_in_user(client) == user  # the customer stays signed in
    assert mail.outbox[-1].subject == "C'est Moi: Your password was changed"


def test_email_change_takes_effect_only_after_the_new_address_is_verified(client):
    user = VerifiedUserFactory(email="old@example.com")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.com"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "old@example.com"
    (confirmation,) = mail.outbox
    assert confirmation.to == ["new@example.com"]
    assert selectors.verified_emails_for_user(user) == {"old@example.com"}

    client.post(link_in(confirmation))
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert selectors.verified_emails_for_user(user) == {"new@example.com"}
    notice = next(m for m in mail.outbox if m.to == ["old@example.com"])
    assert notice.subject == "C'est Moi: Your e-mail address was changed"
    assert "new@example.com" in notice.body


def test_order_history_needs_a_verified_address(client):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.force_login(user)
    response = client.get(reverse("accounts:orders"))
    assert "You have not placed any orders yet." not in response.content.decode()
    assert "Verify Your Email Address" in response.content.decode()

    EmailAddress.objects.filter(user=user).update(verified=True)
    response = client.get(reverse("accounts:orders"))
    assert "You have not placed any orders yet." in response.content.decode()


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_obey_the_strict_csp(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page)


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "account_logout"])
def test_signed_in_allauth_pages_sit_in_the_account_area(client, name):
    client.force_login(VerifiedUserFactory())
    page = client.get(reverse(name)).content.decode()
    assert 'class="account-nav"' in page
    assert "style=" not in page


def test_allauth_pages_follow_the_language_switch(client):
    client.post("/i18n/setlang/", {"language": "sr-latn", "next": "/"})
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="sr-latn">' in page
    assert "Prijavite se" in page
    assert "Lozinka" in page
