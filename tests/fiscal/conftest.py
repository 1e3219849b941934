import pytest

FISCAL_TASKS = {
    "order_paid": ["fiscal.order_paid"],
    "order_shipped": ["fiscal.order_shipped"],
    "refund_completed": ["fiscal.refund_completed"],
}


@pytest.fixture
def fake_vsdc(settings):
    """The fake V-SDC (devtools.fake_vsdc) on a free 127.0.0.1 port, the shop's ESIR client
    pointed at it with short timeouts, and the orders app's events issuing receipts."""
    from devtools.fake_vsdc import FakeVsdcServer

    with FakeVsdcServer() as server:
        settings.VSDC_URL = server.url
        settings.VSDC_CONNECT_TIMEOUT = 1.0
        settings.VSDC_READ_TIMEOUT = 1.0
        settings.ORDER_EVENT_TASKS = FISCAL_TASKS
        yield server
