"""What the HTTP clients of the payment providers share."""

import requests
from urllib3.exceptions import NewConnectionError


def never_connected(error: BaseException | None) -> bool:
    """Whether a requests error means no connection was ever made (a refused or timed-out
    connect, an unknown host): then nothing was sent. A read timeout or a connection dropped
    while waiting for the answer is not that: the provider may have acted."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error and error.args else None
    return isinstance(error, requests.ConnectionError) and isinstance(reason, NewConnectionError)
