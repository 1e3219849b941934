from django import forms

from . import images
from .models import ProductImage


class ProductImageForm(forms.ModelForm):
    """Admin form for a product photo: the upload is checked here, so an editor sees what is
    wrong next to the file field; cleaning and renditions happen in the service on save."""

    class Meta:
        model = ProductImage
        fields = ["image", "alt_text", "position"]
        # A plain file field: Django's image field hands every upload, however large, to
        # Pillow before clean_image runs; validate_photo checks the size first.
        field_classes = {"image": forms.FileField}
        widgets = {
            "image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        }

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            images.validate_photo(upload)
        return upload
