"""python -m devtools.fake_courier [port]: a fake courier API until Ctrl+C."""

import sys
import time

from .server import FakeCourierServer

with FakeCourierServer(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0) as courier:
    print(f"Fake courier API at {courier.url} (Ctrl+C stops it)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
