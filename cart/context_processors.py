from .selectors import cart_item_count
from .services import CART_SESSION_KEY


def cart(request):
    """The number of items for the header's cart link (one query, only when a cart exists)."""
    return {
        "cart_item_count": lambda: cart_item_count(
            request.session.get(CART_SESSION_KEY), request.user
        )
    }


def header_count_from(summary) -> dict:
    """For a page that has priced the cart already: the header's count from that cart, instead
    of the query `cart` above would make."""
    return {"cart_item_count": summary.item_count}
