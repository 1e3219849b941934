"""Stock held for orders. Rows are locked in primary-key order so that concurrent buyers queue
on the same variants instead of deadlocking, and availability is checked again under the lock
(checking before the lock is how shops oversell)."""

from django.db.models import F
from django.utils.translation import gettext as _

from catalog.models import Variant
from catalog.rules import shortage_message
from catalog.services import variant_stock_moved


class StockShortage(Exception):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def stock_take(wanted: dict[int, int]) -> dict[int, Variant]:
    """Take `wanted` (variant id → quantity) off the shelf, or nothing at all (StockShortage
    says why, in words for the shopper). Returns the locked variants as they are now, so
    that the caller prices the order at today's prices. Must run inside a transaction."""
    variants = {
        variant.pk: variant
        for variant in Variant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=wanted)
        .order_by("pk")
    }
    problems = []
    for variant_id, quantity in wanted.items():
        variant = variants.get(variant_id)
        if variant is None or not variant.is_active or not variant.product.is_published:
            problems.append(_("%(item)s is no longer sold.") % {"item": variant or _("An item")})
        elif variant.stock < quantity:
            problems.append(shortage_message(variant))
    if problems:
        raise StockShortage(problems)
    for variant_id, quantity in sorted(wanted.items()):
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") - quantity)
    variant_stock_moved(
        variants=variants.values(), changes={pk: -quantity for pk, quantity in wanted.items()}
    )
    return variants


def stock_put_back(returned: dict[int, int]) -> None:
    """Return held stock to the shelf. Must run inside a transaction."""
    # Lock in the same order as stock_take does.
    variants = list(
        Variant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=returned)
        .order_by("pk")
    )
    for variant_id, quantity in sorted(returned.items()):
        Variant.objects.filter(pk=variant_id).update(stock=F("stock") + quantity)
    variant_stock_moved(variants=variants, changes=returned)
