from .seller import SELLER


def seller(request):
    return {"seller": SELLER}
