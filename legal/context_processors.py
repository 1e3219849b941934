from .consumer_law import deadlines
from .seller import SELLER


def seller_and_deadlines(request):
    """Every page may name the seller and quote the legal deadlines."""
    return {"seller": SELLER, "legal_deadlines": deadlines()}
