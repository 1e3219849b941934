"""Catalog data: the category tree, curated collections, products with their declaration,
variants (what is actually sold and stocked), product photographs and the EUR exchange rate."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .engraving import MAX_ENGRAVING_LENGTH, engraving_offered


class SlugPerLanguage(models.Model):
    """An address per language: English pages use `slug`, Serbian pages (Latin and Cyrillic
    alike: Django's slug converter accepts no Cyrillic) use `slug_sr_latn` where one is set.
    No language prefix in the address, so one slug names one object in every language; a slug
    changed in admin is kept as a FormerSlug and still leads to the object."""

    url_name = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk and kwargs.get("update_fields") is None:
            self._keep_former_slugs()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(self.url_name, kwargs={"slug": self.url_slug()})

    def clean(self):
        super().clean()
        # A slug is looked up in both languages' columns: another object's Serbian address as
        # this one's English address (or the reverse) would leave one of them unreachable.
        others = type(self).objects.exclude(pk=self.pk) if self.pk else type(self).objects.all()
        errors = {}
        if self.slug and others.filter(slug_sr_latn=self.slug).exists():
            errors["slug"] = _("Another entry already has this address in Serbian.")
        if self.slug_sr_latn and others.filter(slug=self.slug_sr_latn).exists():
            errors["slug_sr_latn"] = _("Another entry already has this address in English.")
        if errors:
            raise ValidationError(errors)

    def url_slug(self, language: str | None = None) -> str:
        language = language or get_language() or settings.LANGUAGE_CODE
        return (language.startswith("sr") and self.slug_sr_latn) or self.slug

    def _keep_former_slugs(self):
        before = type(self).objects.filter(pk=self.pk).values("slug", "slug_sr_latn").first()
        if before is None:
            return
        kind = self._meta.model_name
        current = {self.slug, self.slug_sr_latn}
        for slug in set(before.values()) - current - {None, ""}:
            FormerSlug.objects.update_or_create(
                kind=kind, slug=slug, defaults={"object_id": self.pk}
            )
        # A slug taken back is current again, no longer a former one.
        FormerSlug.objects.filter(kind=kind, slug__in=current - {None, ""}).delete()


class FormerSlug(models.Model):
    """A slug a product, category or collection had: its old addresses answer with a
    permanent redirect to the current one."""

    class Kind(models.TextChoices):
        PRODUCT = "product", _("product")
        CATEGORY = "category", _("category")
        COLLECTION = "collection", _("collection")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(_("slug"), max_length=180)
    object_id = models.PositiveIntegerField(_("object"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("former slug")
        verbose_name_plural = _("former slugs")
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="catalog_formerslug_unique")
        ]

    def __str__(self):
        return f"{self.kind}: {self.slug}"


class Category(SlugPerLanguage):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    slug_sr_latn = models.SlugField(
        _("slug in Serbian"), max_length=140, unique=True, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    url_name = "catalog:category"

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="catalog_category_not_own_parent"
            )
        ]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id and self.parent else self.name


class Material(models.TextChoices):
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")
    WHITE_GOLD = "white_gold", _("White gold")
    ROSE_GOLD = "rose_gold", _("Rose gold")
    GOLD_PLATED_SILVER = "gold_plated_silver", _("Gold-plated silver")
    BRASS = "brass", _("Brass")


class Product(SlugPerLanguage):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=180, unique=True)
    slug_sr_latn = models.SlugField(
        _("slug in Serbian"), max_length=180, unique=True, null=True, blank=True
    )
    url_name = "catalog:product"
    description = models.TextField(_("description"))
    care_instructions = models.TextField(_("care instructions"), blank=True)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    is_personalised = models.BooleanField(
        _("personalised / made to order"),
        default=False,
        help_text=_(
            "Engraved or made to the customer's specifications. Such items are excluded from the "
            "right of withdrawal, and the product page says so. Choosing a standard size is not "
            "personalisation."
        ),
    )
    engraving_max_length = models.PositiveSmallIntegerField(
        _("engraving: most characters"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_ENGRAVING_LENGTH)],
        help_text=_(
            "Leave empty for pieces that are not engraved. With a number the product page asks "
            "for the text to engrave, up to that many characters (at most 60). The text is "
            "required when the piece is personalised / made to order, optional otherwise; an "
            "engraved piece cannot be withdrawn from."
        ),
    )
    # The Serbian product declaration.
    material = models.CharField(_("material"), max_length=32, choices=Material.choices)
    fineness = models.CharField(
        _("fineness"), max_length=40, blank=True, help_text=_("For example 925 or 585 (14 kt).")
    )
    stones = models.CharField(_("stones"), max_length=200, blank=True)
    weight_grams = models.DecimalField(
        _("weight (g)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    dimensions = models.CharField(_("dimensions"), max_length=120, blank=True)
    country_of_origin = models.CharField(_("country of origin"), max_length=80, default="Serbia")
    manufacturer = models.CharField(_("manufacturer"), max_length=200)
    importer = models.CharField(
        _("importer"), max_length=200, blank=True, help_text=_("Leave empty for domestic goods.")
    )
    collections = models.ManyToManyField(
        "Collection", verbose_name=_("collections"), blank=True, related_name="products"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [models.Index(fields=["category", "is_published", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_grams__gt=0), name="catalog_product_weight_positive"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def offers_engraving(self) -> bool:
        return engraving_offered(self.engraving_max_length)


class Variant(models.Model):
    """What a customer actually buys: a size or length of a product, with its own price and stock.
    A product without options has exactly one variant with an empty option."""

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    option = models.CharField(
        _("option"), max_length=60, blank=True, help_text=_("For example: size 54, chain 45 cm.")
    )
    price = models.DecimalField(
        _("price (RSD incl. 20% VAT)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    stock = models.IntegerField(_("stock"), default=0, validators=[MinValueValidator(0)])
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="catalog_variant_stock_gte_0"),
            models.CheckConstraint(condition=Q(price__gt=0), name="catalog_variant_price_gt_0"),
        ]
        indexes = [models.Index(fields=["product", "is_active", "price"])]

    def __str__(self):
        # Shown to shoppers ("Luna ring Size 54 is sold out"): the name, never the SKU.
        return f"{self.product.name} {self.option}".strip()

    @property
    def is_available(self) -> bool:
        return self.is_active and self.stock > 0


def product_image_upload_to(instance, filename):
    return f"products/{instance.product_id or 'new'}/{filename}"


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(
        _("photograph"),
        upload_to=product_image_upload_to,
        max_length=255,
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=200,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # [{"width": 320, "height": 320, "webp": "<storage name>", "jpeg": "<storage name>"}, ...],
    # smallest first; kept on the row so listings need no extra query per photo.
    renditions = models.JSONField(_("renditions"), default=list, blank=True, editable=False)
    # A small square JPEG (images.THUMBNAIL_SIDE) for gallery strips, carts and orders.
    thumbnail = models.ImageField(_("thumbnail"), max_length=255, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self):
        return self.alt_text


class Collection(SlugPerLanguage):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    slug_sr_latn = models.SlugField(
        _("slug in Serbian"), max_length=140, unique=True, null=True, blank=True
    )
    url_name = "catalog:collection"
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.name


class ExchangeRate(models.Model):
    """The National Bank of Serbia middle rate: how many dinars one euro costs on `date`."""

    class Source(models.TextChoices):
        NBS = "nbs", _("Fetched automatically")
        MANUAL = "manual", _("Entered by staff")

    date = models.DateField(_("date"), unique=True)
    eur_rsd = models.DecimalField(
        _("RSD per 1 EUR (NBS middle rate)"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-date"]
        get_latest_by = "date"
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.CheckConstraint(condition=Q(eur_rsd__gt=0), name="catalog_rate_positive")
        ]

    def __str__(self):
        return f"{self.date}: 1 EUR = {self.eur_rsd} RSD"
