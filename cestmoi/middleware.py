from django.utils.cache import add_never_cache_headers

# Where cestmoi/urls.py mounts django-allauth.
ALLAUTH_PATH = "/accounts/"


def allauth_never_cache(get_response):
    """django-allauth's pages (e-mail addresses, password, e-mail confirmation) show the
    visitor's own e-mail address. Its views are not ours to decorate, so their responses get
    never_cache's headers (private, no-store) here; the shop's own views are decorated."""

    def middleware(request):
        response = get_response(request)
        if request.path_info.startswith(ALLAUTH_PATH):
            add_never_cache_headers(response)
        return response

    return middleware
