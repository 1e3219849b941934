from django import template
from django.utils import timezone

from cestmoi.dashboard import panels_for

from ..charts import HEIGHT, LABEL_SPACE, WIDTH, bar_chart
from ..selectors import paid_sales_per_day

register = template.Library()


@register.inclusion_tag("admin/orders/dashboard.html", takes_context=True)
def orders_dashboard(context):
    request = context["request"]
    sales = None
    if request.user.has_perm("orders.view_order"):
        points = paid_sales_per_day(today=timezone.localdate(), days=30)
        sales = {
            "bars": bar_chart(points),
            "points": points,
            "total": sum(value for _day, value in points),
            "width": WIDTH,
            "height": HEIGHT,
            "baseline": HEIGHT - LABEL_SPACE,
        }
    return {"panels": panels_for(request), "sales": sales}
