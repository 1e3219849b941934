import io
from decimal import Decimal

import factory

from catalog import services
from catalog.demo_images import draw_piece
from catalog.models import (
    Category,
    Collection,
    ExchangeRate,
    Material,
    Product,
    ProductImage,
    Variant,
)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    name = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Piece {n}")
    slug = factory.Sequence(lambda n: f"piece-{n}")
    description = "A handmade piece from our Belgrade studio."
    is_published = True
    material = Material.SILVER
    fineness = "925"
    weight_grams = Decimal("4.20")
    dimensions = "20 × 10 mm"
    manufacturer = "C'est Moi Art Jewelry d.o.o., Belgrade"


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    price = Decimal("4990.00")
    stock = 5


class ExchangeRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeRate
        django_get_or_create = ["date"]

    eur_rsd = Decimal("117.2000")


def stored_photo(kind="ring", size=400):
    """A real photo stored with its renditions, as the admin upload would leave it."""
    return services.photo_files_store(upload=io.BytesIO(draw_piece(kind, size=size)), folder="test")


def photo_for(product, stored, position=0):
    return ProductImage.objects.create(
        product=product,
        image=stored.name,
        width=stored.width,
        height=stored.height,
        renditions=stored.renditions,
        thumbnail=stored.thumbnail,
        alt_text=f"{product.name}, photo {position + 1}",
        position=position,
    )


def product_with_variant(**kwargs):
    price = kwargs.pop("price", Decimal("4990.00"))
    stock = kwargs.pop("stock", 5)
    product = ProductFactory(**kwargs)
    VariantFactory(product=product, price=price, stock=stock)
    return product


def bulk_products(category, count, *, stored, prefix="bulk", price=Decimal("3000.00")):
    """`count` published products with one variant and one photo each, written in bulk."""
    products = Product.objects.bulk_create(
        [
            Product(
                category=category,
                name=f"{prefix.title()} ring {n}",
                slug=f"{prefix}-ring-{n}",
                description="A silver ring with a garnet.",
                is_published=True,
                material=Material.SILVER,
                weight_grams=Decimal("3.00"),
                manufacturer="C'est Moi",
            )
            for n in range(count)
        ]
    )
    Variant.objects.bulk_create(
        [
            Variant(product=p, sku=f"{prefix}-{n}", price=price + n, stock=n % 4)
            for n, p in enumerate(products)
        ]
    )
    ProductImage.objects.bulk_create(
        [
            ProductImage(
                product=p,
                image=stored.name,
                width=stored.width,
                height=stored.height,
                renditions=stored.renditions,
                thumbnail=stored.thumbnail,
                alt_text=p.name,
            )
            for p in products
        ]
    )
    return products
