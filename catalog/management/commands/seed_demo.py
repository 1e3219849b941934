"""A deterministic demo catalog: the same categories, collections, products, variants,
declarations and Pillow-drawn photos on every run. `--products 10000` is what the benchmark uses;
photos are drawn once and shared, rows are written with bulk_create. Every text is written in
English and in Serbian (Latin; Cyrillic is transliterated from it), and no two products share a
name: the motif and style pairs of a kind are dealt out in a shuffled order, and only a catalog
larger than all pairs numbers its second round ("… 2")."""

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
from catalog.rules import serbian_slug

SEED = 20251124
BATCH = 2000
EPOCH = datetime.datetime(2025, 1, 1, 9, 0, tzinfo=datetime.UTC)
DEMO_RATE = Decimal("117.2000")

# (English name, Serbian name, slug, kind, children as (English, Serbian, slug))
TREE = [
    (
        "Rings",
        "Prstenje",
        "rings",
        "ring",
        [
            ("Silver rings", "Srebrno prstenje", "silver-rings"),
            ("Gold rings", "Zlatno prstenje", "gold-rings"),
        ],
    ),
    (
        "Necklaces",
        "Ogrlice",
        "necklaces",
        "necklace",
        [("Pendants", "Privesci", "pendants"), ("Chains", "Lančići", "chains")],
    ),
    (
        "Earrings",
        "Minđuše",
        "earrings",
        "earrings",
        [("Studs", "Bubice", "studs"), ("Drop earrings", "Viseće minđuše", "drop-earrings")],
    ),
    (
        "Bracelets",
        "Narukvice",
        "bracelets",
        "bracelet",
        [
            ("Bangles", "Krute narukvice", "bangles"),
            ("Chain bracelets", "Narukvice od lančića", "chain-bracelets"),
        ],
    ),
]
COLLECTIONS = [
    (
        "New",
        "Novo",
        "new",
        "The newest pieces from our Belgrade studio.",
        "Najnoviji komadi iz našeg beogradskog ateljea.",
    ),
    (
        "Gifts",
        "Pokloni",
        "gifts",
        "Pieces that make a good present, most under 6,000 dinars.",
        "Komadi koji su lep poklon, većina ispod 6.000 dinara.",
    ),
    (
        "Wedding",
        "Venčanje",
        "wedding",
        "Rings and fine pieces for the big day.",
        "Prstenje i fini nakit za veliki dan.",
    ),
]
KIND_NOUN = {"ring": "Ring", "necklace": "Necklace", "earrings": "Earrings", "bracelet": "Bracelet"}
# Serbian nouns with the ending their adjectives take: masculine -i, feminine -a, plural -e.
KIND_NOUN_SR = {
    "ring": ("prsten", "i"),
    "necklace": ("ogrlica", "a"),
    "earrings": ("minđuše", "e"),
    "bracelet": ("narukvica", "a"),
}
# English motif → Serbian (Belgrade places keep their names).
MOTIFS = {
    "Danube": "Dunav",
    "Kalemegdan": "Kalemegdan",
    "Sava": "Sava",
    "Dorćol": "Dorćol",
    "Avala": "Avala",
    "Zemun": "Zemun",
    "Vračar": "Vračar",
    "Topčider": "Topčider",
    "Lily": "Ljiljan",
    "Olive": "Maslina",
    "Wave": "Talas",
    "Moon": "Mesec",
    "Ivy": "Bršljan",
    "Raindrop": "Kapljica",
    "Comet": "Kometa",
    "Pebble": "Oblutak",
}
# English style → the Serbian adjective's stem, completed by the noun's ending.
STYLES = {
    "Hammered": "kovan",
    "Twisted": "uvijen",
    "Braided": "pleten",
    "Polished": "poliran",
    "Brushed": "satiniran",
    "Filigree": "filigransk",
    "Minimal": "minimalističk",
    "Textured": "teksturisan",
}
# English stone → Serbian (as named, and after "sa": "with").
STONES = {
    "": ("", ""),
    "garnet": ("granat", "granatom"),
    "amethyst": ("ametist", "ametistom"),
    "freshwater pearl": ("slatkovodni biser", "slatkovodnim biserom"),
    "onyx": ("oniks", "oniksom"),
    "turquoise": ("tirkiz", "tirkizom"),
    "cubic zirconia": ("cirkon", "cirkonom"),
}
STONE_CHOICES = ["", "", *list(STONES)[1:]]
# What a piece is made "of" ("od srebra"), in the genitive.
MATERIAL_OF_SR = {
    Material.SILVER: "srebra",
    Material.GOLD: "zlata",
    Material.WHITE_GOLD: "belog zlata",
    Material.ROSE_GOLD: "roze zlata",
    Material.GOLD_PLATED_SILVER: "pozlaćenog srebra",
    Material.BRASS: "mesinga",
}
MATERIALS = [
    (Material.SILVER, "925", ("silver", 0)),
    (Material.SILVER, "925", ("silver", 1)),
    (Material.GOLD_PLATED_SILVER, "925, 1 µm gold", ("gold", 0)),
    (Material.GOLD, "585 (14 kt)", ("gold", 1)),
    (Material.ROSE_GOLD, "585 (14 kt)", ("rose", 0)),
    (Material.WHITE_GOLD, "750 (18 kt)", ("white_gold", 2)),
    (Material.BRASS, "", ("brass", 2)),
]
RING_SIZES = ["52", "54", "56", "58", "60"]
# Personalised demo pieces are engraved: a ring band holds fewer letters than a pendant.
ENGRAVING_LIMITS = {"ring": 20, "necklace": 30, "earrings": 12, "bracelet": 30}
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
        """Two photos per kind, metal and stone, drawn the first time a product needs them and
        shared by every demo product that looks the same."""
        photos = {}

        def photos_of(kind, metal, variant, stone):
            key = (kind, metal, variant, stone)
            if key not in photos:
                photos[key] = [
                    services.photo_files_store(
                        upload=io.BytesIO(
                            draw_piece(kind, metal=metal, stone=stone, variant=variant + shot)
                        ),
                        folder="demo",
                    )
                    for shot in (0, 1)
                ]
            return photos[key]

        return photos_of

    def _categories(self):
        leaves = []
        for position, (name, name_sr, slug, kind, children) in enumerate(TREE):
            parent = Category.objects.create(
                name_en=name,
                name_sr_latn=name_sr,
                slug=slug,
                slug_sr_latn=serbian_slug(name_sr),
                position=position,
                description_en=f"Handmade {name.lower()} from our Belgrade studio.",
                description_sr_latn=f"{name_sr}: ručni rad iz našeg beogradskog ateljea.",
            )
            for child_position, (child_name, child_name_sr, child_slug) in enumerate(children):
                child = Category.objects.create(
                    name_en=child_name,
                    name_sr_latn=child_name_sr,
                    slug=child_slug,
                    slug_sr_latn=serbian_slug(child_name_sr),
                    parent=parent,
                    position=child_position,
                )
                leaves.append((child, kind))
        return leaves

    def _collections(self):
        return {
            slug: Collection.objects.create(
                name_en=name,
                name_sr_latn=name_sr,
                slug=slug,
                slug_sr_latn=serbian_slug(name_sr),
                description_en=text,
                description_sr_latn=text_sr,
                position=i,
            )
            for i, (name, name_sr, slug, text, text_sr) in enumerate(COLLECTIONS)
        }

    def _products(self, count, rng, leaves, collections, photos):
        products, variant_rows, photo_rows, memberships = [], [], [], []
        pairs = [(motif, style) for motif in MOTIFS for style in STYLES]
        shuffled, dealt = {}, dict.fromkeys(KIND_NOUN, 0)
        for number in range(1, count + 1):
            category, kind = leaves[(number - 1) % len(leaves)]
            material, fineness, _look = MATERIALS[rng.randrange(len(MATERIALS))]
            stone = rng.choice(STONE_CHOICES)
            round_number, position = divmod(dealt[kind], len(pairs))
            dealt[kind] += 1
            if position == 0:
                shuffled[kind] = rng.sample(pairs, len(pairs))
            motif, style = shuffled[kind][position]
            personalised = number % 15 == 0
            texts = _product_texts(kind, motif, style, stone, material, personalised, round_number)
            products.append(
                Product(
                    category=category,
                    **texts,
                    slug=f"{slugify(texts['name_en'])}-{number}",
                    slug_sr_latn=f"{serbian_slug(texts['name_sr_latn'])}-{number}",
                    is_published=number % 50 != 0,
                    is_personalised=personalised,
                    engraving_max_length=ENGRAVING_LIMITS[kind] if personalised else None,
                    material=material,
                    fineness=fineness,
                    weight_grams=Decimal(rng.randrange(150, 2500)) / 100,
                    dimensions=rng.choice(["12 × 8 mm", "18 × 18 mm", "Ø 20 mm", "25 × 6 mm"]),
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
                        option_en=f"Size {option}" if kind == "ring" else option,
                        option_sr_latn=f"Veličina {option}" if kind == "ring" else option,
                        price=base + Decimal(300 * position if kind == "necklace" else 0),
                        stock=rng.choice([0, 1, 2, 3, 5, 8, 12]),
                        position=position,
                    )
                )
            look = next(m[2] for m in MATERIALS if m[0] == product.material)
            shared = photos(kind, *look, product.stones_en)
            for position in range(1 + number % 2):
                stored = shared[position]
                photo_rows.append(
                    ProductImage(
                        product=product,
                        image=stored.name,
                        width=stored.width,
                        height=stored.height,
                        renditions=stored.renditions,
                        thumbnail=stored.thumbnail,
                        alt_text_en=f"{product.name_en}, photo {position + 1}",
                        alt_text_sr_latn=f"{product.name_sr_latn}, fotografija {position + 1}",
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


def _product_texts(kind, motif, style, stone, material, personalised, round_number) -> dict:
    """A product's name, description and declaration texts in English and Serbian (Latin)."""
    series = f" {round_number + 1}" if round_number else ""
    noun_sr, ending = KIND_NOUN_SR[kind]
    adjective_sr = STYLES[style] + ending
    stone_sr, with_stone_sr = STONES[stone]
    # Serbian participles agree with the noun: "izrađen" prsten, "izrađena" ogrlica.
    agree = {"i": "", "a": "a", "e": "e"}[ending]
    is_sr = "su" if ending == "e" else "je"
    return {
        "name_en": f"{motif} {style} {KIND_NOUN[kind]}{series}"
        + (" with engraving" if personalised else ""),
        "name_sr_latn": f"{adjective_sr.capitalize()} {noun_sr} {MOTIFS[motif]}{series}"
        + (" sa gravurom" if personalised else ""),
        "description_en": (
            f"A {style.lower()} {KIND_NOUN[kind].lower()} in {Material(material).label.lower()}"
            f"{' with ' + stone if stone else ''}, inspired by {motif}. "
            "Made by hand in our Belgrade studio and finished with care, "
            "it is light enough to wear every day."
            + (" We engrave the initials or date you give us." if personalised else "")
        ),
        "description_sr_latn": (
            f"{adjective_sr.capitalize()} {noun_sr} od {MATERIAL_OF_SR[material]}"
            f"{' sa ' + with_stone_sr if stone else ''}, inspirisan{agree} motivom "
            f"{MOTIFS[motif]}. Ručno izrađen{agree} u našem beogradskom ateljeu i pažljivo "
            f"doteran{agree}, dovoljno {is_sr} lagan{agree} za svakodnevno nošenje."
            + (" Graviramo inicijale ili datum koji nam zadate." if personalised else "")
        ),
        "care_instructions_en": "Keep dry and away from perfume. Polish with a soft cloth.",
        "care_instructions_sr_latn": "Čuvajte na suvom, dalje od parfema. Čistite mekom krpom.",
        "stones_en": stone,
        "stones_sr_latn": stone_sr,
        "country_of_origin_en": "Serbia",
        "country_of_origin_sr_latn": "Srbija",
        "manufacturer_en": "C'est Moi Art Jewelry d.o.o., Balkanska 2, Belgrade",
        "manufacturer_sr_latn": "C'est Moi Art Jewelry d.o.o., Balkanska 2, Beograd",
    }
