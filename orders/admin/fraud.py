"""Fraud flags in admin: added (with a reason) and read, never edited or deleted; each flagged
order shows its flags and leads to blocking the customer (CustomerBlock) rather than repeating
that feature here."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cestmoi.formatting import local_datetime

from ..models import FraudFlag
from ..services.fraud import FraudFlagError, active_blocks_of, fraud_flag


class FraudFlagForm(forms.ModelForm):
    class Meta:
        model = FraudFlag
        fields = ("order", "email", "user", "reason")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("order") or cleaned.get("email") or cleaned.get("user")):
            raise ValidationError(_("Name the order, the e-mail address or the account to flag."))
        return cleaned


@admin.register(FraudFlag)
class FraudFlagAdmin(admin.ModelAdmin):
    form = FraudFlagForm
    list_display = ("created_at", "__str__", "order", "reason", "created_by", "blocked")
    search_fields = ("email", "user__email", "order__number", "reason")
    raw_id_fields = ("order", "user")
    fields = ("order", "email", "user", "reason", "created_at", "created_by", "blocks")
    readonly_fields = ("created_at", "created_by", "blocks")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            flag = fraud_flag(
                order=obj.order,
                email=obj.email,
                user=obj.user,
                reason=obj.reason,
                actor=request.user,
            )
        except FraudFlagError as error:
            raise ValidationError(str(error)) from error
        obj.pk = flag.pk

    @admin.display(description=_("blocked from buying"), boolean=True)
    def blocked(self, flag):
        return active_blocks_of(email=flag.email, user=flag.user).exists()

    @admin.display(description=_("blocks"))
    def blocks(self, flag):
        return blocks_and_block_link(email=flag.email, user=flag.user, reason=flag.reason)


def blocks_and_block_link(*, email: str, user, reason: str):
    active = active_blocks_of(email=email, user=user)
    listed = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        (
            (reverse("admin:orders_customerblock_change", args=(block.pk,)), block.reason)
            for block in active
        ),
    )
    query = urlencode({"email": email, "reason": reason, **({"user": user.pk} if user else {})})
    add = f"{reverse('admin:orders_customerblock_add')}?{query}"
    if active:
        return format_html("<ul>{}</ul>", listed)
    return format_html('{} <a href="{}">{}</a>', _("Not blocked."), add, _("Block this customer"))


@admin.display(description=_("suspected fraud"))
def fraud_flags_of_order(model_admin, order):
    """The order page's fraud section: its flags, and the customer's blocks or a link to block."""
    flags = format_html_join(
        "",
        "<li>{} · {}: {}</li>",
        (
            (local_datetime(flag.created_at), flag.created_by, flag.reason)
            for flag in order.fraud_flags.select_related("created_by")
        ),
    )
    flag_url = f"{reverse('admin:orders_fraudflag_add')}?{urlencode({'order': order.pk})}"
    if not flags:
        return format_html(
            '<a href="{}">{}</a>', flag_url, _("Flag this order for suspected fraud")
        )
    return format_html(
        '<ul>{}</ul><p><a href="{}">{}</a></p>{}',
        flags,
        flag_url,
        _("Add a flag"),
        blocks_and_block_link(
            email=order.email, user=order.user, reason=order.fraud_flags.first().reason
        ),
    )
