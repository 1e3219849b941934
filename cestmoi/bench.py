"""The framework's ceiling for bench/run_catalog.py: the cheapest response a request can get
through the shop's full middleware stack. Mounted only when BENCHMARK_VIEWS is on."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")
