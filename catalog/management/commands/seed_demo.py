"""A deterministic demo catalog: the same categories, collections, products, variants,
declarations and Pillow-drawn photos on every run. `--products 10000` is what the benchmark uses;
photos are drawn once and shared, rows are written with bulk_create."""

import datetime
import io
import random
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from catalog import services
from catalog.cache import catalog_cache_invalidate
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

SEED = 20251124
BATCH = 2000
EPOCH = datetime.datetime(2025, 1, 1, 9, 0, tzinfo=datetime.UTC)
DEMO_RATE = Decimal("117.2000")

TREE = [
    ("Rings", "rings", "ring", [("Silver rings", "silver-rings"), ("Gold rings", "gold-rings")]),
    ("Necklaces", "necklaces", "necklace", [("Pendants", "pendants"), ("Chains", "chains")]),
    ("Earrings", "earrings", "earrings", [("Studs", "studs"), ("Drop earrings", "drop-earrings")]),
    (
        "Bracelets",
        "bracelets",
        "bracelet",
        [("Bangles", "bangles"), ("Chain bracelets", "chain-bracelets")],
    ),
]
COLLECTIONS = [
    ("New", "new", "The newest pieces from our Belgrade studio."),
    ("Gifts", "gifts", "Pieces that make a good present, most under 6,000 dinars."),
    ("Wedding", "wedding", "Rings and fine pieces for the big day."),
]
KIND_NOUN = {"ring": "Ring", "necklace": "Necklace", "earrings": "Earrings", "bracelet": "Bracelet"}
MOTIFS = [
    "Danube",
    "Kalemegdan",
    "Sava",
    "Dorćol",
    "Avala",
    "Zemun",
    "Vračar",
    "Topčider",
    "Lily",
    "Olive",
    "Wave",
    "Moon",
    "Ivy",
    "Raindrop",
    "Comet",
    "Pebble",
]
STYLES = [
    "Hammered",
    "Twisted",
    "Braided",
    "Polished",
    "Brushed",
    "Filigree",
    "Minimal",
    "Textured",
]
STONES = ["", "", "garnet", "amethyst", "freshwater pearl", "onyx", "turquoise", "cubic zirconia"]
MATERIALS = [
    (Material.SILVER, "925", ("silver", 0)),
    (Material.SILVER, "925", ("silver", 1)),
    (Material.GOLD_PLATED_SILVER, "925, 1 µm gold", ("gold", 0)),
    (Material.GOLD, "585 (14 kt)", ("gold", 1)),
    (Material.ROSE_GOLD, "585 (14 kt)", ("rose", 0)),
    (Material.WHITE_GOLD, "750 (18 kt)", ("silver", 2)),
    (Material.BRASS, "", ("gold", 2)),
]
RING_SIZES = ["52", "54", "56", "58", "60"]
CHAIN_LENGTHS = ["42 cm", "45 cm", "50 cm"]


class Command(BaseCommand):
    help = "Load the deterministic demo catalog (skipped when the catalog already has products)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=120, help="How many products (default 120)."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete the existing catalog first."
        )

    def handle(self, *args, products, replace, **options):
        if products < 1:
            raise CommandError("--products must be at least 1.")
        if Product.objects.exists():
            if not replace:
                self.stdout.write(
                    "The catalog already has products; nothing loaded (use --replace)."
                )
                return
            self._delete_catalog()
        rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
        photos = self._draw_photos()
        with transaction.atomic():
            leaves = self._categories()
            collections = self._collections()
            self._products(products, rng, leaves, collections, photos)
            ExchangeRate.objects.get_or_create(
                date=timezone.localdate(), defaults={"eur_rsd": DEMO_RATE}
            )
        catalog_cache_invalidate()
        self.stdout.write(self.style.SUCCESS(f"Loaded a demo catalog of {products} products."))

    def _delete_catalog(self):
        with transaction.atomic():
            Product.objects.all().delete()
            Collection.objects.all().delete()
            Category.objects.filter(parent__isnull=False).delete()
            Category.objects.all().delete()

    def _draw_photos(self):
        """Two photos per kind and metal, stored once and shared by every demo product."""
        photos = {}
        for kind in KIND_NOUN:
            for metal, variant in sorted({m[2] for m in MATERIALS}):
                key = (kind, metal, variant)
                photos[key] = [
                    services.photo_files_store(
                        upload=io.BytesIO(draw_piece(kind, metal=metal, variant=variant + shot)),
                        folder="demo",
                    )
                    for shot in (0, 1)
                ]
        return photos

    def _categories(self):
        leaves = []
        for position, (name, slug, kind, children) in enumerate(TREE):
            parent = Category.objects.create(
                name=name,
                slug=slug,
                position=position,
                description=f"Handmade {name.lower()} from our Belgrade studio.",
            )
            for child_position, (child_name, child_slug) in enumerate(children):
                child = Category.objects.create(
                    name=child_name, slug=child_slug, parent=parent, position=child_position
                )
                leaves.append((child, kind))
        return leaves

    def _collections(self):
        return {
            slug: Collection.objects.create(name=name, slug=slug, description=text, position=i)
            for i, (name, slug, text) in enumerate(COLLECTIONS)
        }

    def _products(self, count, rng, leaves, collections, photos):
        products, variant_rows, photo_rows, memberships = [], [], [], []
        for number in range(1, count + 1):
            category, kind = leaves[(number - 1) % len(leaves)]
            material, fineness, _look = MATERIALS[rng.randrange(len(MATERIALS))]
            motif, style, stone = rng.choice(MOTIFS), rng.choice(STYLES), rng.choice(STONES)
            name = f"{motif} {style} {KIND_NOUN[kind]}"
            personalised = number % 15 == 0
            products.append(
                Product(
                    category=category,
                    name=name + (" with engraving" if personalised else ""),
                    slug=f"{slugify(name)}-{number}",
                    description=(
                        f"A {style.lower()} {KIND_NOUN[kind].lower()} in "
                        f"{Material(material).label.lower()}"
                        f"{' with ' + stone if stone else ''}, inspired by {motif}. "
                        "Made by hand in our Belgrade studio and finished with care, "
                        "it is light enough to wear every day."
                        + (" We engrave the initials or date you give us." if personalised else "")
                    ),
                    care_instructions="Keep dry and away from perfume. Polish with a soft cloth.",
                    is_published=number % 50 != 0,
                    is_personalised=personalised,
                    material=material,
                    fineness=fineness,
                    stones=stone,
                    weight_grams=Decimal(rng.randrange(150, 2500)) / 100,
                    dimensions=rng.choice(["12 × 8 mm", "18 × 18 mm", "Ø 20 mm", "25 × 6 mm"]),
                    country_of_origin="Serbia",
                    manufacturer="C'est Moi Art Jewelry d.o.o., Balkanska 2, Belgrade",
                    importer="",
                    created_at=EPOCH + datetime.timedelta(hours=number),
                )
            )
        Product.objects.bulk_create(products, batch_size=BATCH)
        for number, product in enumerate(products, start=1):
            kind = leaves[(number - 1) % len(leaves)][1]
            gold = product.material in {Material.GOLD, Material.ROSE_GOLD, Material.WHITE_GOLD}
            base = Decimal(rng.randrange(1800, 9000) * (8 if gold else 1)) // 10 * 10
            options = (
                RING_SIZES if kind == "ring" else CHAIN_LENGTHS if kind == "necklace" else [""]
            )
            for position, option in enumerate(options):
                variant_rows.append(
                    Variant(
                        product=product,
                        sku=f"CM-{number:05d}-{position + 1}",
                        option=f"Size {option}" if kind == "ring" else option,
                        price=base + Decimal(300 * position if kind == "necklace" else 0),
                        stock=rng.choice([0, 1, 2, 3, 5, 8, 12]),
                        position=position,
                    )
                )
            look = next(m[2] for m in MATERIALS if m[0] == product.material)
            shared = photos[(kind, *look)]
            for position in range(1 + number % 2):
                stored = shared[position]
                photo_rows.append(
                    ProductImage(
                        product=product,
                        image=stored.name,
                        width=stored.width,
                        height=stored.height,
                        renditions=stored.renditions,
                        alt_text=f"{product.name}, photo {position + 1}",
                        position=position,
                    )
                )
            if number > count - 24:
                memberships.append((product, collections["new"]))
            if base < 6000 and number % 3 == 0:
                memberships.append((product, collections["gifts"]))
            if kind == "ring" and gold and number % 2 == 0:
                memberships.append((product, collections["wedding"]))
        Variant.objects.bulk_create(variant_rows, batch_size=BATCH)
        ProductImage.objects.bulk_create(photo_rows, batch_size=BATCH)
        through = Product.collections.through
        through.objects.bulk_create(
            [through(product=p, collection=c) for p, c in memberships], batch_size=BATCH
        )
