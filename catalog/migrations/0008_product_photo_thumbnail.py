"""A square thumbnail per product photo, cut for the photos already stored. Demo products share
their photo files, so each file is read and cut once."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models
from PIL import Image, UnidentifiedImageError

from catalog import images


def cut_missing_thumbnails(apps, schema_editor):
    ProductImage = apps.get_model("catalog", "ProductImage")
    cut = {}
    for photo in ProductImage.objects.filter(thumbnail="").only("pk", "image").iterator():
        source = photo.image.name
        if source not in cut:
            try:
                with default_storage.open(source) as file, Image.open(file) as image:
                    thumbnail = images.make_thumbnail(image)
            except (OSError, UnidentifiedImageError):
                # A missing or unreadable file: pages fall back to the smallest rendition.
                cut[source] = ""
                continue
            stem = source.rsplit(".", 1)[0]
            cut[source] = default_storage.save(f"{stem}-thumb.jpg", ContentFile(thumbnail))
        if cut[source]:
            ProductImage.objects.filter(pk=photo.pk).update(thumbnail=cut[source])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0007_product_engraving_limit"),
    ]

    operations = [
        migrations.AddField(
            model_name="productimage",
            name="thumbnail",
            field=models.ImageField(
                blank=True,
                editable=False,
                max_length=255,
                upload_to="",
                verbose_name="thumbnail",
            ),
        ),
        migrations.RunPython(cut_missing_thumbnails, migrations.RunPython.noop, elidable=True),
    ]
