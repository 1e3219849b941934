"""What the shop's views hand their forms."""


def posted(request):
    """The POST data, or None for any other method. An empty POST (nothing filled in) still
    binds the form, so that it says what is missing instead of showing the blank form again;
    `request.POST or None` would not."""
    return request.POST if request.method == "POST" else None
