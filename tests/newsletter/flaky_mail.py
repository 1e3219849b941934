"""A mail server that hangs up once after accepting a number of messages (an outside service
failing in the middle of a batch), then accepts again."""

from django.core.mail.backends.locmem import EmailBackend

_state = {"accept_before_failing": None}


def hang_up_once_after(count: int) -> None:
    _state["accept_before_failing"] = count


class FlakyEmailBackend(EmailBackend):
    def send_messages(self, messages):
        remaining = _state["accept_before_failing"]
        if remaining == 0:
            _state["accept_before_failing"] = None
            raise ConnectionError("The mail server hung up")
        if remaining is not None:
            _state["accept_before_failing"] = remaining - 1
        return super().send_messages(messages)
