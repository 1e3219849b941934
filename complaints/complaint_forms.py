"""The consumer's complaint forms. Field errors (nothing to store yet: no name, no valid
e-mail, no description) send the form back with what was typed; the checks a filed complaint
can fail (a photo refused, an order not found) never stop it: the service stores it with the
reasons."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from catalog.images import clean_photo, validate_photo

from .models import ComplaintRemedy
from .services.complaints import CleanPhoto

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTOS_MAX = 5


class _MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class _PhotosField(forms.FileField):
    """Several files, checked later one by one (a refused photo does not refuse the form)."""

    widget = _MultipleFiles

    def clean(self, data, initial=None):
        if not data:
            return []
        return [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]


def photos_check(uploads) -> tuple[list[CleanPhoto], list[str]]:
    """The photos usable as evidence (validated, metadata stripped) and why the others were
    refused: too large, not an image, too many."""
    accepted, refused = [], []
    for index, upload in enumerate(uploads):
        name = (getattr(upload, "name", "") or "?")[:100]
        if index >= PHOTOS_MAX:
            refused.append(
                _("%(name)s: at most %(count)s photos.") % {"name": name, "count": PHOTOS_MAX}
            )
            continue
        if upload.size > PHOTO_MAX_BYTES:
            refused.append(
                _("%(name)s: the photo is %(size)s; at most %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(PHOTO_MAX_BYTES),
                }
            )
            continue
        try:
            validate_photo(upload)
            jpeg, _image = clean_photo(upload)
        except ValidationError as error:
            refused.append(f"{name}: {' '.join(error.messages)}")
            continue
        except (OSError, ValueError, SyntaxError):  # damaged past what verify() sees
            refused.append(_("%(name)s: this file is not a photo we can read.") % {"name": name})
            continue
        accepted.append(CleanPhoto(name=name, jpeg=jpeg))
    return accepted, refused


class ComplaintForm(forms.Form):
    full_name = forms.CharField(label=_("Name and surname"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation with your complaint's number here."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    order_number = forms.CharField(label=_("Order number"), max_length=40, required=False)
    goods = forms.CharField(
        label=_("Which items?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    lines = forms.MultipleChoiceField(label=_("Which items?"), widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(
        label=_("Describe the defect"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    remedy = forms.ChoiceField(
        label=_("What do you ask for?"), choices=ComplaintRemedy.choices, widget=forms.RadioSelect
    )
    repair_consent = forms.BooleanField(
        label=_("I explicitly consent to the repair of the goods."), required=False
    )
    photos = _PhotosField(
        label=_("Photos of the defect (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 photos of at most 5 MB each."),
    )

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        if order is None:
            del self.fields["lines"]
        else:
            del self.fields["goods"], self.fields["order_number"]
            self.fields["lines"].choices = [
                (str(line.pk), f"{line.quantity} × {line.product_name} {line.option}".strip())
                for line in order.lines.all()
            ]

    def clean(self):
        data = super().clean()
        if data.get("remedy") == ComplaintRemedy.REPAIR and not data.get("repair_consent"):
            self.add_error(
                "repair_consent",
                _(
                    "Repair is done only with your explicit consent: tick the box or choose another remedy."
                ),
            )
        return data

    def chosen_lines(self):
        wanted = {int(pk) for pk in self.cleaned_data.get("lines", [])}
        return [line for line in self.order.lines.all() if line.pk in wanted]


class IdentifyOrderForm(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=40)
    email = forms.EmailField(label=_("The e-mail you ordered with"), max_length=254)
